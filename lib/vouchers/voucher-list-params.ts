// The Vouchers pages' state in the URL: the batches list (page, size, a part
// of the tag as q) and a batch's vouchers (page, size, a part of the number
// as q, the state filter). Read forgivingly, like every list: a bad value
// falls back to the default, never an error page.
import { parseListParams, type ListParams, type ListSpec } from "@/lib/table/list-params";
import { VOUCHER_STATES, type VoucherState } from "./list";

type SearchParams = Record<string, string | string[] | undefined>;

// Both lists have one order (batches newest first, vouchers as drawn): nothing to sort by.
export const BATCH_LIST_SPEC: ListSpec<"created"> = { sortKeys: ["created"], defaultSort: "created", defaultDir: "desc", defaultPageSize: 25 };
export const VOUCHER_LIST_SPEC: ListSpec<"number"> = { sortKeys: ["number"], defaultSort: "number", defaultPageSize: 50 };

export function parseBatchListParams(searchParams: SearchParams): ListParams<"created"> {
  return parseListParams(searchParams, BATCH_LIST_SPEC);
}

/** The vouchers list's paging and number search, and its state filter (null: any state). */
export function parseVoucherListParams(searchParams: SearchParams): ListParams<"number"> & { state: VoucherState | null } {
  const raw = searchParams.state;
  const state = Array.isArray(raw) ? raw[0] : raw;
  return { ...parseListParams(searchParams, VOUCHER_LIST_SPEC), state: (VOUCHER_STATES as readonly string[]).includes(state ?? "") ? (state as VoucherState) : null };
}
