// Sippy's getAccountCDRs and getCustomerCDRs against the real database, as
// the route calls them, on the 4-level tree of tests/call-tree.ts: the same
// numbers the Calls pages show (the account's charge; each customer's own
// cost, rate and revenue), Sippy's parameters (dates, offset, limit, cli and
// cld patterns, type, i_cdr, i_cdrs_customer, trusted mode), a clear fault
// for each bad value, and "not found" outside the caller's subtree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { chargeCalls } from "@/tests/calls";
import { buildCallTree, type CallTree } from "@/tests/call-tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { listCalls } from "@/lib/calls/list";
import { double, type XmlRpcValue } from "./codec";
import { toFault } from "./faults";
import { METHODS } from "./methods";
import { formatSippyDate } from "./sippy-date";

let db: Db;
let t: CallTree;
type Params = Record<string, XmlRpcValue>;
type Cdr = Record<string, XmlRpcValue>;

async function api(viewer: Viewer, method: string, params: Params): Promise<{ cdrs: Cdr[] } | { fault: number; message: string }> {
  try {
    const answer = (await METHODS[method]!(params, { viewer, ip: "192.0.2.9" })) as { result: string; cdrs: Cdr[] };
    expect(answer.result).toBe("OK");
    return { cdrs: answer.cdrs };
  } catch (error) {
    const fault = toFault(error);
    if (!fault) throw error;
    return { fault: fault.code, message: fault.message };
  }
}
async function cdrs(viewer: Viewer, method: string, params: Params): Promise<Cdr[]> {
  const answer = await api(viewer, method, params);
  if ("fault" in answer) throw new Error(`${method}: ${answer.fault} ${answer.message}`);
  return answer.cdrs;
}

const NOW = new Date();
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
/** Sippy's window: a day back, so every call below is in it. */
const DAY = { start_date: formatSippyDate(at(24 * 60)), end_date: formatSippyDate(at(-1)) };

beforeAll(async () => {
  db = testDb();
  t = await buildCallTree(db);
  const { phone, desk, other } = t.accounts;
  await chargeCalls(db, [
    { callId: `x-47-${phone.id}`, accountId: phone.id, cli: "15551230000", cld: "442071234567", connectTime: at(30), duration: 47 },
    { callId: `x-busy-${phone.id}`, accountId: phone.id, cli: "15551230000", cld: "443000", connectTime: at(20), duration: 0, result: 486 },
    { callId: `x-err-${phone.id}`, accountId: phone.id, cli: "15559990000", cld: "4420", connectTime: at(15), duration: 0, result: -20 },
    { callId: `x-desk-${desk.id}`, accountId: desk.id, cli: "300", cld: "4420555", connectTime: at(10), duration: 30 },
    { callId: `x-other-${other.id}`, accountId: other.id, cli: "400", cld: "4420666", connectTime: at(5), duration: 60 },
    // Two hours ago: outside Sippy's default window (the last hour).
    { callId: `x-old-${phone.id}`, accountId: phone.id, cli: "15551230000", cld: "4499", connectTime: at(120), duration: 10 },
  ]);
});
afterAll(() => db.$disconnect());

describe("getAccountCDRs", () => {
  it("returns an account's records with its own charge, as the owner's Calls page shows its revenue", async () => {
    const [cdr] = await cdrs(t.viewers.L, "getAccountCDRs", { i_account: t.accounts.phone.id, ...DAY, cld: "442071234567" });
    expect(cdr).toMatchObject({
      call_id: `x-47-${t.accounts.phone.id}`,
      i_account: t.accounts.phone.id,
      cli: "15551230000",
      cld: "442071234567",
      duration: 47,
      billed_duration: 48,
      cost: double("0.049"),
      currency: "GBP",
      result: 200,
      prefix: "44",
      price_1: double("0.06"),
      price_n: double("0.03"),
      interval_1: 30,
      interval_n: 6,
      connect_fee: double("0.01"),
      free_seconds: 0,
      grace_period: 0,
      connect_time: formatSippyDate(at(30)),
      disconnect_time: formatSippyDate(new Date(at(30).getTime() + 47_000)),
    });
    // The same call on L's Calls page: L's revenue is the account's cost.
    const page = await listCalls(t.viewers.L, { from: at(31), to: at(29) }, { size: 10 });
    if ("notFound" in page) throw new Error();
    expect(page.rows[0]!.revenue).toBe(49_000n);
    expect(String(page.rows[0]!.cdrId)).toBe(cdr!.i_cdr);
  });

  it("reads Sippy's type, window, patterns, offset, limit and i_cdr", async () => {
    const ids = async (params: Params, viewer = t.viewers.L) => (await cdrs(viewer, "getAccountCDRs", params)).map((c) => String(c.call_id).split("-")[1]);
    // Default: the last hour, answered calls and errors (not the busy one, not the old one), newest first.
    expect(await ids({ i_account: t.accounts.phone.id })).toEqual(["err", "47"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "all" })).toEqual(["err", "busy", "47", "old"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "non_zero" })).toEqual(["47", "old"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "complete" })).toEqual(["47", "old"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "incomplete" })).toEqual(["busy"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "errors" })).toEqual(["err"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "all", cli: "1555999%" })).toEqual(["err"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "all", cld: "44_000" })).toEqual(["busy"]);
    expect(await ids({ i_account: t.accounts.phone.id, ...DAY, type: "all", offset: 1, limit: 2 })).toEqual(["busy", "47"]);
    // Without i_account: every account of the caller (M owns desk; phone is L's).
    expect(await ids({ ...DAY }, t.viewers.M)).toEqual(["desk"]);
    // Trusted mode: i_customer names an owner below the caller.
    expect(await ids({ ...DAY, i_customer: t.rows.L.id, type: "all" }, t.viewers.T)).toEqual(["err", "busy", "47", "old"]);
    // One record by its id, whatever its age.
    const [old] = await cdrs(t.viewers.L, "getAccountCDRs", { i_account: t.accounts.phone.id, ...DAY, cld: "4499" });
    expect(await ids({ i_cdr: old!.i_cdr! })).toEqual(["old"]);
    expect(await ids({ i_cdr: Number(old!.i_cdr) })).toEqual(["old"]);
  });

  it("answers not found outside the caller's subtree, and a clear fault for each bad value", async () => {
    const outside: Params[] = [{ i_account: t.accounts.other.id }, { i_account: t.accounts.desk.id }, { i_customer: t.rows.M.id }, { i_customer: t.rows.L.id, i_account: t.accounts.desk.id }];
    for (const params of outside) {
      expect(await api(t.viewers.L, "getAccountCDRs", params)).toEqual({ fault: 404, message: "Not found." });
    }
    expect(await api(t.viewers.M, "getAccountCDRs", { i_customer: t.rows.L.id, i_account: t.accounts.desk.id })).toEqual({ fault: 404, message: "Not found." });
    const bad: [Params, string][] = [
      [{ start_date: "2026-12-01" }, "Bad parameter start_date: expected '%H:%M:%S.000 GMT %a %b %d %Y', e.g. '09:57:29.000 GMT Wed Nov 18 2026'"],
      [{ start_date: DAY.end_date, end_date: DAY.start_date }, "Bad parameter end_date: must be later than start_date"],
      [{ type: "answered" }, "Bad parameter type: one of non_zero_and_errors, non_zero, all, complete, incomplete, errors"],
      [{ limit: 1001 }, "Bad parameter limit: from 1 to 1000"],
      [{ offset: -1 }, "Bad parameter offset: 0 or more"],
      [{ i_cdr: "12a" }, "Bad parameter i_cdr: a record id (digits)"],
      [{ cli: "" }, "Bad parameter cli: 1 to 64 characters (% and _ match any text and any one character)"],
      [{ i_account: "5" }, "Bad parameter i_account: expected an int"],
      [{ ammount: 1 }, "Unknown parameter ammount: getAccountCDRs does not take it."],
    ];
    for (const [params, message] of bad) expect(await api(t.viewers.L, "getAccountCDRs", params)).toEqual({ fault: 400, message });
  });
});

describe("getCustomerCDRs", () => {
  it("returns a customer's own view: its cost and rate, its revenue, the numbers of its Calls page", async () => {
    for (const [caller, whose] of [
      ["M", "M"],
      ["T", "M"],
      ["R", "M"],
    ] as const) {
      const [cdr] = await cdrs(t.viewers[caller], "getCustomerCDRs", { i_customer: t.rows[whose].id, ...DAY, cld: "442071234567" });
      expect(cdr, `${caller} reading ${whose}`).toMatchObject({
        i_customer: t.rows.M.id,
        call_id: `x-47-${t.accounts.phone.id}`,
        billed_duration: 47,
        cost: double("0.0235"),
        currency: "EUR",
        price_1: double("0.03"),
        interval_1: 1,
        revenue: double("0.04"),
        revenue_currency: "GBP",
        duration: 47,
        result: 200,
      });
      expect(cdr!.i_cdrs_customer).toBe(`${cdr!.i_cdr}-${t.rows.M.id}`);
    }
    const page = await listCalls(t.viewers.M, { from: at(31), to: at(29) }, { size: 10 });
    if ("notFound" in page) throw new Error();
    expect(page.rows[0]).toMatchObject({ cost: 23_500n, revenue: 40_000n });
    // Root's own view: revenue only, never a charge.
    const [root] = await cdrs(t.viewers.R, "getCustomerCDRs", { i_customer: t.rows.R.id, ...DAY, cld: "442071234567" });
    expect(root).toMatchObject({ cost: null, currency: null, billed_duration: null, prefix: null, revenue: double("0.015667"), revenue_currency: "USD" });
  });

  it("never shows a caller a price set above it", async () => {
    // L asking for M (its parent) or T: not found; its own view has its own cost only.
    for (const whose of ["M", "T", "R", "S"] as const) {
      expect(await api(t.viewers.L, "getCustomerCDRs", { i_customer: t.rows[whose].id, ...DAY })).toEqual({ fault: 404, message: "Not found." });
    }
    const own = await cdrs(t.viewers.L, "getCustomerCDRs", { i_customer: t.rows.L.id, ...DAY, type: "all" });
    const text = JSON.stringify(own);
    expect(own).toHaveLength(4);
    expect(text).not.toContain("0.0235");
    expect(text).not.toContain("0.015667");
  });

  it("without i_customer: the caller's direct sub-customers' views; i_wholesaler acts for one below", async () => {
    const views = await cdrs(t.viewers.T, "getCustomerCDRs", { ...DAY, type: "all" });
    // T's children are M (phone's and desk's calls) and S (other's), each with its own cost.
    expect(views.map((c) => [c.i_customer, String(c.call_id).split("-")[1]])).toEqual([
      [t.rows.S.id, "other"],
      [t.rows.M.id, "desk"],
      [t.rows.M.id, "err"],
      [t.rows.M.id, "busy"],
      [t.rows.M.id, "47"],
      [t.rows.M.id, "old"],
    ]);
    expect(views[0]).toMatchObject({ cost: double("0.03"), currency: "USD", revenue: double("0.06"), revenue_currency: "USD" });
    const underM = await cdrs(t.viewers.T, "getCustomerCDRs", { ...DAY, type: "all", i_wholesaler: t.rows.M.id });
    expect(underM.map((c) => c.i_customer)).toEqual([t.rows.L.id, t.rows.L.id, t.rows.L.id, t.rows.L.id]);
    // i_customer outside the customer acted for: not found.
    expect(await api(t.viewers.T, "getCustomerCDRs", { i_wholesaler: t.rows.M.id, i_customer: t.rows.S.id })).toEqual({ fault: 404, message: "Not found." });
    // One row by i_cdrs_customer, as returned.
    const [one] = await cdrs(t.viewers.T, "getCustomerCDRs", { i_cdrs_customer: views[5]!.i_cdrs_customer! });
    expect(one).toMatchObject({ i_customer: t.rows.M.id, call_id: views[5]!.call_id });
    expect(await api(t.viewers.T, "getCustomerCDRs", { i_cdrs_customer: 12 })).toEqual({
      fault: 400,
      message: "Bad parameter i_cdrs_customer: as getCustomerCDRs returns it: '<i_cdr>-<i_customer>'",
    });
  });
});
