import { describe, expect, it } from "vitest";
import { XMLValidator } from "fast-xml-parser";
import { double, encodeValue, faultResponse, methodResponse, parseMethodCall, XmlRpcParseError } from "./codec";

const call = (value: string, name = "m") =>
  `<?xml version="1.0"?><methodCall><methodName>${name}</methodName><params><param><value>${value}</value></param></params></methodCall>`;

describe("parseMethodCall", () => {
  it("reads every XML-RPC type, keeping doubles as their exact text", () => {
    const xml = call(
      `<struct>
        <member><name>i</name><value><i4>42</i4></value></member>
        <member><name>amount</name><value><double>50.12</double></value></member>
        <member><name>s</name><value>plain &amp; &lt;escaped&gt;</value></member>
        <member><name>b</name><value><boolean>1</boolean></value></member>
        <member><name>n</name><value><nil/></value></member>
        <member><name>a</name><value><array><data><value><int>1</int></value><value><string>x</string></value></data></array></value></member>
      </struct>`,
      "customerDebit",
    );
    expect(parseMethodCall(xml)).toEqual({
      methodName: "customerDebit",
      params: [{ i: 42, amount: double("50.12"), s: "plain & <escaped>", b: true, n: null, a: [1, "x"] }],
    });
  });

  it("keeps a double's digits beyond a float's precision", () => {
    expect(parseMethodCall(call("<double>9007199254740993.123456</double>")).params[0]).toEqual(double("9007199254740993.123456"));
  });

  it("refuses DTDs, malformed XML, unknown types and oversized integers", () => {
    for (const bad of [
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${call("&a;")}`,
      "<methodCall><methodName>m</methodName><params>",
      call("<float>1.5</float>"),
      call("<int>99999999999999999999</int>"),
      call("<boolean>yes</boolean>"),
      call("<double>1,5</double>"),
      "<notACall/>",
      "",
    ]) {
      expect(() => parseMethodCall(bad), bad.slice(0, 60)).toThrow(XmlRpcParseError);
    }
  });

  it("decodes character references and the predefined entities, as clients that escape non-ASCII text send them", () => {
    const value = (text: string) => parseMethodCall(call(`<string>${text}</string>`)).params[0];
    expect(value("Caf&#233; &#xE9;t&#xe9; &#x1F600; A&amp;B &lt;x&gt; &quot;q&quot; &apos;a&apos;")).toBe("Café été \u{1F600} A&B <x> \"q\" 'a'");
    // A direction override sent as a reference is the real character (the fields refuse it by name).
    expect(value("a&#x202E;b")).toBe("a\u202Eb");
    // CDATA is taken as it is.
    expect(value("<![CDATA[a&b <c> &#233;]]>")).toBe("a&b <c> &#233;");
    expect(parseMethodCall(call("<![CDATA[untyped & raw]]>")).params[0]).toBe("untyped & raw");
    // Names are decoded too.
    expect(parseMethodCall(call("<struct><member><name>caf&#233;</name><value>1</value></member></struct>")).params[0]).toEqual({ "café": "1" });
  });

  it("refuses what XML 1.0 does not allow: control characters raw or as references, undefined entities, a bare &", () => {
    for (const bad of ["a\u0001b", "a&#1;b", "a&#x0;b", "a&#xFFFE;b", "a&#x110000;b", "a&copy;b", "a&nbsp;b", "a & b", "a&#b;"]) {
      expect(() => parseMethodCall(call(`<string>${bad}</string>`)), JSON.stringify(bad)).toThrow(XmlRpcParseError);
    }
    // Tab and line breaks are fine.
    expect(parseMethodCall(call("<string>a\tb\nc&#9;&#10;</string>")).params[0]).toBe("a\tb\nc\t\n");
  });

  it("refuses values nested absurdly deep", () => {
    const deep = "<array><data><value>".repeat(40) + "1" + "</value></data></array>".repeat(40);
    expect(() => parseMethodCall(call(deep))).toThrow(XmlRpcParseError);
  });
});

describe("responses", () => {
  it("round-trips through the parser", () => {
    const value = { result: "OK", customer: { balance: double("-49.88"), name: "A & B <c>", blocked: 0, tags: [true, null] } };
    const body = methodResponse(value).replace("methodResponse", "methodCall").replace("<params>", "<methodName>x</methodName><params>").replace("</methodResponse>", "</methodCall>");
    expect(parseMethodCall(body).params[0]).toEqual(value);
  });

  it("writes faults with a code and a string", () => {
    expect(faultResponse(404, "Not found.")).toContain(
      "<fault><value><struct><member><name>faultCode</name><value><int>404</int></value></member><member><name>faultString</name><value><string>Not found.</string></value></member></struct></value></fault>",
    );
  });

  it("stays well-formed XML whatever text it carries: characters XML cannot hold become U+FFFD", () => {
    const body = faultResponse(-32601, "Method not found: a\u0001b\u001fc\ud800d\uffffe\ttab.");
    expect(body).toContain("<string>Method not found: a\ufffdb\ufffdc\ufffdd\ufffde\ttab.</string>");
    expect(XMLValidator.validate(body)).toBe(true);
    // A well-formed pair (an emoji) is kept.
    expect(encodeValue("\u{1F600}")).toBe("<value><string>\u{1F600}</string></value>");
  });

  it("never sends a float: a fractional number must be a double()", () => {
    expect(() => encodeValue(0.1)).toThrow();
    expect(encodeValue(new Date(Date.UTC(2026, 3, 7, 9, 57, 29)))).toBe("<value><dateTime.iso8601>20260407T09:57:29</dateTime.iso8601></value>");
  });
});
