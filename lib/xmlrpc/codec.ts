// XML-RPC on the wire: parses a methodCall, writes a methodResponse or a
// fault. Doubles stay the exact decimal text that was sent (money is never a
// float here), documents with a DTD are refused outright (no entity
// expansion, no external entities), and anything malformed is a parse error
// the route answers as a fault, never a stack trace.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export const MAX_REQUEST_BYTES = 1024 * 1024;

/** A <double> as sent: its decimal text, parsed exactly where it is used. */
export interface XmlRpcDouble {
  kind: "double";
  text: string;
}
export interface XmlRpcDateTime {
  kind: "dateTime";
  text: string;
}
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | XmlRpcDouble
  | XmlRpcDateTime
  | Buffer
  | XmlRpcValue[]
  | { [member: string]: XmlRpcValue };

export class XmlRpcParseError extends Error {}

export const double = (text: string): XmlRpcDouble => ({ kind: "double", text });
export const isDouble = (v: unknown): v is XmlRpcDouble =>
  typeof v === "object" && v !== null && (v as XmlRpcDouble).kind === "double" && typeof (v as XmlRpcDouble).text === "string";

const CDATA = "#cdata";

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  // References are decoded below, exactly as XML defines them (the parser's
  // own decoding left "&#233;" as it was and dropped "&#1;").
  processEntities: false,
  htmlEntities: false,
  // CDATA is kept apart: its text is taken as it is, with no references to decode.
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Node = Record<string, unknown>;
const TEXT = "#text";

function tagOf(node: Node): string {
  const key = Object.keys(node).find((k) => k !== ":@");
  if (!key) throw new XmlRpcParseError("empty element");
  return key;
}
function childrenOf(node: Node): Node[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as Node[]) : [];
}
/** Characters XML 1.0 allows: a reference to anything else (&#1;) is not well-formed. */
const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][\w.-]*));/g;

/**
 * Text with its references decoded: the five predefined entities and
 * character references (&#233; &#xE9;), as clients that escape non-ASCII
 * text send them. Any other entity is undefined (there is no DTD).
 */
function decodeReferences(raw: string): string {
  if (!raw.includes("&")) return raw;
  if (raw.replace(REFERENCE, "").includes("&")) throw new XmlRpcParseError("a bare & (write &amp;)");
  return raw.replace(REFERENCE, (ref: string, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) {
      const char = PREDEFINED[name];
      if (char === undefined) throw new XmlRpcParseError(`undefined entity ${ref.slice(0, 40)}`);
      return char;
    }
    const cp = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    if (!Number.isSafeInteger(cp) || !isXmlChar(cp)) throw new XmlRpcParseError(`${ref.slice(0, 20)} is not a character XML allows`);
    return String.fromCodePoint(cp);
  });
}

function textOf(node: Node): string {
  return childrenOf(node)
    .map((c) => {
      if (TEXT in c) return decodeReferences(String(c[TEXT]));
      if (CDATA in c) return (c[CDATA] as Node[]).map((t) => String(t[TEXT] ?? "")).join("");
      throw new XmlRpcParseError(`unexpected <${tagOf(c)}> inside a scalar`);
    })
    .join("");
}
/** Element children, skipping whitespace between them. */
function elements(node: Node): Node[] {
  return childrenOf(node).filter((c) => {
    if (TEXT in c) {
      if (String(c[TEXT]).trim() !== "") throw new XmlRpcParseError("unexpected text between elements");
      return false;
    }
    return true;
  });
}
function only(node: Node, tag: string): Node {
  const found = elements(node);
  if (found.length !== 1 || tagOf(found[0]!) !== tag) throw new XmlRpcParseError(`expected one <${tag}>`);
  return found[0]!;
}

const INT = /^[+-]?\d{1,10}$/;

function decodeValue(valueNode: Node, depth: number): XmlRpcValue {
  if (depth > 32) throw new XmlRpcParseError("values nested too deeply");
  if (childrenOf(valueNode).every((c) => TEXT in c || CDATA in c)) return textOf(valueNode); // <value>text</value> is a string
  const typed = elements(valueNode);
  if (typed.length !== 1) throw new XmlRpcParseError("a value holds one type");
  const node = typed[0]!;
  const tag = tagOf(node);
  switch (tag) {
    case "string":
      return textOf(node);
    case "int":
    case "i4":
    case "i8": {
      const text = textOf(node).trim();
      const n = INT.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) throw new XmlRpcParseError(`bad <${tag}>`);
      return n;
    }
    case "boolean": {
      const text = textOf(node).trim();
      if (text !== "0" && text !== "1") throw new XmlRpcParseError("bad <boolean>");
      return text === "1";
    }
    case "double": {
      const text = textOf(node).trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new XmlRpcParseError("bad <double>");
      return double(text);
    }
    case "dateTime.iso8601":
      return { kind: "dateTime", text: textOf(node).trim() };
    case "base64":
      return Buffer.from(textOf(node).replace(/\s+/g, ""), "base64");
    case "nil":
      return null;
    case "array": {
      const data = only(node, "data");
      return elements(data).map((v) => {
        if (tagOf(v) !== "value") throw new XmlRpcParseError("expected <value> in <data>");
        return decodeValue(v, depth + 1);
      });
    }
    case "struct": {
      const out: Record<string, XmlRpcValue> = Object.create(null);
      for (const member of elements(node)) {
        if (tagOf(member) !== "member") throw new XmlRpcParseError("expected <member> in <struct>");
        const parts = elements(member);
        const name = parts.find((p) => tagOf(p) === "name");
        const value = parts.find((p) => tagOf(p) === "value");
        if (!name || !value || parts.length !== 2) throw new XmlRpcParseError("a member has one <name> and one <value>");
        out[textOf(name)] = decodeValue(value, depth + 1);
      }
      return out;
    }
    default:
      throw new XmlRpcParseError(`unknown type <${tag}>`);
  }
}

export interface MethodCall {
  methodName: string;
  params: XmlRpcValue[];
}

export function parseMethodCall(xml: string): MethodCall {
  if (Buffer.byteLength(xml) > MAX_REQUEST_BYTES) throw new XmlRpcParseError("request too large");
  // No DTDs at all: that rules out entity expansion ("billion laughs") and external entities.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRpcParseError("DTDs are not accepted");
  // XML 1.0 has no place for C0 controls (but tab and line breaks), U+FFFE or U+FFFF, not even in text.
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(xml);
  if (control) throw new XmlRpcParseError(`U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not a character XML allows`);
  if (XMLValidator.validate(xml) !== true) throw new XmlRpcParseError("malformed XML");
  let parsed: Node[];
  try {
    parsed = parser.parse(xml) as Node[];
  } catch {
    throw new XmlRpcParseError("unreadable XML"); // e.g. the parser's own nesting limit
  }
  const roots = parsed.filter((n) => !(TEXT in n) || String(n[TEXT]).trim() !== "");
  const call = roots.find((n) => tagOf(n) === "methodCall");
  if (!call || roots.length !== 1) throw new XmlRpcParseError("expected one <methodCall>");
  const parts = elements(call);
  const name = parts.find((p) => tagOf(p) === "methodName");
  if (!name) throw new XmlRpcParseError("missing <methodName>");
  const methodName = textOf(name).trim();
  const paramsNode = parts.find((p) => tagOf(p) === "params");
  const params = paramsNode
    ? elements(paramsNode).map((p) => {
        if (tagOf(p) !== "param") throw new XmlRpcParseError("expected <param>");
        return decodeValue(only(p, "value"), 0);
      })
    : [];
  return { methodName, params };
}

/** Characters XML 1.0 cannot carry at all (not even as references): C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as element content; a character XML cannot carry becomes U+FFFD, so no answer is ever malformed. */
const escape = (s: string) => s.replace(NOT_XML, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function pad(n: number, width = 2) {
  return String(n).padStart(width, "0");
}

export function encodeValue(value: XmlRpcValue | Date | undefined): string {
  if (value === null || value === undefined) return "<value><nil/></value>";
  if (typeof value === "string") return `<value><string>${escape(value)}</string></value>`;
  if (typeof value === "boolean") return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error("only integers are sent as numbers; amounts go as double()");
    return `<value><int>${value}</int></value>`;
  }
  if (value instanceof Date) {
    const d = value;
    return `<value><dateTime.iso8601>${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}</dateTime.iso8601></value>`;
  }
  if (Buffer.isBuffer(value)) return `<value><base64>${value.toString("base64")}</base64></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join("")}</data></array></value>`;
  if (isDouble(value)) return `<value><double>${value.text}</double></value>`;
  if ((value as XmlRpcDateTime).kind === "dateTime") return `<value><dateTime.iso8601>${escape((value as XmlRpcDateTime).text)}</dateTime.iso8601></value>`;
  const members = Object.entries(value as Record<string, XmlRpcValue>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<member><name>${escape(k)}</name>${encodeValue(v)}</member>`)
    .join("");
  return `<value><struct>${members}</struct></value>`;
}

export function methodResponse(value: XmlRpcValue): string {
  return `<?xml version="1.0"?>\n<methodResponse><params><param>${encodeValue(value)}</param></params></methodResponse>\n`;
}

export function faultResponse(code: number, message: string): string {
  return `<?xml version="1.0"?>\n<methodResponse><fault>${encodeValue({ faultCode: code, faultString: message })}</fault></methodResponse>\n`;
}
