// The readable audit log against the real database: names instead of ids
// (archived ones by their last name), every change with its values before
// and after (customers, balances, tariff rates, exchange rates), the
// filters, keyset paging without gaps or repeats, the CSV export and
// XML-RPC getAuditLogs saying the same, and the scope: a viewer never reads
// a record of anyone outside its subtree, whatever it filters by.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { archiveCustomer, updateCustomer } from "@/lib/customers/customers";
import { editCustomerSchema } from "@/lib/customers/customer-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { createRate, updateRate } from "@/lib/tariffs/rates";
import { rateSchema } from "@/lib/tariffs/rate-schema";
import { parseRate } from "@/lib/money";
import { writeAudit } from "@/lib/audit/write-audit";
import { formatSippyDate } from "@/lib/xmlrpc/sippy-date";
import { METHODS } from "@/lib/xmlrpc/methods";
import { auditChunks, listAuditPage, type AuditRecord } from "./audit-log";
import { auditCsvChunks } from "./audit-csv";
import { actionText, actorText, changeText, targetText } from "./audit-text";
import { parseAuditParams } from "./audit-filters";

let db: Db;
let t: Tree;
let since: bigint;
const IP = "192.0.2.91";
beforeAll(async () => {
  db = testDb();
  t = await buildTree(db);
  since = (await db.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n;
});
afterAll(() => db.$disconnect());

const EN = { locale: "en", timeZone: "UTC" };
const RU = { locale: "ru", timeZone: "Europe/Moscow" };
const mine = (v: Viewer, filters = {}, size = 100) => listAuditPage(v, filters, { after: since }, size);
const words = (r: AuditRecord, context = EN) => ({
  actor: actorText(r.actor, context.locale),
  action: actionText(r.action, context.locale),
  target: targetText(r.target, context.locale),
  changes: r.changes.map((c) => changeText(c, context)),
});

function rate(text: string) {
  const parsed = parseRate(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.rate;
}

async function editA1(creditLimit: string) {
  const row = await db.customer.findUniqueOrThrow({ where: { id: t.rows.A1.id } });
  const input = {
    ...{ name: row.name, tariffId: String(row.tariffId), timeZone: "UTC", webLogin: row.webLogin, language: "en", creditLimit, rights: [], maxDepth: "0" },
    ...{ password: "", company: "", contactName: "", email: "", phone: "", address: "", description: "" },
  };
  return updateCustomer(t.viewers.A, row.id, editCustomerSchema({ tariffs: new Map([[row.tariffId!, "USD"]]) }).parse(input), IP);
}

describe("the readable audit log", () => {
  it("names actor and target, says the action in words, and shows every change before and after", async () => {
    await editA1("75");
    await runMaintenance(t.viewers.A, t.rows.A1.id, maintenanceSchema("en").parse({ action: "credit", amount: "12.50", currency: "USD", notes: "goodwill", idempotencyKey: randomUUID() }), IP);
    await setExchangeRate(t.viewers.A, "EUR", rate("0.92"), IP);
    await setExchangeRate(t.viewers.A, "EUR", rate("0.9345"), IP);
    const price = (p: string) => rateSchema("USD", "en").parse({ prefix: "49", price1: p, priceN: p, interval1: "60", intervalN: "60", connectFee: "0", freeSeconds: "0", gracePeriod: "0", forbidden: false });
    const created = await createRate(t.viewers.A, t.tariffs.A1.id, price("0.0123"), IP);
    await updateRate(t.viewers.A, t.tariffs.A1.id, created.id, price("0.015"), IP);
    await archiveCustomer(t.viewers.A, t.rows.A2.id, IP);

    const page = (await mine(t.viewers.A))!;
    const seen = page.records.map((r) => words(r)).reverse();
    const [A, A1, A2, tariff] = [t.rows.A.name, t.rows.A1.name, t.rows.A2.name, t.tariffs.A1.name];
    expect(seen).toEqual([
      {
        actor: A,
        action: "Changed",
        target: `Customer “${A1}”`,
        // Rights and depth changed too: the form sent none (A1 had them all) and depth 0 (it had 5). In jsonb's key order.
        changes: [expect.stringMatching(/^Rights: customers_add, .*, api_access → none$/), "Max depth: 5 → 0", "Credit limit: 50 → 75"],
      },
      { actor: A, action: "Booked on the balance", target: `Balance of customer “${A1}”`, changes: ["Balance: $100.00 → $112.50", "Amount: $12.50", "Notes: goodwill"] },
      { actor: A, action: "Created", target: `Exchange rate EUR of “${A}”`, changes: ["Base currency: USD", "Rate: 0.92"] },
      { actor: A, action: "Changed", target: `Exchange rate EUR of “${A}”`, changes: ["Rate: 0.92 → 0.9345"] },
      expect.objectContaining({ actor: A, action: "Created", target: `Rate 49 of tariff “${tariff}”` }),
      { actor: A, action: "Changed", target: `Rate 49 of tariff “${tariff}”`, changes: ["First interval price: 0.0123 → 0.015", "Next intervals price: 0.0123 → 0.015"] },
      // Deleted (archived): still by its last name.
      expect.objectContaining({ actor: A, action: "Deleted", target: `Customer “${A2}”` }),
    ]);
    // In Russian: the words and the decimal comma.
    const ru = page.records.map((r) => words(r, RU));
    expect(ru.find((r) => r.target === `Курс EUR клиента «${A}»` && r.action === "Изменение")?.changes).toEqual(["Курс: 0,92 → 0,9345"]);
    expect(ru.find((r) => r.action === "Проводка по балансу")?.changes[0]).toMatch(/^Баланс: 100,00\s\$ → 112,50\s\$$/);
  });

  it("filters by actor, action, resource and time, in the viewer's time zone", async () => {
    const all = (await mine(t.viewers.Top))!.records;
    expect(all.length).toBeGreaterThan(5);
    const by = async (filters: object) => (await mine(t.viewers.Top, filters))!.records.map((r) => r.id);
    expect(await by({ action: "funds" })).toEqual(all.filter((r) => r.action === "funds").map((r) => r.id));
    expect(await by({ resource: "exchangeRate" })).toEqual(all.filter((r) => r.resource.startsWith("exchange_rates:")).map((r) => r.id));
    expect(await by({ resource: "rate" })).toEqual(all.filter((r) => r.resource.startsWith("rates:")).map((r) => r.id));
    // By part of the actor's web login, case-insensitive; "%" and "_" are only themselves.
    expect(await by({ actor: t.rows.A.webLogin.toUpperCase() })).toEqual(all.filter((r) => r.actor?.id === t.rows.A.id).map((r) => r.id));
    expect(await by({ actor: "%" })).toEqual([]);
    // Time: a window ending before the first record holds none; one around all holds all.
    const first = all[all.length - 1]!.createdAt;
    expect(await by({ to: first })).toEqual([]);
    expect(await by({ from: first, to: new Date(Date.now() + 60_000) })).toEqual(all.map((r) => r.id));
    // The URL's wall-clock times are the viewer's: 03:00 in Moscow is midnight UTC.
    expect(parseAuditParams({ from: "2026-12-01T03:00" }, "Europe/Moscow").filters.from).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(parseAuditParams({ to: "2026-12-01" }, "UTC").filters.to).toEqual(new Date("2026-12-02T00:00:00Z"));
  });

  it("pages by keyset, newest first, without gaps or repeats, both ways", async () => {
    for (let i = 0; i < 7; i++) await writeAudit(db, { actor: t.rows.A1x, action: "update", resource: `customers:i_customer=${t.rows.A1x.id}`, before: { n: i }, after: { n: i + 1 }, ip: IP });
    const filters = { actor: t.rows.A1x.webLogin };
    const full = (await listAuditPage(t.viewers.A, filters, {}, 100))!.records.map((r) => r.id);
    expect(full).toHaveLength(7);
    const pages: bigint[][] = [];
    let cursor: { before?: bigint } = {};
    for (;;) {
      const page = (await listAuditPage(t.viewers.A, filters, cursor, 3))!;
      pages.push(page.records.map((r) => r.id));
      if (page.older === null) break;
      cursor = { before: page.older };
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(full);
    // And back: "newer" from the last page gives the middle page again.
    const last = (await listAuditPage(t.viewers.A, filters, { before: pages[1]![2]! }, 3))!;
    const back = (await listAuditPage(t.viewers.A, filters, { after: last.newer! }, 3))!;
    expect(back.records.map((r) => r.id)).toEqual(pages[1]);
  });

  it("never shows a record of anyone outside the viewer's subtree, whatever it filters by", async () => {
    await writeAudit(db, { actor: t.rows.B1, action: "update", resource: `customers:i_customer=${t.rows.B1.id}`, ip: IP });
    const ofA = (await mine(t.viewers.A))!.records;
    expect(ofA.every((r) => r.actor && [t.rows.A.id, t.rows.A1.id, t.rows.A1x.id].includes(r.actor.id))).toBe(true);
    expect((await mine(t.viewers.A, { actor: t.rows.B1.webLogin }))!.records).toEqual([]);
    expect((await mine(t.viewers.B))!.records.map((r) => r.actor?.id)).toEqual([t.rows.B1.id]);
    // Without the system right the log does not exist for it.
    expect(await mine({ ...t.viewers.A, rights: ALL_RIGHTS & ~toMask(["system_mgmt"]) })).toBeNull();
  });

  it("exports exactly what the page shows, streamed, in the viewer's language", async () => {
    const page = (await listAuditPage(t.viewers.A, {}, { after: since }, 100))!.records;
    const chunks = auditChunks(t.viewers.A, { from: page[page.length - 1]!.createdAt }, 4)!;
    let csv = "";
    for await (const piece of auditCsvChunks(chunks, RU)) csv += piece;
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("id,time,actor,actor_id,action,action_code,record,resource,changes,ip");
    const ids = lines.slice(1).map((l) => BigInt(l.split(",")[0]!));
    expect(ids.slice(0, page.length)).toEqual(page.map((r) => r.id));
    expect(csv).toContain("Курс: 0,92 → 0,9345");
    expect(auditChunks({ ...t.viewers.A, rights: 0 }, {})).toBeNull();
  });

  it("gives the same records through XML-RPC getAuditLogs, with names and changes", async () => {
    const start = (await db.auditLog.findFirstOrThrow({ where: { id: { gt: since } }, orderBy: { id: "asc" } })).createdAt;
    const answer = (await METHODS.getAuditLogs!(
      { start_date: formatSippyDate(new Date(start.getTime() - 1000)), end_date: formatSippyDate(new Date(Date.now() + 60_000)), resource: `exchange_rates:i_customer=${t.rows.A.id}:currency=EUR`, action: "U" },
      { viewer: t.viewers.A, ip: IP },
    )) as { records: Record<string, unknown>[] };
    expect(answer.records).toEqual([
      expect.objectContaining({
        action: "U",
        i_customer: t.rows.A.id,
        actor_name: t.rows.A.name,
        action_text: "Changed",
        target_name: `Exchange rate EUR of “${t.rows.A.name}”`,
        changes: [{ field: "rate", field_text: "Rate", before: "0.92", after: "0.9345" }],
      }),
    ]);
  });

  it("names the actor by its current name, and says an action without words by its code", async () => {
    await writeAudit(db, { actor: t.rows.A1, action: "some_future_action", resource: "widgets:id=1", ip: IP });
    const newName = unique("Renamed");
    await db.customer.update({ where: { id: t.rows.A1.id }, data: { name: newName } });
    const [record] = (await listAuditPage(t.viewers.A, { actor: newName }, {}, 1))!.records;
    expect(words(record!)).toEqual({ actor: newName, action: "some_future_action", target: "widgets:id=1", changes: [] });
  });
});
