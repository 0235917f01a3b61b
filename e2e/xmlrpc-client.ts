// Test clients for the XML-RPC API, all independent of the server's code:
// the npm `xmlrpc` package's serializer and deserializer over `digest-fetch`
// (Digest from npm), Python's standard library, and curl --digest.
import { Readable } from "node:stream";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import DigestClient from "digest-fetch";
import Deserializer from "xmlrpc/lib/deserializer.js";
import { serializeMethodCall } from "xmlrpc/lib/serializer.js";
import { sql } from "./fixtures";
import { E2E } from "./settings";

export const API_URL = `${E2E.baseURL}/xmlapi/xmlapi`;

export class XmlRpcFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`${faultCode}: ${faultString}`);
  }
}

function deserialize(text: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from([text]), (raw, value) => {
      const error = raw as { faultCode?: number; faultString?: string } | null;
      if (error && typeof error.faultCode === "number") reject(new XmlRpcFault(error.faultCode, String(error.faultString)));
      else if (error) reject(error);
      else resolve(value);
    });
  });
}

/** An XML-RPC client with Digest authentication, as a back-office script would use. */
export function apiClient(login: string, password: string) {
  const digest = new DigestClient(login, password);
  return {
    async call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
      const response = await digest.fetch(API_URL, {
        method: "POST",
        headers: { "content-type": "text/xml" },
        body: serializeMethodCall(method, [params]),
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      return (await deserialize(await response.text())) as Record<string, unknown>;
    },
  };
}

/** Calls a method with Python's xmlrpc.client over urllib's Digest handler; returns the JSON of the result or fault. */
export function pythonCall(login: string, password: string, method: string, params: Record<string, unknown>): unknown {
  const script = `
import json, sys, urllib.request, xmlrpc.client
url, login, password, method, params = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
manager.add_password(None, url, login, password)
opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
body = xmlrpc.client.dumps((params,), method, allow_none=True).encode()
request = urllib.request.Request(url, data=body, headers={"Content-Type": "text/xml"})
try:
    (result,), _ = xmlrpc.client.loads(opener.open(request).read())
    print(json.dumps({"result": result}, default=str))
except xmlrpc.client.Fault as fault:
    print(json.dumps({"fault": fault.faultCode, "message": fault.faultString}))
`;
  return JSON.parse(execFileSync("python3", ["-c", script, API_URL, login, password, method, JSON.stringify(params)], { encoding: "utf8" }));
}

/** curl --digest with a raw body; returns the HTTP status and body. */
export function curlDigest(login: string, password: string, body: string): { status: number; body: string } {
  const out = execFileSync(
    "curl",
    ["-s", "--digest", "-u", `${login}:${password}`, "-H", "Content-Type: text/xml", "--data-binary", "@-", "-w", "\n%{http_code}", API_URL],
    { input: body, encoding: "utf8" },
  );
  const cut = out.lastIndexOf("\n");
  return { status: Number(out.slice(cut + 1)), body: out.slice(0, cut) };
}

/** What the server stores for an API password (RFC 7616 HA1), for test set-up. */
export const apiHa1 = (login: string, password: string) => createHash("md5").update(`${login}:switchboard:${password}`).digest("hex");

/** The API password the e2e tests give the customers they call as. */
export const API_PASSWORD = "Api-pass-2026!";
const API_ACCESS = 1 << 13; // lib/customers/rights.ts: api_access

/** Sets a customer's API password (and grants or removes its API right), as its parent would in the edit dialog. */
export async function grantApi(login: string, withRight = true) {
  await sql(`UPDATE customers SET api_digest_ha1 = $2, rights = CASE WHEN $3 THEN rights | $4 ELSE rights & ~$4 END WHERE login_key = $1`, [
    login,
    apiHa1(login, API_PASSWORD),
    withRight,
    API_ACCESS,
  ]);
}

/** Runs a Python script of tests/xmlrpc (standard library only) against the API; its JSON output, within `timeoutMs`. */
export function pythonScript(script: string, args: (string | number)[], timeoutMs = 60_000): unknown {
  const path = fileURLToPath(new URL(`../tests/xmlrpc/${script}`, import.meta.url));
  const out = execFileSync("python3", [path, API_URL, ...args.map(String)], { encoding: "utf8", timeout: timeoutMs, killSignal: "SIGKILL" });
  return JSON.parse(out);
}
