import { describe, expect, it } from "vitest";
import { parseListParams } from "@/lib/table/list-params";
import { ACCOUNT_LIST_SPEC, filtersToParams, parseAccountFilters } from "./account-list-params";

describe("parseAccountFilters", () => {
  it("reads the state, tariff and batch tag from the URL", () => {
    expect(parseAccountFilters({ state: "overLimit", tariff: "12", batch: "acme-cards-1" })).toEqual({
      state: "overLimit",
      tariffId: 12,
      batchTag: "acme-cards-1",
    });
  });

  it("ignores values that name nothing instead of failing", () => {
    expect(parseAccountFilters({ state: "sleeping", tariff: "x1", batch: "no spaces; please" })).toEqual({});
    expect(parseAccountFilters({ tariff: "0" })).toEqual({});
    expect(parseAccountFilters({ tariff: "2147483648" })).toEqual({});
    expect(parseAccountFilters({ tariff: "" , state: "", batch: "" })).toEqual({});
    expect(parseAccountFilters({ state: ["blocked", "active"] })).toEqual({ state: "blocked" });
  });

  it("round-trips through the URL parameters", () => {
    const filters = { state: "expired" as const, tariffId: 7, batchTag: "b-1" };
    expect(parseAccountFilters(filtersToParams(filters))).toEqual(filters);
    expect(filtersToParams({})).toEqual({});
  });
});

describe("ACCOUNT_LIST_SPEC", () => {
  it("sorts by username by default and refuses unknown sort keys quietly", () => {
    expect(parseListParams({}, ACCOUNT_LIST_SPEC)).toMatchObject({ sort: "username", dir: "asc", page: 1 });
    expect(parseListParams({ sort: "web_password_hash" }, ACCOUNT_LIST_SPEC).sort).toBe("username");
    expect(parseListParams({ sort: "balance", dir: "desc", after: "42" }, ACCOUNT_LIST_SPEC)).toMatchObject({ sort: "balance", dir: "desc", after: 42 });
  });
});
