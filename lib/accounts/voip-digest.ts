// What the database keeps of an account's VoIP password: the SIP Digest HA1,
// MD5("authname:realm:password") (RFC 3261 / 2617), which is all a switch
// (Kamailio's auth_db with calculate_ha1 off) needs to check a REGISTER or
// INVITE. The password itself is never stored. The realm is the switch's SIP
// domain (SWITCHBOARD_SIP_REALM); it is stored beside each HA1, so a change of
// realm shows which accounts need a new VoIP password.
import { createHash } from "node:crypto";

export function sipRealm(): string {
  return process.env.SWITCHBOARD_SIP_REALM || "switchboard";
}

export function voipHa1(authname: string, password: string, realm = sipRealm()): string {
  return createHash("md5").update(`${authname}:${realm}:${password}`).digest("hex");
}
