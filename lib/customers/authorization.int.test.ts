// The authorization matrix of ../shared/DESIGN.md ("Hierarchy, visibility,
// rights"), against the real database, through the data-layer functions the
// server actions and pages call. Target: A1, in the tree of tests/tree.ts.
// A customer sees its own subtree; only the parent edits, runs maintenance on
// and deletes a customer; anything else is "not found" and changes nothing.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseRulesMarkdown } from "@/lib/access/rules-table";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "@/tests/refusal";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { A1_OPENING, buildTree, makeTariff, type Node, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { archiveCustomer, createCustomer, getCustomerDetail, listCustomers, setBlocked, updateCustomer } from "./customers";
import { createCustomerSchema, editCustomerSchema } from "./customer-schema";
import { toMask, type RightName } from "./rights";
import { listTransactions, runMaintenance } from "@/lib/ledger/maintenance";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { deleteTariff, getTariff, listTariffOptions, updateTariff } from "@/lib/tariffs/tariffs";
import { createRate, exportRatesCsv, importRates, listRates } from "@/lib/tariffs/rates";
import { rateSchema } from "@/lib/tariffs/rate-schema";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.44";
const LIST = { page: 1, pageSize: 100, sort: "name" as const, dir: "asc" as const, q: "" };
const RATES = { page: 1, pageSize: 100, sort: "prefix" as const, dir: "asc" as const, q: "" };
const RENAMED = "Renamed by the request";
const FUNDS = 12_340_000n; // "12.34" USD
const RATE = rateSchema("USD", "en").parse({
  ...{ prefix: "99", price1: "0.01", priceN: "0.01", interval1: "60", intervalN: "60" },
  ...{ connectFee: "0", freeSeconds: "0", gracePeriod: "0", forbidden: false },
});

// ---------------------------------------------------------------- the policy
// What is allowed is read from the access rules table of docs/domain.md (the
// same table lib/access/access-matrix.int.test.ts probes rule by rule); this
// file checks, for A1 seen from every place in the tree, what each allowed
// call returns and that each refused one changes nothing.
type Role = "great-grandparent" | "grandparent" | "parent" | "self" | "child" | "sibling" | "uncle" | "cousin" | "unrelated";
const ROLE: Record<Role, Node> = {
  "great-grandparent": "R",
  grandparent: "Top",
  parent: "A",
  self: "A1",
  child: "A1x",
  sibling: "A2",
  uncle: "B",
  cousin: "B1",
  unrelated: "U1",
};
/** The relation of each role's viewer to A1, and to A1's tariff (owned by A). */
const RELATION: Record<Role, { customer: string; tariff: string }> = {
  "great-grandparent": { customer: "descendant", tariff: "outside" },
  grandparent: { customer: "descendant", tariff: "outside" },
  parent: { customer: "child", tariff: "owner" },
  self: { customer: "self", tariff: "assignee" },
  child: { customer: "outside", tariff: "outside" },
  sibling: { customer: "outside", tariff: "outside" },
  uncle: { customer: "outside", tariff: "outside" },
  cousin: { customer: "outside", tariff: "outside" },
  unrelated: { customer: "outside", tariff: "outside" },
};
const OPS = ["detail", "children", "transactions", "edit", "maintenance", "delete", "tariff"] as const;
type Op = (typeof OPS)[number];
/** The rule each operation is judged by. */
const RULE: Record<Op, { resource: "customer" | "tariff"; action: string }> = {
  detail: { resource: "customer", action: "view" },
  children: { resource: "customer", action: "listChildren" },
  transactions: { resource: "customer", action: "transactions" },
  edit: { resource: "customer", action: "edit" },
  maintenance: { resource: "customer", action: "funds" },
  delete: { resource: "customer", action: "delete" },
  tariff: { resource: "tariff", action: "read" },
};
const VERB: Record<Op, string> = {
  detail: "open the detail page of A1",
  children: "list the sub-customers of A1",
  transactions: "list the transactions of A1",
  edit: "edit A1",
  maintenance: "run maintenance on A1",
  delete: "delete A1",
  tariff: "read A1's tariff (owned by A)",
};
const DOCUMENTED = parseRulesMarkdown(readFileSync(new URL("../../docs/domain.md", import.meta.url), "utf8"));
const allowedFor = (role: Role, op: Op) => {
  const { resource, action } = RULE[op];
  const row = DOCUMENTED.find((r) => r.resource === resource && r.action === action);
  if (!row) throw new Error(`docs/domain.md has no rule ${resource}.${action}`);
  return row.allow.includes(RELATION[role][resource]);
};
const MATRIX = (Object.keys(ROLE) as Role[]).flatMap((viewer) => OPS.map((operation) => ({ viewer, operation, allowed: allowedFor(viewer, operation) })));

// ---------------------------------------------------------------- helpers
/** What the edit dialog of A1 sends when A renames it. */
const editInput = (t: Tree, input: Record<string, unknown> = {}) => ({
  ...{ name: RENAMED, tariffId: String(t.tariffs.A1.id), timeZone: "Europe/Berlin", webLogin: t.rows.A1.webLogin, language: "ru" },
  ...{ creditLimit: "75.50", rights: ["customers_add"], maxDepth: "1", password: "", company: "Forged Ltd" },
  ...{ contactName: "", email: "", phone: "", address: "", description: "" },
  ...input,
});
const editValues = (t: Tree, input: Record<string, unknown> = {}, tariffs = new Map([[t.tariffs.A1.id, "USD"]])) =>
  editCustomerSchema({ tariffs }).parse(editInput(t, input));

const maintenance = (key: string = randomUUID()) =>
  maintenanceSchema().parse({ action: "add_funds", amount: "12.34", currency: "USD", notes: "authz", idempotencyKey: key });

/** What a refused attempt must leave exactly as it was. */
async function state(t: Tree, target: Node = "A1") {
  const id = t.rows[target].id;
  const [row, ledger, allLedger, audit, customers] = await Promise.all([
    db.customer.findUniqueOrThrow({ where: { id } }),
    db.transaction.count({ where: { customerId: id } }),
    db.transaction.count(),
    db.auditLog.count(),
    db.customer.count(),
  ]);
  return { row, ledger, allLedger, audit, customers };
}

/** How a call ended, comparable across ids: a value, null, a refusal, or anything else it threw. */
async function outcome(promise: Promise<unknown>) {
  try {
    const value = await promise;
    return value === null ? null : { value: true };
  } catch (e) {
    if (e instanceof DomainError) return { problem: e.problem, field: e.field };
    return { threw: e instanceof Error ? `${e.name}: ${e.message.trim().split("\n").at(-1)}` : String(e) };
  }
}

// ---------------------------------------------------------------- the matrix
describe("who may do what to A1", () => {
  let t: Tree;
  beforeEach(async () => {
    t = await buildTree(db);
  });

  for (const { viewer: role, operation, allowed } of MATRIX) {
    it(`${role} ${allowed ? "can" : "cannot"} ${VERB[operation]}`, async () => {
      const v = t.viewers[ROLE[role]];
      const { A1, A } = t.rows;
      // A childless A1, so that scope is the only reason left to refuse (the child itself must stay live).
      if (operation === "delete" && role !== "child") await archiveCustomer(t.viewers.A1, t.rows.A1x.id, null);
      const before = await state(t);

      if (operation === "detail") {
        const detail = await getCustomerDetail(v, A1.id);
        if (allowed) {
          expect(detail).toMatchObject({ id: A1.id, name: A1.name, balance: A1_OPENING, can: { edit: role === "parent" } });
          expect(detail).not.toHaveProperty("passwordHash");
        } else expect(detail).toBeNull();
      } else if (operation === "children") {
        const page = await listCustomers(v, A1.id, LIST);
        if (allowed) expect(page?.rows.map((r) => r.id)).toEqual([t.rows.A1x.id]);
        else expect(page).toBeNull();
      } else if (operation === "transactions") {
        const rows = await listTransactions(v, A1.id);
        if (allowed) {
          const ledger = await db.transaction.findMany({ where: { customerId: A1.id }, orderBy: { id: "desc" } });
          expect(ledger.length).toBeGreaterThan(0);
          expect(rows?.map((r) => r.id)).toEqual(ledger.map((r) => String(r.id)));
          // The booking actor A is A1's provider: its name is not shown to A1.
          expect(rows?.[0]?.actorName).toBe(role === "self" ? null : A.name);
        } else expect(rows).toBeNull();
      } else if (operation === "tariff") {
        const id = t.tariffs.A1.id;
        const [tariff, rates, csv] = await Promise.all([getTariff(v, id), listRates(v, id, RATES), exportRatesCsv(v, id)]);
        if (allowed) {
          expect(tariff).toMatchObject({ id, editable: role === "parent" });
          expect(rates?.rows.map((r) => r.prefix)).toEqual(["44"]);
          expect(csv?.csv).toMatch(/\n44,/);
        } else expect({ tariff, rates, csv }).toEqual({ tariff: null, rates: null, csv: null });
      } else {
        const attempt =
          operation === "edit"
            ? updateCustomer(v, A1.id, editValues(t), IP)
            : operation === "maintenance"
              ? runMaintenance(v, A1.id, maintenance(), IP)
              : archiveCustomer(v, A1.id, IP);
        if (!allowed) {
          expect(await refusal(attempt)).toMatchObject({ code: "notFound", field: undefined });
        } else {
          await attempt;
          const after = await state(t);
          const audit = await db.auditLog.findMany({ where: { actorId: A.id }, orderBy: { id: "desc" }, take: 1 });
          expect(after.audit).toBe(before.audit + 1);
          expect(audit[0]).toMatchObject({ ip: IP, action: operation === "edit" ? "update" : operation === "delete" ? "delete" : "funds" });
          if (operation === "edit") {
            expect(after.row).toMatchObject({ name: RENAMED, creditLimit: 75_500_000n, timeZone: "Europe/Berlin", language: "ru", balance: A1_OPENING });
            expect(after.ledger).toBe(before.ledger);
          } else if (operation === "maintenance") {
            expect(after.row.balance).toBe(before.row.balance + FUNDS);
            expect(after.ledger).toBe(before.ledger + 1);
            const last = await db.transaction.findFirstOrThrow({ where: { customerId: A1.id }, orderBy: { id: "desc" } });
            expect(last).toMatchObject({ type: "add_funds", amount: FUNDS, balanceAfter: before.row.balance + FUNDS, actorId: A.id });
          } else {
            expect(after.row.archivedAt).toBeInstanceOf(Date);
            expect(after.row).toMatchObject({ loginKey: null, sessionVersion: before.row.sessionVersion + 1, balance: before.row.balance });
            expect(after.ledger).toBe(before.ledger);
          }
          return;
        }
      }
      // Reads never write; refusals change nothing.
      expect(await state(t)).toEqual(before);
    });
  }

  it("parent's delete of A1 while A1x is live is refused as hasSubCustomers, changing nothing", async () => {
    const before = await state(t);
    expect(await refusal(archiveCustomer(t.viewers.A, t.rows.A1.id, IP))).toMatchObject({ code: "hasSubCustomers", values: { count: "1" } });
    expect(await state(t)).toEqual(before);
  });
});

// ---------------------------------------------------------------- ids that do not exist
describe("ids that do not exist answer exactly like ids outside the subtree", () => {
  let t: Tree;
  beforeAll(async () => {
    t = await buildTree(db);
  });
  type Call = (v: Viewer, id: number, t: Tree) => Promise<unknown>;
  const CUSTOMER_CALLS: Record<string, Call> = {
    getCustomerDetail: (v, id) => getCustomerDetail(v, id),
    listCustomers: (v, id) => listCustomers(v, id, LIST),
    listTransactions: (v, id) => listTransactions(v, id),
    updateCustomer: (v, id, t) => updateCustomer(v, id, editValues(t), IP),
    runMaintenance: (v, id) => runMaintenance(v, id, maintenance(), IP),
    archiveCustomer: (v, id) => archiveCustomer(v, id, IP),
    setBlocked: (v, id) => setBlocked(v, id, true, IP),
  };
  const TARIFF_CALLS: Record<string, Call> = {
    getTariff: (v, id) => getTariff(v, id),
    listRates: (v, id) => listRates(v, id, RATES),
    exportRatesCsv: (v, id) => exportRatesCsv(v, id),
    updateTariff: (v, id) => updateTariff(v, id, { name: unique("Forged"), currency: "USD", description: "" }, IP),
    deleteTariff: (v, id) => deleteTariff(v, id, IP),
    createRate: (v, id) => createRate(v, id, RATE, IP),
    importRates: (v, id) => importRates(v, id, [RATE], false, IP),
  };
  const MUTATIONS = new Set(["updateCustomer", "runMaintenance", "archiveCustomer", "setBlocked", "updateTariff", "deleteTariff", "createRate", "importRates"]);

  // Past integer (2^31) range and fractions too: answered before the database sees them, never "unexpected".
  for (const bad of [2_000_000_000, 0, -1, NaN, 1.5, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER + 2]) {
    for (const [name, call] of [...Object.entries(CUSTOMER_CALLS), ...Object.entries(TARIFF_CALLS)]) {
      it(`${name}(${bad}) answers like an id outside the viewer's subtree`, async () => {
        const outside = name in TARIFF_CALLS ? t.tariffs.U1.id : t.rows.U1.id;
        const before = await state(t);
        const expected = await outcome(call(t.viewers.A, outside, t));
        expect(expected).toEqual(MUTATIONS.has(name) ? { problem: "notFound", field: undefined } : null);
        expect(await outcome(call(t.viewers.A, bad, t))).toEqual(expected);
        expect(await state(t)).toEqual(before);
      });
    }
  }
});

// ---------------------------------------------------------------- forged fields
describe("forged fields", () => {
  let t: Tree;
  beforeEach(async () => {
    t = await buildTree(db);
  });
  // Tariffs A does not own: its own buying tariff (Top's), its sibling's (B's), A1's own, and an unrelated one.
  const FOREIGN = ["A", "B1", "A1x", "U1"] as const;

  it("the edit form, built from the viewer's own tariffs as the action does, refuses any other tariff", async () => {
    const own = await listTariffOptions(t.viewers.A);
    const tariffs = new Map(own.map((o) => [o.id, o.currency]));
    expect([...tariffs.keys()].sort()).toEqual([t.tariffs.A1.id, t.tariffs.A2.id].sort());
    for (const node of FOREIGN) {
      const parsed = editCustomerSchema({ tariffs }).safeParse(editInput(t, { tariffId: String(t.tariffs[node].id) }));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.find((i) => i.path[0] === "tariffId")?.message).toBe("tariffRequired");
    }
  });

  it("updateCustomer refuses a tariff the viewer does not own, even past the form", async () => {
    const before = await state(t);
    for (const node of FOREIGN) {
      const id = t.tariffs[node].id;
      const values = editValues(t, { tariffId: String(id) }, new Map([[id, "USD"]]));
      expect(await refusal(updateCustomer(t.viewers.A, t.rows.A1.id, values, IP))).toMatchObject({ code: "tariffRequired", field: "tariffId" });
    }
    expect(await state(t)).toEqual(before);
  });

  // The edit dialog offers only tariffs in the customer's currency (e2e/ux-choices.spec.ts); the server still refuses any other.
  it("updateCustomer refuses the viewer's own tariff in another currency, naming the customer's, changing nothing", async () => {
    const euro = await makeTariff(db, t.rows.A.id, "EUR");
    const before = await state(t);
    const values = editValues(t, { tariffId: String(euro.id) }, new Map([[euro.id, "EUR"]]));
    expect(await refusal(updateCustomer(t.viewers.A, t.rows.A1.id, values, IP))).toMatchObject({
      code: "tariffCurrency",
      values: { currency: "USD" },
      field: "tariffId",
    });
    expect(await state(t)).toEqual(before);
  });

  async function limited(rights: RightName[], maxDepth = 2) {
    const row = await makeCustomer(db, t.rows.A, { rights: toMask(rights), maxDepth, tariffId: t.tariffs.A2.id });
    const tariff = await makeTariff(db, row.id);
    return { viewer: viewerOf(row), tariffs: new Map([[tariff.id, "USD"]]), tariffId: tariff.id };
  }
  const createValues = (tariffs: Map<number, string>, input: Record<string, unknown>) =>
    createCustomerSchema({ tariffs }).parse({
      ...{ name: unique("New"), tariffId: String([...tariffs.keys()][0]), timeZone: "UTC", webLogin: unique("new"), language: "en" },
      ...{ password: "Sturdy-pass-42", initialBalance: "5", creditLimit: "0", rights: ["customers_add"], maxDepth: "1" },
      ...{ company: "", contactName: "", email: "", phone: "", address: "", description: "" },
      ...input,
    });

  it("createCustomer grants only rights the viewer holds (rightsBeyond)", async () => {
    const l = await limited(["customers_add", "customers_edit"]);
    const before = await state(t);
    const values = createValues(l.tariffs, { rights: ["customers_add", "tariffs_add", "system_mgmt"] });
    expect(await refusal(createCustomer(l.viewer, values, IP))).toMatchObject({
      code: "rightsBeyond",
      field: "rights",
      values: { rights: "tariffs_add, system_mgmt" },
    });
    expect(await state(t)).toEqual(before);
  });

  it("createCustomer refuses a max depth beyond the viewer's own minus one (depthRange)", async () => {
    const l = await limited(["customers_add"], 2);
    const before = await state(t);
    expect(await refusal(createCustomer(l.viewer, createValues(l.tariffs, { maxDepth: "2" }), IP))).toMatchObject({
      code: "depthRange",
      field: "maxDepth",
      values: { max: "1" },
    });
    expect(await state(t)).toEqual(before);
  });

  it("createCustomer refuses a viewer without customers_add (noRight)", async () => {
    const l = await limited(["customers_edit", "customers_delete"]);
    const before = await state(t);
    expect(await refusal(createCustomer(l.viewer, createValues(l.tariffs, {}), IP))).toMatchObject({ code: "noRight", values: { right: "customers_add" } });
    expect(await state(t)).toEqual(before);
  });

  it("createCustomer refuses a tariff the viewer does not own (tariffRequired)", async () => {
    const l = await limited(["customers_add"]);
    const before = await state(t);
    const forged = createValues(new Map([[t.tariffs.A1.id, "USD"]]), {});
    expect(await refusal(createCustomer(l.viewer, forged, IP))).toMatchObject({ code: "tariffRequired", field: "tariffId" });
    expect(await state(t)).toEqual(before);
  });

  it("the same limited viewer creates a customer within its grant (the refusals above are the grant's)", async () => {
    const l = await limited(["customers_add"]);
    const row = await createCustomer(l.viewer, createValues(l.tariffs, {}), IP);
    expect(await db.customer.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      parentId: l.viewer.id,
      rights: toMask(["customers_add"]),
      maxDepth: 1,
      tariffId: l.tariffId,
      balance: 5_000_000n,
    });
  });
});

// ---------------------------------------------------------------- replayed requests
describe("replayed maintenance requests book once", () => {
  let t: Tree;
  beforeEach(async () => {
    t = await buildTree(db);
  });

  it("the same key submitted twice, one after the other", async () => {
    const before = await state(t);
    const values = maintenance();
    const first = await runMaintenance(t.viewers.A, t.rows.A1.id, values, IP);
    const second = await runMaintenance(t.viewers.A, t.rows.A1.id, values, IP);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, transactionId: first.transactionId, balanceAfter: first.balanceAfter });
    const after = await state(t);
    expect(after.row.balance).toBe(before.row.balance + FUNDS);
    expect([after.ledger, after.allLedger, after.audit]).toEqual([before.ledger + 1, before.allLedger + 1, before.audit + 1]);
  });

  it("the same key submitted 10 times at once", async () => {
    const before = await state(t);
    const values = maintenance();
    const results = await Promise.all(Array.from({ length: 10 }, () => runMaintenance(t.viewers.A, t.rows.A1.id, values, IP)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.transactionId))).toEqual(new Set([results[0]!.transactionId]));
    const after = await state(t);
    expect(after.row.balance).toBe(before.row.balance + FUNDS);
    expect([after.ledger, after.allLedger, after.audit]).toEqual([before.ledger + 1, before.allLedger + 1, before.audit + 1]);
  });

  it("the same key reused by the same actor for another customer is refused and books nothing", async () => {
    const values = maintenance();
    await runMaintenance(t.viewers.A, t.rows.A1.id, values, IP);
    const [a1, a2] = [await state(t), await state(t, "A2")];
    expect(await refusal(runMaintenance(t.viewers.A, t.rows.A2.id, values, IP))).toMatchObject({ code: "notFound" });
    expect([await state(t), await state(t, "A2")]).toEqual([a1, a2]);
  });

  it("one key raced for two customers books exactly one transaction", async () => {
    const before = [await state(t), await state(t, "A2")];
    const values = maintenance();
    const targets = Array.from({ length: 10 }, (_, i) => (i % 2 ? t.rows.A2.id : t.rows.A1.id));
    const settled = await Promise.allSettled(targets.map((id) => runMaintenance(t.viewers.A, id, values, IP)));
    const booked = settled.flatMap((s) => (s.status === "fulfilled" && s.value.created ? [s.value] : []));
    expect(booked).toHaveLength(1);
    for (const s of settled) {
      if (s.status === "rejected") expect(s.reason).toMatchObject({ problem: "notFound" });
      else expect(s.value.transactionId).toBe(booked[0]!.transactionId);
    }
    const after = [await state(t), await state(t, "A2")];
    expect(after[0]!.allLedger).toBe(before[0]!.allLedger + 1);
    expect(after[0]!.row.balance + after[1]!.row.balance).toBe(before[0]!.row.balance + before[1]!.row.balance + FUNDS);
  });
});
