import type { Viewer } from "@/lib/auth/viewer";
import { allowedActions, childrenRelation, holdsRightFor, permits } from "@/lib/access/access";
import { CUSTOMER_SORT_KEYS, listCustomers } from "@/lib/customers/customers";
import { toCustomerTableRow } from "@/lib/customers/customer-view";
import { loadRateTableForRender } from "@/lib/exchange-rates/exchange-rates";
import { rateTableToJson } from "@/lib/exchange-rates/serialize";
import { parseListParams } from "@/lib/table/list-params";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { customerFiltersToParams, parseCustomerFilters } from "@/lib/customers/list-filter";
import { listCustomerFilterOptions } from "@/lib/customers/filter-options";
import { CustomersTable, type AddBlocker } from "./customers-table";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The sub-customers of `parentId` (the viewer or one of its descendants),
 * one page, with the viewer's rates for the display currency. The actions
 * offered are the ones the access rules allow on those rows (only the
 * viewer's own direct sub-customers can be changed).
 */
export async function CustomersSection({ viewer, parentId, searchParams }: { viewer: Viewer; parentId: number; searchParams: SearchParams }) {
  const params = parseListParams(searchParams, { sortKeys: CUSTOMER_SORT_KEYS, defaultSort: "name" });
  const filters = parseCustomerFilters(searchParams);
  const rows = allowedActions(viewer, "customer", childrenRelation(viewer, parentId));
  const own = parentId === viewer.id;
  const mayCreate = own && permits(viewer, "customer", "create", "self");
  const add = mayCreate && viewer.maxDepth > 0;
  const manage = add || rows.edit;
  const [page, table, tariffs, options] = await Promise.all([
    listCustomers(viewer, parentId, params, undefined, filters),
    loadRateTableForRender(viewer),
    manage ? listTariffOptions(viewer) : Promise.resolve([]),
    listCustomerFilterOptions(viewer, parentId),
  ]);
  if (!page) return null;
  // The export is this list: same parent, search, sort and filters (never the page: every row).
  const exportQuery = new URLSearchParams({
    ...(own ? {} : { parent: String(parentId) }),
    ...(params.q ? { q: params.q } : {}),
    sort: params.sort,
    dir: params.dir,
    ...customerFiltersToParams(filters),
  });
  return (
    <CustomersTable
      rows={page.rows.map(toCustomerTableRow)}
      total={page.total}
      params={params}
      sortKeys={CUSTOMER_SORT_KEYS}
      filters={customerFiltersToParams(filters)}
      filterOptions={options}
      exportHref={`/customers/export?${exportQuery.toString()}`}
      rateTable={rateTableToJson(table)}
      displayCurrency={viewer.displayCurrency}
      permissions={{ ...rows, add, own }}
      addBlocker={own ? addBlocker(mayCreate, viewer.maxDepth, holdsRightFor(viewer, "tariff", "create")) : null}
      tariffs={tariffs}
      granter={{ rights: viewer.rights, maxDepth: viewer.maxDepth, timeZone: viewer.timeZone, language: viewer.language }}
    />
  );
}

/**
 * Why the viewer cannot add a customer here, for the empty state: it lacks
 * the customers_add right, or it may have no customers below it (max depth
 * 0), or (with the right) it has no tariff yet and may or may not create one.
 * Null when nothing stands in the way but the tariff list, judged in the table.
 */
function addBlocker(mayCreate: boolean, maxDepth: number, mayCreateTariff: boolean): AddBlocker {
  if (!mayCreate) return "noRight";
  if (maxDepth <= 0) return "noDepth";
  return mayCreateTariff ? "createTariff" : "askTariff";
}
