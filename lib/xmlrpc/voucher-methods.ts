// Sippy's rechargeVoucher ("Top-up Account using Recharge Voucher"): the
// calling customer tops up one of its own accounts with one of its own
// vouchers, through the same domain function as the self-care page and the
// account page (lib/vouchers/redeem.ts): same throttle, audit, ledger row and
// refusals. Only names and faults are mapped here; docs/xmlrpc.md
// ("Vouchers") lists every choice.
import "server-only";
import { findAccountByUsername } from "@/lib/accounts/accounts";
import { problemText } from "@/lib/errors/problem-text";
import { redeemVoucher } from "@/lib/vouchers/redeem";
import { apiRedeemer } from "@/lib/vouchers/redeemers";
import { redeemVoucherSchema } from "@/lib/vouchers/voucher-schema";
import { money, notFound, OK, type Method } from "./method";
import type { MethodName } from "./parameter-lists";
import { bad, int, str, type Struct } from "./params";

type VoucherMethodName = Extract<MethodName, "rechargeVoucher">;

// The form's field names as Sippy's parameters, for a malformed number or PIN.
const PARAM_OF = { number: "voucher_id", pin: "secret_pin" } as const;

/** The account to top up: i_account or username (Sippy takes either), the caller's own or "not found". */
async function accountId(s: Struct, viewer: Parameters<Method>[1]["viewer"]): Promise<number> {
  const id = int(s, "i_account");
  const username = str(s, "username");
  if (id !== undefined && username !== undefined) throw bad("username", "give i_account or username, not both");
  if (id === undefined && username === undefined) throw bad("i_account", "required (or username)");
  if (id !== undefined) return id;
  // Any account the caller may read is found here; redeemVoucher then refuses one that is not its own, as "not found".
  const found = await findAccountByUsername(viewer, "view", username!);
  if (!found) throw notFound();
  return found.id;
}

/** voucher_id and secret_pin as the web form reads them (digits; spaces and dashes dropped); malformed ones never count as a guess. */
function voucherOf(s: Struct) {
  if (s.i_voucher !== undefined) {
    throw bad("i_voucher", "Switchboard has no trusted mode: send voucher_id and secret_pin, as printed on the voucher");
  }
  const number = str(s, "voucher_id", true);
  // Sippy's PIN is optional (a voucher may have none); every Switchboard voucher has one.
  const pin = str(s, "secret_pin");
  if (pin === undefined) throw bad("secret_pin", "required: every voucher has a PIN");
  const parsed = redeemVoucherSchema.safeParse({ number, pin });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] as keyof typeof PARAM_OF;
    throw bad(PARAM_OF[field] ?? "voucher_id", problemText(issue.message));
  }
  return parsed.data;
}

const rechargeVoucher: Method = async (s, ctx) => {
  const id = await accountId(s, ctx.viewer);
  const voucher = voucherOf(s);
  const done = await redeemVoucher(apiRedeemer(ctx.viewer, id), voucher, ctx.ip);
  // Sippy's answer: the face value and its currency, and what the account received in its own currency.
  return { ...OK, value: money(done.value), voucher_currency: done.voucherCurrency, payer_amount: money(done.payerAmount) };
};

export const VOUCHER_METHODS: Record<VoucherMethodName, Method> = { rechargeVoucher };
