// Who redeems, as each interface names it: the one place that says which
// login keys make a client address "known" to the throttle for a
// redemption (lib/auth/throttle.ts). The self-care page, the account page
// and XML-RPC rechargeVoucher build their Redeemer here, so the concurrency
// proof (redeem-concurrency.int.test.ts) runs the very calls they make.
import type { Principal } from "@/lib/access/access";
import { loginKey } from "@/lib/auth/login-key";
import type { Redeemer } from "./redeem";

/** The account on its self-care page: its own sign-in addresses are known. */
export function selfCareRedeemer(account: { id: number; username: string }): Redeemer {
  return { kind: "account", accountId: account.id, loginKey: loginKey(account.username) };
}

/** The account's owner on the account's page: the addresses it signs in to the web from are known. */
export function ownerRedeemer(viewer: Principal & { webLogin: string }, accountId: number): Redeemer {
  return { kind: "customer", viewer, accountId, loginKeys: [loginKey(viewer.webLogin)] };
}

/**
 * The owner through XML-RPC rechargeVoucher: the addresses its scripts
 * authenticated from (Digest, key "api:<login>") and its web sign-ins are
 * known, so a back-office server redeeming for many callers is not refused
 * for what strangers guessed.
 */
export function apiRedeemer(viewer: Principal & { webLogin: string }, accountId: number): Redeemer {
  const key = loginKey(viewer.webLogin);
  return { kind: "customer", viewer, accountId, loginKeys: [`api:${key}`, key] };
}
