// POST /api/v1/cdrs: a switch reports finished calls, up to 10,000 records
// a request. Each is charged, or answered as a duplicate, unrated or
// refused (lib/calls/charge.ts); the answer lists every record's outcome in
// the order sent. A batch is one transaction: sent again after a failure or
// a lost answer, its charged records come back as duplicates and nothing is
// booked twice.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db/client";
import { chargeBatch } from "@/lib/calls/charge";
import { cdrRecordSchema, MAX_CDR_BATCH } from "@/lib/calls/cdr-schema";
import { decodeProblem } from "@/lib/errors/problem";
import { problemText } from "@/lib/errors/problem-text";
import { STORED_SCALE, toDecimalString } from "@/lib/money";

// Each record is checked on its own (a bad one is refused, the others are
// charged), so the body's schema accepts any item; the document describes
// the record's own schema, the very one each record is checked with.
const recordDocument = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(cdrRecordSchema(), { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  void _dialect;
  return schema;
})();

const body = z.strictObject({
  records: z
    .array(
      z.unknown().meta({
        ...recordDocument,
        description:
          "A finished call. connectTime and disconnectTime: ISO 8601 with a time zone, or Sippy's `%H:%M:%S.000 GMT %a %b %d %Y` (UTC). " +
          "duration (whole seconds) or disconnectTime, exactly one. result: the SIP code (200 answered) or Sippy's negative result code. " +
          "connectionId (optional): the connection that carried the call (a route's connectionId from POST /api/v1/authorize): the vendor's cost is rated, stored and booked on the vendor; " +
          "a connection that is unknown, not in the account's routing group, or whose sets do not price the number refuses the record (field connectionId). " +
          "A record that breaks these rules is refused on its own; the others are charged.",
      }),
    )
    .min(1)
    .max(MAX_CDR_BATCH)
    .meta({ description: `1 to ${MAX_CDR_BATCH} call records, charged in one transaction.` }),
});

const outcome = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("charged"),
    callId: z.string(),
    cdrId: z.string().meta({ description: "The record's id (i_cdr)." }),
    cost: z.string().meta({ description: "What the account was charged, exact, in its currency (\"0.049\"); 0 for a call not answered." }),
    currency: z.string(),
    billedDuration: z.int(),
  }),
  z.object({ outcome: z.literal("duplicate"), callId: z.string().meta({ description: "Charged before (this batch, an earlier one, or another client's): nothing booked." }) }),
  z.object({
    outcome: z.literal("unrated"),
    callId: z.string(),
    cdrId: z.string(),
    code: z.string(),
    reason: z.string().meta({ description: "Which level had no rate: the record is kept, nothing is booked; Root charges it again once the rate exists." }),
  }),
  z.object({
    outcome: z.literal("refused"),
    callId: z.string().nullable(),
    field: z.string().nullable().meta({ description: "The record's field the reason is about (null: the record as a whole)." }),
    code: z.string().meta({ description: "Stable, for programs: cdrUnknownAccount, cdrDuration, cdrTime, ..." }),
    reason: z.string(),
  }),
]);

const response = z.object({
  charged: z.int(),
  duplicates: z.int(),
  unrated: z.int(),
  refused: z.int(),
  records: z.array(outcome).meta({ description: "One outcome per record sent, in the same order." }),
});

/** "0.049000" -> "0.049": exact, just shorter. */
const decimal = (amount: bigint) => toDecimalString(amount, STORED_SCALE).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");

export const POST = apiRoute(
  {
    method: "POST",
    path: "/api/v1/cdrs",
    operationId: "chargeCdrs",
    tag: "Calls",
    summary: "Report finished calls: each is rated and charged up the chain",
    description:
      "Every level of the account's chain is charged its own price, once per call id. A duplicate call id books nothing. " +
      "A batch is one transaction: resend it after any failure.",
    access: ["call", "charge"],
    body,
    response,
    maxBodyBytes: 16 * 1024 * 1024,
  },
  async ({ viewer, body, locale }) => {
    const outcomes = await chargeBatch(db, viewer, body.records, { source: "api" });
    const count = { charged: 0, duplicates: 0, unrated: 0, refused: 0 };
    const records = outcomes.map((o): z.input<typeof outcome> => {
      switch (o.outcome) {
        case "charged":
          count.charged += 1;
          return { outcome: o.outcome, callId: o.callId, cdrId: String(o.cdrId), cost: decimal(o.cost), currency: o.currency, billedDuration: o.billedDuration };
        case "duplicate":
          count.duplicates += 1;
          return { outcome: o.outcome, callId: o.callId };
        case "unrated":
          count.unrated += 1;
          return { outcome: o.outcome, callId: o.callId, cdrId: String(o.cdrId), code: decodeProblem(o.reason).code, reason: problemText(o.reason, locale) };
        case "refused":
          count.refused += 1;
          return { outcome: o.outcome, callId: o.callId, field: o.field, code: decodeProblem(o.reason).code, reason: problemText(o.reason, locale) };
      }
    });
    return { ...count, records };
  },
);
