// GET /api/v1/voucher-batches/{id}: one of the key owner's batches with a
// page of its vouchers and their state (who redeemed each, and when), the
// Vouchers page's filters as query parameters. Never a PIN. Anyone else's
// batch, or a deleted one, is 404, like one that does not exist.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { ApiProblem } from "@/lib/api/problem";
import { problemText } from "@/lib/errors/problem-text";
import { listVouchers, VOUCHER_STATES } from "@/lib/vouchers/list";
import { batchJson, toBatchJson, toVoucherJson, voucherJson } from "@/lib/vouchers/api-json";

export const GET = apiRoute(
  {
    method: "GET",
    path: "/api/v1/voucher-batches/{id}",
    operationId: "getVoucherBatch",
    tag: "Vouchers",
    summary: "One voucher batch with a page of its vouchers and their state",
    description: "Vouchers in the order they were drawn. Never a PIN.",
    access: ["voucher", "view"],
    params: z.object({ id: z.string().regex(/^\d{1,9}$/).transform(Number).meta({ description: "The batch's id." }) }),
    query: z.strictObject({
      page: z.coerce.number().int().min(1).max(1_000_000).default(1).meta({ description: "Which page of vouchers (from 1)." }),
      pageSize: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: "Vouchers a page (1 to 1000, default 100)." }),
      state: z.enum(VOUCHER_STATES).optional().meta({ description: "Only vouchers in this state." }),
      q: z.string().max(20).default("").meta({ description: "Only vouchers whose number contains these digits." }),
    }),
    response: z.object({
      batch: batchJson,
      total: z.int().meta({ description: "How many of its vouchers match, in all." }),
      page: z.int(),
      pageSize: z.int(),
      vouchers: z.array(voucherJson),
    }),
  },
  async ({ viewer, params, query, locale }) => {
    const found = await listVouchers(viewer, params.id, { page: query.page, pageSize: query.pageSize, q: query.q, state: query.state ?? null });
    if (!found) throw new ApiProblem(404, "not_found", problemText("notFound", locale));
    return { batch: toBatchJson(found.batch), total: found.total, page: query.page, pageSize: query.pageSize, vouchers: found.rows.map(toVoucherJson) };
  },
);
