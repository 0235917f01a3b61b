import type { Viewer } from "@/lib/auth/viewer";
import { allowedActions, holdsRightFor } from "@/lib/access/access";
import { ACCOUNT_LIST_SPEC, filtersToParams, parseAccountFilters } from "@/lib/accounts/account-list-params";
import { listAccountFilterOptions } from "@/lib/accounts/account-filter-options";
import { listAccounts } from "@/lib/accounts/accounts";
import { toAccountTableRow } from "@/lib/accounts/account-view";
import { loadRateTableForRender } from "@/lib/exchange-rates/exchange-rates";
import { rateTableToJson } from "@/lib/exchange-rates/serialize";
import { parseListParams } from "@/lib/table/list-params";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { AccountsTable } from "./accounts-table";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The accounts of `ownerId` (the viewer itself, or a customer below it: read
 * only), one page, filtered and sorted as the URL says, with the viewer's
 * rates for the display currency. The buttons offered are the ones the
 * access rules allow on them: only the owner changes its accounts.
 */
export async function AccountsSection({ viewer, ownerId, searchParams }: { viewer: Viewer; ownerId: number; searchParams: SearchParams }) {
  const params = parseListParams(searchParams, ACCOUNT_LIST_SPEC);
  const filters = parseAccountFilters(searchParams);
  const own = ownerId === viewer.id;
  const can = allowedActions(viewer, "account", own ? "owner" : "ancestor");
  const [page, table, options, tariffs] = await Promise.all([
    listAccounts(viewer, ownerId, params, filters),
    loadRateTableForRender(viewer),
    listAccountFilterOptions(viewer, ownerId),
    own && (can.create || can.edit) ? listTariffOptions(viewer) : Promise.resolve([]),
  ]);
  if (!page) return null;
  // The export is this list: same owner, search, sort and filters (never the page: every row).
  const exportQuery = new URLSearchParams({
    ...(own ? {} : { owner: String(ownerId) }),
    ...(params.q ? { q: params.q } : {}),
    sort: params.sort,
    dir: params.dir,
    ...filtersToParams(filters),
  });
  return (
    <AccountsTable
      rows={page.rows.map(toAccountTableRow)}
      total={page.total}
      params={params}
      sortKeys={ACCOUNT_LIST_SPEC.sortKeys}
      filters={filters}
      options={options}
      exportHref={`/accounts/export?${exportQuery.toString()}`}
      rateTable={rateTableToJson(table)}
      displayCurrency={viewer.displayCurrency}
      permissions={{ ...can, own }}
      mayCreateTariff={holdsRightFor(viewer, "tariff", "create")}
      tariffs={tariffs}
      defaults={{ timeZone: viewer.timeZone, language: viewer.language }}
    />
  );
}
