import { describe, expect, it } from "vitest";
import { parseBatchListParams, parseVoucherListParams } from "./voucher-list-params";

describe("the Vouchers pages' URL", () => {
  it("reads the batches list's page, size and tag search; bad values fall back", () => {
    expect(parseBatchListParams({ page: "3", size: "10", q: " spring " })).toMatchObject({ page: 3, pageSize: 10, q: "spring" });
    expect(parseBatchListParams({ page: "-1", size: "7" })).toMatchObject({ page: 1, pageSize: 25, q: "" });
  });

  it("reads a batch's state filter, number search and paging", () => {
    expect(parseVoucherListParams({ state: "redeemed", q: "1234", page: "2", size: "100" })).toMatchObject({ state: "redeemed", q: "1234", page: 2, pageSize: 100 });
    expect(parseVoucherListParams({ state: ["expired", "new"] }).state).toBe("expired");
    expect(parseVoucherListParams({ state: "used" }).state).toBeNull();
    expect(parseVoucherListParams({}).state).toBeNull();
  });
});
