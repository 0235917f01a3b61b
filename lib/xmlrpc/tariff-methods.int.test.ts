// Sippy's tariff and rate methods against a real database, as the route
// calls them: a script builds a whole price list; every bad field is
// answered with a clear fault and writes nothing; the access rules are the
// Tariffs pages'.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { listRates } from "@/lib/tariffs/rates";
import { getTariff } from "@/lib/tariffs/tariffs";
import { double, type XmlRpcValue } from "./codec";
import { toFault } from "./faults";
import { METHODS } from "./methods";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.77";
type Answer = { ok: Record<string, XmlRpcValue> } | { fault: number; message: string };

/** Calls a method as the route does, answering with its result or its fault. */
async function api(viewer: Viewer, method: string, params: Record<string, XmlRpcValue>): Promise<Answer> {
  try {
    return { ok: (await METHODS[method]!(params, { viewer, ip: IP })) as Record<string, XmlRpcValue> };
  } catch (error) {
    const fault = toFault(error);
    if (!fault) throw error;
    return { fault: fault.code, message: fault.message };
  }
}
async function ok(viewer: Viewer, method: string, params: Record<string, XmlRpcValue>) {
  const answer = await api(viewer, method, params);
  if (!("ok" in answer)) throw new Error(`${method}: ${answer.fault} ${answer.message}`);
  expect(answer.ok.result).toBe("OK");
  return answer.ok;
}
/** The id a create method answers with (i_tariff, i_rate). */
async function created(viewer: Viewer, method: string, params: Record<string, XmlRpcValue>, key: "i_tariff" | "i_rate"): Promise<number> {
  const id = (await ok(viewer, method, params))[key];
  expect(typeof id).toBe("number");
  return id as number;
}

/** What a refused call must leave untouched: the owner's tariffs, every rate, the audit log. */
async function snapshot(ownerId: number) {
  const [tariffs, rates, audit] = await Promise.all([
    db.tariff.findMany({ where: { ownerId }, orderBy: { id: "asc" } }),
    db.tariffRate.findMany({ where: { tariff: { ownerId } }, orderBy: { id: "asc" } }),
    db.auditLog.count(),
  ]);
  return { tariffs, rates, audit };
}

let t: Tree;
let A: Viewer;
beforeEach(async () => {
  t = await buildTree(db);
  A = t.viewers.A;
});

describe("a price list built through the API", () => {
  it("creates a tariff, adds, lists, pages, updates and deletes rates, with the web's audit records", async () => {
    const name = unique("API Retail");
    const i_tariff = await created(A, "createTariff", { name, currency: "usd", description: "Built by a script", i_tariff_type: 1, connect_fee: 0 }, "i_tariff");
    expect(await getTariff(A, i_tariff)).toMatchObject({ name, currency: "USD", description: "Built by a script", editable: true });

    const rates: Record<string, XmlRpcValue>[] = [
      { prefix: "44", price_1: double("0.0123"), price_n: double("0.0123") },
      { prefix: "4420", price_1: double("0.05"), price_n: double("0.04"), interval_1: 30, interval_n: 6, connect_fee: double("0.1"), free_seconds: 5, grace_period: 3 },
      { prefix: "1", price_1: 1, price_n: "0.5", forbidden: true },
    ];
    const ids: number[] = [];
    for (const rate of rates) ids.push(await created(A, "addTariffRate", { i_tariff, ...rate }, "i_rate"));

    const listed = (await ok(A, "getTariffRatesList", { i_tariff })).rates as Record<string, XmlRpcValue>[];
    expect(listed).toEqual([
      { i_rate: ids[2], prefix: "1", price_1: double("1"), price_n: double("0.5"), interval_1: 60, interval_n: 60, forbidden: true, connect_fee: double("0"), free_seconds: 0, grace_period: 0 },
      { i_rate: ids[0], prefix: "44", price_1: double("0.0123"), price_n: double("0.0123"), interval_1: 60, interval_n: 60, forbidden: false, connect_fee: double("0"), free_seconds: 0, grace_period: 0 },
      { i_rate: ids[1], prefix: "4420", price_1: double("0.05"), price_n: double("0.04"), interval_1: 30, interval_n: 6, forbidden: false, connect_fee: double("0.1"), free_seconds: 5, grace_period: 3 },
    ]);
    // Sippy's paging: by prefix, any offset.
    const page = (await ok(A, "getTariffRatesList", { i_tariff, offset: 1, limit: 1 })).rates as { prefix: string }[];
    expect(page.map((r) => r.prefix)).toEqual(["44"]);

    // A partial update keeps the other fields.
    await ok(A, "updateTariffRate", { i_tariff, i_rate: ids[1]!, price_n: double("0.035") });
    const stored = await db.tariffRate.findUniqueOrThrow({ where: { id: ids[1] } });
    expect(stored).toMatchObject({ prefix: "4420", price1: 50_000n, priceN: 35_000n, interval1: 30, intervalN: 6, connectFee: 100_000n, freeSeconds: 5, gracePeriod: 3 });
    await ok(A, "deleteTariffRate", { i_tariff, i_rate: ids[2]! });
    await ok(A, "updateTariff", { i_tariff, name: `${name} v2` });
    expect(await ok(A, "getTariffInfo", { i_tariff })).toMatchObject({
      tariff: { i_tariff, name: `${name} v2`, currency: "USD", description: "Built by a script", i_tariff_type: 1 },
    });
    // The web's own list reads the same price list.
    const web = await listRates(A, i_tariff, { page: 1, pageSize: 50, sort: "prefix", dir: "asc", q: "" });
    expect(web?.rows.map((r) => [r.prefix, r.priceN])).toEqual([
      ["44", 12_300n],
      ["4420", 35_000n],
    ]);

    const audit = await db.auditLog.findMany({ where: { actorId: A.id, ip: IP }, orderBy: { id: "asc" } });
    expect(audit.map((a) => `${a.action} ${a.resource}`)).toEqual([
      `create tariffs:i_tariff=${i_tariff}`,
      `create rates:i_tariff=${i_tariff}:prefix=44`,
      `create rates:i_tariff=${i_tariff}:prefix=4420`,
      `create rates:i_tariff=${i_tariff}:prefix=1`,
      `update rates:i_tariff=${i_tariff}:prefix=4420`,
      `delete rates:i_tariff=${i_tariff}:prefix=1`,
      `update tariffs:i_tariff=${i_tariff}`,
    ]);

    await ok(A, "deleteAllRatesInTariff", { i_tariff });
    expect(await db.tariffRate.count({ where: { tariffId: i_tariff } })).toBe(0);
    await ok(A, "deleteTariff", { i_tariff });
    expect(await getTariff(A, i_tariff)).toBeNull();
    expect((await api(A, "getTariffInfo", { i_tariff })) as unknown).toEqual({ fault: 404, message: "Not found." });
  });

  it("accepts a rate as Sippy's getTariffRatesList returns it, ignoring what Switchboard does not model", async () => {
    const i_tariff = await created(A, "createTariff", { name: unique("From Sippy"), currency: "EUR", post_call_surcharge: double("0.1"), local_calling: false }, "i_tariff");
    const fromSippy = {
      i_rate: 987654,
      prefix: "33",
      price_1: double("0.02"),
      price_n: double("0.02"),
      interval_1: 1,
      interval_n: 1,
      forbidden: false,
      grace_period_enable: true,
      activation_date: { kind: "dateTime", text: "20260407T09:57:29" } as XmlRpcValue,
      expiration_date: null,
    };
    const i_rate = await created(A, "addTariffRate", { i_tariff, ...fromSippy }, "i_rate");
    expect(i_rate).not.toBe(987654);
    expect(await db.tariffRate.findUniqueOrThrow({ where: { id: i_rate } })).toMatchObject({ prefix: "33", price1: 20_000n, interval1: 1 });
  });
});

describe("bad input: a clear fault, and nothing written", () => {
  /** Each case must be refused with `code` and a message containing `says`, leaving everything as it was. */
  async function refused(viewer: Viewer, cases: [string, Record<string, XmlRpcValue>, number, string][]) {
    for (const [method, params, code, says] of cases) {
      const before = await snapshot(viewer.id);
      const answer = await api(viewer, method, params);
      expect(answer, `${method} ${JSON.stringify(params, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`).toMatchObject({ fault: code });
      expect((answer as { message: string }).message).toContain(says);
      expect(await snapshot(viewer.id), `${method}: nothing written`).toEqual(before);
    }
  }

  it("createTariff and updateTariff: every field", async () => {
    const taken = unique("Taken");
    const i_tariff = await created(A, "createTariff", { name: taken, currency: "USD" }, "i_tariff");
    const long = "x".repeat(101);
    await refused(A, [
      ["createTariff", { currency: "USD" }, 400, "Bad parameter name: This field is required."],
      ["createTariff", { name: "", currency: "USD" }, 400, "Bad parameter name: This field is required."],
      ["createTariff", { name: "   ", currency: "USD" }, 400, "Bad parameter name: This field is required."],
      ["createTariff", { name: long, currency: "USD" }, 400, "Bad parameter name: At most 100 characters."],
      ["createTariff", { name: 42, currency: "USD" }, 400, "Bad parameter name: expected a string"],
      ["createTariff", { name: "Bad\u0007bell", currency: "USD" }, 400, "Bad parameter name: Remove the angle brackets and control characters."],
      ["createTariff", { name: "Evil\u202Etxt", currency: "USD" }, 400, "Bad parameter name: Remove invisible or direction-changing characters (found U+202E)."],
      ["createTariff", { name: taken.toUpperCase(), currency: "USD" }, 409, "You already have a tariff with this name."],
      ["createTariff", { name: unique("T") }, 400, "Bad parameter currency: required"],
      ["createTariff", { name: unique("T"), currency: "" }, 400, "Bad parameter currency: Choose a currency from the list."],
      ["createTariff", { name: unique("T"), currency: "XYZ" }, 400, "Bad parameter currency: Choose a currency from the list."],
      ["createTariff", { name: unique("T"), currency: 840 }, 400, "Bad parameter currency: expected a string"],
      ["createTariff", { name: unique("T"), currency: "USD", description: "x".repeat(501) }, 400, "Bad parameter description: At most 500 characters."],
      ["createTariff", { name: unique("T"), currency: "USD", description: "<b>bold</b>" }, 400, "Bad parameter description: Remove the angle brackets"],
      ["createTariff", { name: unique("T"), currency: "USD", description: "a\u0000b" }, 400, "Bad parameter description: Remove the angle brackets"],
      ["createTariff", { name: unique("T"), currency: "USD", i_tariff_type: 2 }, 400, "Bad parameter i_tariff_type: Switchboard has ordinary tariffs only"],
      ["createTariff", { name: unique("T"), currency: "USD", connect_fee: double("0.05") }, 400, "Bad parameter connect_fee: Switchboard keeps the connect fee per rate"],
      ["createTariff", { name: unique("T"), currency: "USD", free_seconds: 10 }, 400, "Bad parameter free_seconds: Switchboard keeps free_seconds per rate"],
      ["createTariff", { name: unique("T"), currency: "USD", grace_period: "5" }, 400, "Bad parameter grace_period: expected an int"],
      ["createTariff", { name: unique("T"), currency: "USD", naem: "typo" }, 400, "Unknown parameter naem: createTariff does not take it."],
      ["updateTariff", { name: "x" }, 400, "Bad parameter i_tariff: required"],
      ["updateTariff", { i_tariff: "1" }, 400, "Bad parameter i_tariff: expected an int"],
      ["updateTariff", { i_tariff, name: "" }, 400, "Bad parameter name: This field is required."],
      ["updateTariff", { i_tariff, name: long }, 400, "Bad parameter name: At most 100 characters."],
      ["updateTariff", { i_tariff, name: 1.5 as unknown as XmlRpcValue }, 400, "Bad parameter name: expected a string"],
      ["updateTariff", { i_tariff, currency: "???" }, 400, "Bad parameter currency: Choose a currency from the list."],
    ]);
    // A tariff customers have keeps its currency, as on the web.
    await refused(A, [["updateTariff", { i_tariff: t.tariffs.A1.id, currency: "EUR" }, 409, "The currency cannot change"]]);
  });

  it("addTariffRate and updateTariffRate: every field", async () => {
    const i_tariff = await created(A, "createTariff", { name: unique("Rates"), currency: "USD" }, "i_tariff");
    const i_rate = await created(A, "addTariffRate", { i_tariff, prefix: "44", price_1: double("0.01"), price_n: double("0.01") }, "i_rate");
    const rate = (extra: Record<string, XmlRpcValue>): Record<string, XmlRpcValue> => ({ i_tariff, prefix: "49", price_1: double("0.01"), price_n: double("0.01"), ...extra });
    await refused(A, [
      ["addTariffRate", { i_tariff, price_1: 1, price_n: 1 }, 400, "Bad parameter prefix: required"],
      ["addTariffRate", rate({ prefix: "" }), 400, "Bad parameter prefix: Digits only, 1 to 32 of them."],
      ["addTariffRate", rate({ prefix: "44a" }), 400, "Bad parameter prefix: Digits only"],
      ["addTariffRate", rate({ prefix: "1".repeat(33) }), 400, "Bad parameter prefix: Digits only"],
      ["addTariffRate", rate({ prefix: "4\u00009" }), 400, "Bad parameter prefix: Digits only"],
      ["addTariffRate", rate({ prefix: 49 }), 400, "Bad parameter prefix: expected a string"],
      ["addTariffRate", rate({ prefix: "44" }), 409, "This tariff already has a rate for prefix 44."],
      ["addTariffRate", { i_tariff, prefix: "49", price_n: 1 }, 400, "Bad parameter price_1: required"],
      ["addTariffRate", rate({ price_1: "" }), 400, "Bad parameter price_1: Enter an amount."],
      ["addTariffRate", rate({ price_1: "abc" }), 400, "Bad parameter price_1: Enter a number, like 12.50."],
      ["addTariffRate", rate({ price_1: double("-1") }), 400, "Bad parameter price_1: Enter the amount without a sign."],
      ["addTariffRate", rate({ price_1: double("0.1234567") }), 400, "Bad parameter price_1: At most 6 decimal places for this currency."],
      ["addTariffRate", rate({ price_1: double("1e3") }), 400, "Bad parameter price_1: Write the number out in full, without an exponent."],
      ["addTariffRate", rate({ price_n: true }), 400, "Bad parameter price_n: expected a double"],
      ["addTariffRate", rate({ interval_1: 0 }), 400, "Bad parameter interval_1: Between 1 and 3600 seconds."],
      ["addTariffRate", rate({ interval_n: 3601 }), 400, "Bad parameter interval_n: Between 1 and 3600 seconds."],
      ["addTariffRate", rate({ interval_1: -5 }), 400, "Bad parameter interval_1: Enter a whole number of seconds."],
      ["addTariffRate", rate({ interval_1: double("1.5") }), 400, "Bad parameter interval_1: expected an int"],
      ["addTariffRate", rate({ interval_1: "60" }), 400, "Bad parameter interval_1: expected an int"],
      ["addTariffRate", rate({ connect_fee: double("-0.01") }), 400, "Bad parameter connect_fee: Enter the amount without a sign."],
      ["addTariffRate", rate({ free_seconds: 86_401 }), 400, "Bad parameter free_seconds: Between 0 and 86400 seconds."],
      ["addTariffRate", rate({ grace_period: 3601 }), 400, "Bad parameter grace_period: Between 0 and 3600 seconds."],
      ["addTariffRate", rate({ forbidden: 2 }), 400, "Bad parameter forbidden: expected 0 or 1"],
      ["addTariffRate", rate({ forbidden: "yes" }), 400, "Bad parameter forbidden: expected 0 or 1"],
      ["addTariffRate", rate({ price1: 1 }), 400, "Unknown parameter price1: addTariffRate does not take it."],
      ["addTariffRate", { ...rate({}), i_tariff: undefined as unknown as XmlRpcValue }, 400, "Bad parameter i_tariff: required"],
      ["addTariffRate", rate({ i_tariff: 2_000_000_000 }), 404, "Not found."],
      ["addTariffRate", rate({ i_tariff: 0 }), 404, "Not found."],
      ["addTariffRate", rate({ i_tariff: 2 ** 40 }), 404, "Not found."],
      ["updateTariffRate", { i_tariff, price_1: 1 }, 400, "Bad parameter i_rate: required"],
      ["updateTariffRate", { i_tariff, i_rate, prefix: "x" }, 400, "Bad parameter prefix: Digits only"],
      ["updateTariffRate", { i_tariff, i_rate, price_n: double("0.0000001") }, 400, "Bad parameter price_n: At most 6 decimal places"],
      ["updateTariffRate", { i_tariff, i_rate: 2_000_000_000, price_1: 1 }, 404, "Not found."],
      ["deleteTariffRate", { i_tariff, i_rate: "1" }, 400, "Bad parameter i_rate: expected an int"],
      ["getTariffRatesList", { i_tariff, limit: 1001 }, 400, "Bad parameter limit: from 1 to 1000"],
      ["getTariffRatesList", { i_tariff, offset: -1 }, 400, "Bad parameter offset: 0 or more"],
    ]);
  });
});

describe("the Tariffs pages' access rules", () => {
  it("reaches only the caller's own tariffs for changes, and its buying tariff for reads", async () => {
    const buying = t.tariffs.A.id; // owned by A's parent
    const siblings = t.tariffs.B1.id; // B's, which A cannot see
    const rate = { prefix: "99", price_1: 1, price_n: 1 };
    // Reading the buying tariff is allowed, changing it is "not found".
    expect((await ok(A, "getTariffInfo", { i_tariff: buying })).tariff).toMatchObject({ i_tariff: buying });
    expect(await ok(A, "getTariffRatesList", { i_tariff: buying })).toMatchObject({ rates: [] });
    const before = await snapshot(t.rows.Top.id);
    for (const [method, params] of [
      ["updateTariff", { i_tariff: buying, name: "Hijacked" }],
      ["deleteTariff", { i_tariff: buying }],
      ["addTariffRate", { i_tariff: buying, ...rate }],
      ["deleteAllRatesInTariff", { i_tariff: buying }],
    ] as const) {
      expect(await api(A, method, params), method).toEqual({ fault: 404, message: "Not found." });
    }
    expect(await snapshot(t.rows.Top.id)).toEqual(before);
    // A's child's rate (A1's tariff is owned by A): its own, so allowed; B1's tariff: not found, for reads too.
    for (const method of ["getTariffInfo", "getTariffRatesList", "deleteTariff", "deleteAllRatesInTariff"]) {
      expect(await api(A, method, { i_tariff: siblings }), method).toEqual({ fault: 404, message: "Not found." });
    }
    const [a1Rate] = (await ok(A, "getTariffRatesList", { i_tariff: t.tariffs.A1.id })).rates as { i_rate: number }[];
    // The rate of A's own tariff, asked for under another tariff id: not found.
    expect(await api(A, "updateTariffRate", { i_tariff: t.tariffs.A2.id, i_rate: a1Rate!.i_rate, price_1: 9 })).toEqual({ fault: 404, message: "Not found." });
    expect(await api(A, "deleteTariffRate", { i_tariff: t.tariffs.A2.id, i_rate: a1Rate!.i_rate })).toEqual({ fault: 404, message: "Not found." });
    // Deleting a tariff a customer has is refused, naming the customer.
    const assigned = await api(A, "deleteTariff", { i_tariff: t.tariffs.A1.id });
    expect(assigned).toMatchObject({ fault: 409 });
    expect((assigned as { message: string }).message).toContain(t.rows.A1.name);
  });

  it("i_customer must be the caller; the tariffs rights gate the changes", async () => {
    const name = unique("Mine");
    expect(await ok(A, "createTariff", { name, currency: "USD", i_customer: A.id })).toMatchObject({ result: "OK" });
    const before = await snapshot(A.id);
    expect(await api(A, "createTariff", { name: unique("Child"), currency: "USD", i_customer: t.rows.A1.id })).toMatchObject({ fault: 403 });
    expect(await api(A, "createTariff", { name: unique("Other"), currency: "USD", i_customer: t.rows.B.id })).toEqual({ fault: 404, message: "Not found." });
    expect(await api(A, "getTariffRatesList", { i_tariff: t.tariffs.A1.id, i_customer: t.rows.Top.id })).toEqual({ fault: 404, message: "Not found." });

    const without = (right: string): Viewer => ({ ...A, rights: ALL_RIGHTS & ~toMask([right as never]) });
    const mine = (await db.tariff.findFirstOrThrow({ where: { ownerId: A.id, name } })).id;
    const cases = [
      ["tariffs_add", "createTariff", { name: unique("No right"), currency: "USD" }],
      ["tariffs_edit", "updateTariff", { i_tariff: mine, name: unique("No right") }],
      ["tariffs_edit", "addTariffRate", { i_tariff: mine, prefix: "1", price_1: 1, price_n: 1 }],
      ["tariffs_edit", "deleteAllRatesInTariff", { i_tariff: mine }],
      ["tariffs_delete", "deleteTariff", { i_tariff: mine }],
    ] as const;
    for (const [right, method, params] of cases) {
      const answer = await api(without(right), method, params);
      expect(answer, method).toMatchObject({ fault: 403 });
      expect((answer as { message: string }).message).toContain(`(${right})`);
    }
    expect(await snapshot(A.id)).toEqual(before);
  });
});
