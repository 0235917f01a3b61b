// What the database keeps of a customer's API password: the HTTP Digest HA1,
// MD5("web_login:realm:password") (RFC 7616), never the password itself. The
// realm is part of the stored value, so it is defined here, with the
// credential; the protocol code (lib/xmlrpc/digest.ts) sends it in its
// challenges. Domain code sets API passwords through this module and never
// imports protocol code.
import { createHash } from "node:crypto";

export const DIGEST_REALM = "switchboard";

export function digestHa1(webLogin: string, password: string): string {
  return createHash("md5").update(`${webLogin}:${DIGEST_REALM}:${password}`).digest("hex");
}
