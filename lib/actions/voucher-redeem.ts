"use server";
// Redeeming a voucher from the browser: the account on its self-care page
// ("Top up with a voucher"), and the account's owner on the account's page
// ("Redeem a voucher", for a caller on the phone). Both call the one
// redemption function (lib/vouchers/redeem.ts) with the redeemer its page
// stands for (lib/vouchers/redeemers.ts); the page is revalidated, so the
// balance and the transaction history show the top-up at once.
import { requireAccount } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";
import { redeemVoucher, type Redeemed, type Redeemer } from "@/lib/vouchers/redeem";
import { ownerRedeemer, selfCareRedeemer } from "@/lib/vouchers/redeemers";
import { redeemVoucherSchema, type RedeemVoucherValues } from "@/lib/vouchers/voucher-schema";
import { principalAction, serverAction } from "./server-action";

// Each refusal beside the field it is about: a wrong number or PIN is one
// answer (beside the PIN, which the message names with the number); a
// voucher that cannot be used is about the number. Throttling, a missing
// rate and the balance ceiling are about neither: above the button.
const FIELD_OF: Record<string, "number" | "pin"> = {
  voucherWrong: "pin",
  voucherUsed: "number",
  voucherDisabled: "number",
  voucherExpired: "number",
};

/** What the form shows after a top-up: amounts as scaled integers in text (exact; formatted in the page's language). */
export interface RedeemedView {
  number: string;
  value: string;
  voucherCurrency: string;
  payerAmount: string;
  accountCurrency: string;
  balanceAfter: string;
}

async function redeemBeside(redeemer: Redeemer, values: RedeemVoucherValues, ip: string | null): Promise<RedeemedView> {
  let done: Redeemed;
  try {
    done = await redeemVoucher(redeemer, values, ip);
  } catch (error) {
    const field = error instanceof DomainError && !error.field ? FIELD_OF[decodeProblem(error.problem).code] : undefined;
    throw field ? new DomainError((error as DomainError).problem, field) : error;
  }
  return {
    number: done.number,
    value: String(done.value),
    voucherCurrency: done.voucherCurrency,
    payerAmount: String(done.payerAmount),
    accountCurrency: done.accountCurrency,
    balanceAfter: String(done.balanceAfter),
  };
}

/** Self-care: the signed-in account tops itself up (no id argument: the account is the session's). */
export const redeemVoucherSelfCareAction = principalAction(
  requireAccount,
  () => {},
  { input: () => redeemVoucherSchema, revalidate: { path: "/self-care", layout: true } },
  ({ principal, ip, input }) => redeemBeside(selfCareRedeemer(principal), input, ip),
);

/** The account's page: its owner redeems one of its own vouchers for it; any other account is "not found". */
export const redeemVoucherForAccountAction = serverAction(
  { ids: ["accountId"], input: () => redeemVoucherSchema, access: ["voucher", "redeem"], revalidate: { path: "/accounts", layout: true } },
  ({ viewer, ip, ids, input }) => redeemBeside(ownerRedeemer(viewer, ids.accountId), input, ip),
);
