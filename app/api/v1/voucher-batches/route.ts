// POST /api/v1/voucher-batches: a back-office system creates a batch of the
// key owner's vouchers; the answer carries every number with its PIN, once
// (only the PINs' salted digests are kept: nobody can read them again).
// GET /api/v1/voucher-batches: the owner's batches, newest first, a page at a
// time, with their counts. Both through the same schema and domain functions
// as the Vouchers page (lib/vouchers), judged by the same rules.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { parseInput } from "@/lib/forms/parse-input";
import { createVoucherBatch } from "@/lib/vouchers/batches";
import { getVoucherBatch, listVoucherBatches } from "@/lib/vouchers/list";
import { MAX_VOUCHER_BATCH, VOUCHER_NUMBER_LENGTH, voucherBatchSchema } from "@/lib/vouchers/voucher-schema";
import { voucherCurrencies } from "@/lib/vouchers/voucher-currencies";
import { batchJson, toBatchJson } from "@/lib/vouchers/api-json";

const DEFAULT_NUMBER_LENGTH = 12;

const body = z.strictObject({
  tag: z.string().meta({ description: "The batch's name: unique among the owner's live batches, in any letter case." }),
  count: z.int().min(1).max(MAX_VOUCHER_BATCH).meta({ description: `How many vouchers: 1 to ${MAX_VOUCHER_BATCH}.` }),
  amount: z.string().meta({ description: 'Each voucher\'s face value as exact decimal text ("10", "10.50"), at most the currency\'s decimals.' }),
  currency: z.string().meta({ description: "The owner's base currency, or one it has an exchange rate for (ISO 4217)." }),
  expiresOn: z.string().meta({ description: "The last day the vouchers can be used, YYYY-MM-DD: they expire at the end of that day in the key owner's time zone." }),
  numberPrefix: z.string().default("").meta({ description: "Digits every number starts with (0 to 10), default none." }),
  numberLength: z
    .int()
    .min(VOUCHER_NUMBER_LENGTH.min)
    .max(VOUCHER_NUMBER_LENGTH.max)
    .default(DEFAULT_NUMBER_LENGTH)
    .meta({ description: `Digits in a number, prefix included (${VOUCHER_NUMBER_LENGTH.min} to ${VOUCHER_NUMBER_LENGTH.max}, default ${DEFAULT_NUMBER_LENGTH}).` }),
});

export const POST = apiRoute(
  {
    method: "POST",
    path: "/api/v1/voucher-batches",
    operationId: "createVoucherBatch",
    tag: "Vouchers",
    summary: "Create a batch of vouchers; the answer is the only time their PINs are shown",
    description:
      "All the vouchers are created, or none. Numbers are unique system-wide; PINs (12 digits) come from a cryptographic random source " +
      "and are stored as salted digests only: keep this answer, no request can return them again. Needs the vouchers_add right.",
    access: ["voucher", "create"],
    body,
    status: 201,
    refusals: [{ status: 409, description: "The owner has a live batch with this tag." }],
    response: batchJson.extend({
      vouchers: z.array(z.object({ number: z.string(), pin: z.string() })).meta({ description: "Every voucher with its PIN, in the order drawn: shown this once." }),
    }),
  },
  async ({ viewer, body, ip }) => {
    const currencies = new Set(await voucherCurrencies(viewer));
    const schema = voucherBatchSchema({ locale: "en", currencies, timeZone: viewer.timeZone, now: new Date() });
    // The batch form's own rules (tag, amount, currency, expiry, number space), with their messages.
    const values = parseInput(schema, { ...body, count: String(body.count), numberLength: String(body.numberLength) });
    const created = await createVoucherBatch(viewer, values, ip);
    const summary = await getVoucherBatch(viewer, created.id);
    if (!summary) throw new Error(`batch ${created.id} not readable right after its creation`);
    return { ...toBatchJson(summary), vouchers: created.vouchers };
  },
);

export const GET = apiRoute(
  {
    method: "GET",
    path: "/api/v1/voucher-batches",
    operationId: "listVoucherBatches",
    tag: "Vouchers",
    summary: "The key owner's voucher batches, newest first, with their counts",
    description: "Deleted batches are left out. Never a PIN.",
    access: ["voucher", "view"],
    query: z.strictObject({
      page: z.coerce.number().int().min(1).max(100_000).default(1).meta({ description: "Which page (from 1)." }),
      pageSize: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Batches a page (1 to 100, default 20)." }),
      q: z.string().max(64).default("").meta({ description: "Only batches whose tag contains this, in any letter case." }),
    }),
    response: z.object({
      total: z.int().meta({ description: "How many batches match, in all." }),
      page: z.int(),
      pageSize: z.int(),
      batches: z.array(batchJson),
    }),
  },
  async ({ viewer, query }) => {
    const { rows, total } = await listVoucherBatches(viewer, query);
    return { total, page: query.page, pageSize: query.pageSize, batches: rows.map(toBatchJson) };
  },
);
