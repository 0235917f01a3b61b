// The forms of vouchers, shared by the dialogs, the server actions and both
// APIs: creating a batch, changing one, and redeeming a voucher.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { amountProblem, currencyField } from "@/lib/forms/fields";
import { refuseHiddenText } from "@/lib/forms/text";
import { parseAmount } from "@/lib/money";
import { BATCH_TAG, isCalendarDate } from "@/lib/accounts/account-schema";
import { endOfLocalDay } from "@/lib/i18n/format";

export const MAX_VOUCHER_BATCH = 100_000;
/** Numbers: the prefix and random digits together, this long. */
export const VOUCHER_NUMBER_LENGTH = { min: 8, max: 20 } as const;
const PREFIX = /^\d{0,10}$/;

/**
 * Random digits a batch of `count` needs: at most a hundredth of the space
 * used, so numbers stay hard to guess and drawing them stays quick.
 */
export function randomDigitsNeeded(count: number): number {
  return Math.max(6, Math.ceil(Math.log10(count * 100)));
}

export interface VoucherSchemaContext {
  locale: string;
  /** Currencies the owner may sell vouchers in: its own and those it has a rate for. */
  currencies: ReadonlySet<string>;
  /** The viewer's: a batch expires at the end of the chosen day there. */
  timeZone: string;
  now: Date;
}

/** The end of the chosen day in the viewer's time zone, with the problem to show when it is no date or not after now. */
function expiryOf(day: string, ctx: Pick<VoucherSchemaContext, "timeZone" | "now">): { expiresAt: Date } | { problem: string } {
  if (!isCalendarDate(day)) return { problem: problem("voucherExpiryDate") };
  const expiresAt = endOfLocalDay(day, ctx.timeZone);
  return expiresAt <= ctx.now ? { problem: problem("expiryPast") } : { expiresAt };
}

const wholeNumber = (code: "voucherCount" | "voucherNumberLength", max: number) =>
  z.string({ error: problem(code) }).trim().regex(new RegExp(`^\\d{1,${String(max).length}}$`), problem(code)).transform(Number);

export function voucherBatchSchema(ctx: VoucherSchemaContext) {
  return z
    .object({
      tag: z.string({ error: problem("batchTag") }).trim().superRefine(refuseHiddenText).regex(BATCH_TAG, problem("batchTag")),
      count: wholeNumber("voucherCount", MAX_VOUCHER_BATCH).refine((n) => n >= 1 && n <= MAX_VOUCHER_BATCH, problem("voucherCount", { max: MAX_VOUCHER_BATCH })),
      amount: z.string({ error: problem("empty") }),
      currency: currencyField().refine((code) => ctx.currencies.has(code), problem("voucherCurrency")),
      expiresOn: z.string({ error: problem("voucherExpiryDate") }).trim(),
      numberPrefix: z.string({ error: problem("voucherPrefix") }).trim().regex(PREFIX, problem("voucherPrefix")),
      numberLength: wholeNumber("voucherNumberLength", VOUCHER_NUMBER_LENGTH.max).refine(
        (n) => n >= VOUCHER_NUMBER_LENGTH.min && n <= VOUCHER_NUMBER_LENGTH.max,
        problem("voucherNumberLength", VOUCHER_NUMBER_LENGTH),
      ),
    })
    .transform((v, refine) => {
      let bad = false;
      const parsed = parseAmount(v.amount, v.currency, { locale: ctx.locale });
      if (!parsed.ok) {
        refine.addIssue({ code: "custom", path: ["amount"], message: amountProblem(parsed.error, v.currency) });
        bad = true;
      } else if (parsed.value === 0n) {
        refine.addIssue({ code: "custom", path: ["amount"], message: problem("amountZero") });
        bad = true;
      }
      const expiry = expiryOf(v.expiresOn, ctx);
      if ("problem" in expiry) {
        refine.addIssue({ code: "custom", path: ["expiresOn"], message: expiry.problem });
        bad = true;
      }
      const needed = randomDigitsNeeded(v.count);
      if (v.numberLength - v.numberPrefix.length < needed) {
        refine.addIssue({
          code: "custom",
          path: ["numberLength"],
          message: problem("voucherNumberSpace", { count: v.count, needed: v.numberPrefix.length + needed }),
        });
        bad = true;
      }
      if (bad || !parsed.ok || "problem" in expiry) return z.NEVER;
      return { tag: v.tag, count: v.count, amount: parsed.value, currency: v.currency, expiresAt: expiry.expiresAt, numberPrefix: v.numberPrefix, numberLength: v.numberLength };
    });
}

export type VoucherBatchInput = z.input<ReturnType<typeof voucherBatchSchema>>;
export type VoucherBatchValues = z.output<ReturnType<typeof voucherBatchSchema>>;

/** A new expiry for a batch: a day after the current moment. */
export function extendExpirySchema(ctx: Pick<VoucherSchemaContext, "timeZone" | "now">) {
  return z.object({ expiresOn: z.string({ error: problem("voucherExpiryDate") }).trim() }).transform((v, refine) => {
    const expiry = expiryOf(v.expiresOn, ctx);
    if ("problem" in expiry) {
      refine.addIssue({ code: "custom", path: ["expiresOn"], message: expiry.problem });
      return z.NEVER;
    }
    return expiry;
  });
}

/**
 * A redemption as typed: the number and the PIN, digits only (spaces and
 * dashes, as printed on cards, are dropped). A malformed one is refused
 * beside its field and never counts as a guess.
 */
export const redeemVoucherSchema = z.object({
  number: z
    .string({ error: problem("voucherNumberFormat") })
    .transform((s) => s.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{1,20}$/, problem("voucherNumberFormat"))),
  pin: z
    .string({ error: problem("voucherPinFormat") })
    .transform((s) => s.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{1,32}$/, problem("voucherPinFormat"))),
});
export type RedeemVoucherInput = z.input<typeof redeemVoucherSchema>;
export type RedeemVoucherValues = z.output<typeof redeemVoucherSchema>;
