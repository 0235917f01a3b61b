import { describe, expect, it } from "vitest";
import { parseListParams } from "./list-params";

const spec = { sortKeys: ["name", "balance"] as const, defaultSort: "name" as const };

describe("parseListParams", () => {
  it("gives the list's defaults for an empty URL", () => {
    expect(parseListParams({}, spec)).toEqual({ page: 1, pageSize: 50, sort: "name", dir: "asc", q: "", after: undefined, before: undefined });
    expect(parseListParams({}, { ...spec, defaultDir: "desc", defaultPageSize: 25 })).toMatchObject({ dir: "desc", pageSize: 25 });
  });

  it("reads every parameter it is given", () => {
    const params = parseListParams({ page: "3", size: "100", sort: "balance", dir: "desc", q: "  acme ", after: "42", before: "7" }, spec);
    expect(params).toEqual({ page: 3, pageSize: 100, sort: "balance", dir: "desc", q: "acme", after: 42, before: 7 });
  });

  it("takes the first of a repeated parameter", () => {
    expect(parseListParams({ sort: ["balance", "name"], page: ["2", "9"] }, spec)).toMatchObject({ sort: "balance", page: 2 });
  });

  it("falls back to the default for a bad value, never an error", () => {
    const params = parseListParams(
      { page: "0", size: "30", sort: "password", dir: "sideways", after: "-1", before: "2147483648" },
      { ...spec, defaultDir: "desc", defaultPageSize: 10 },
    );
    expect(params).toEqual({ page: 1, pageSize: 10, sort: "name", dir: "desc", q: "", after: undefined, before: undefined });
    expect(parseListParams({ page: "1.5", size: "abc", after: "x" }, spec)).toMatchObject({ page: 1, pageSize: 50, after: undefined });
    expect(parseListParams({ page: "1000001" }, spec).page).toBe(1);
  });

  it("cuts a long search to 100 characters", () => {
    expect(parseListParams({ q: "x".repeat(150) }, spec).q).toHaveLength(100);
  });
});
