// The accounts list's state in the URL: the table's page, size, sort and
// search (lib/table/list-params.ts) and the filters (state, tariff, batch
// tag). Read forgivingly, like the table's: a value that names nothing is
// no filter, never an error page. The page, the customer's Accounts tab and
// the CSV export read the same parameters, so an export is the list seen.
import { z } from "zod";
import type { ListSpec } from "@/lib/table/list-params";
import { ACCOUNT_STATES } from "./account-state";
import { BATCH_TAG } from "./account-schema";
import { ACCOUNT_SORT_KEYS, type AccountFilters, type AccountSortKey } from "./accounts";

export const ACCOUNT_LIST_SPEC: ListSpec<AccountSortKey> = { sortKeys: ACCOUNT_SORT_KEYS, defaultSort: "username" };

/** The URL names of the filters. */
export const FILTER_PARAMS = { state: "state", tariffId: "tariff", batchTag: "batch" } as const;

type SearchParams = Record<string, string | string[] | undefined>;

export function parseAccountFilters(searchParams: SearchParams): AccountFilters {
  const first = (key: string) => {
    const value = searchParams[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const state = z.enum(ACCOUNT_STATES).optional().catch(undefined).parse(first(FILTER_PARAMS.state));
  const tariffId = z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined).parse(first(FILTER_PARAMS.tariffId) || undefined);
  const batch = (first(FILTER_PARAMS.batchTag) ?? "").trim();
  return {
    ...(state ? { state } : {}),
    ...(tariffId !== undefined ? { tariffId } : {}),
    ...(BATCH_TAG.test(batch) ? { batchTag: batch } : {}),
  };
}

/** The filters as URL parameters (for the export link and the filter bar). */
export function filtersToParams(filters: AccountFilters): Record<string, string> {
  return {
    ...(filters.state ? { [FILTER_PARAMS.state]: filters.state } : {}),
    ...(filters.tariffId !== undefined ? { [FILTER_PARAMS.tariffId]: String(filters.tariffId) } : {}),
    ...(filters.batchTag ? { [FILTER_PARAMS.batchTag]: filters.batchTag } : {}),
  };
}
