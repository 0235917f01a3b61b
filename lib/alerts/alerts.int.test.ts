// Low-balance alerts on the real database: the trigger records one
// notification per downward crossing (bookings and call charges alike), the
// thresholds are each customer's own or its parent's, and nobody reads or
// marks anyone else's notifications.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { buildCallsChain, fund } from "@/tests/calls-tree";
import { chargeCalls } from "@/tests/calls";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { customerThreshold, ownThresholds, saveOwnThresholds, setCustomerThreshold } from "./thresholds";
import { listNotifications, markAllRead, markRead, unreadCount } from "./notifications";
import { customerThresholdSchema, ownThresholdsSchema } from "./threshold-schema";

let db: Db;
let top: Viewer;
let parent: Viewer;
let child: Viewer;
let sibling: Viewer;

const USD = (units: number) => BigInt(Math.round(units * 1_000_000));
const move = (action: "debit" | "add_funds", amount: string, customerId = child.id) =>
  runMaintenance(parent, customerId, maintenanceSchema("en").parse({ action, amount, currency: "USD", notes: "", idempotencyKey: randomUUID() }), null);
const alertsOf = (recipientId: number, subjectId: number) =>
  db.notification.findMany({ where: { recipientId, subjectId }, orderBy: { id: "asc" } });

beforeAll(async () => {
  db = testDb();
  const topRow = await makeCustomer(db, null);
  const parentRow = await makeCustomer(db, topRow);
  const childRow = await makeCustomer(db, parentRow, { creditLimit: USD(100) });
  const siblingRow = await makeCustomer(db, parentRow, { creditLimit: USD(100) });
  [top, parent, child, sibling] = [viewerOf(topRow), viewerOf(parentRow), viewerOf(childRow), viewerOf(siblingRow)];
  // The parent watches its customers at 10 USD; the child watches itself at 5 USD.
  await saveOwnThresholds(parent, ownThresholdsSchema("USD").parse({ own: "", forCustomers: "10" }), null);
  await saveOwnThresholds(child, ownThresholdsSchema("USD").parse({ own: "5", forCustomers: "" }), null);
});
afterAll(() => db.$disconnect());

describe("a downward crossing records one notification", () => {
  it("tells the parent once when its customer falls below its default, and the customer when below its own", async () => {
    await move("add_funds", "20");
    await move("debit", "5"); // 15: above both
    expect(await alertsOf(parent.id, child.id)).toHaveLength(0);
    await move("debit", "6"); // 9: below the parent's 10
    await move("debit", "1"); // 8: still below, no second one
    const toParent = await alertsOf(parent.id, child.id);
    expect(toParent).toHaveLength(1);
    expect(toParent[0]).toMatchObject({ kind: "low_balance", threshold: USD(10), balance: USD(9), currency: "USD", readAt: null });
    expect(await alertsOf(child.id, child.id)).toHaveLength(0);
    await move("debit", "4"); // 4: below the child's own 5
    expect(await alertsOf(child.id, child.id)).toMatchObject([{ threshold: USD(5), balance: USD(4) }]);
    expect(await alertsOf(parent.id, child.id)).toHaveLength(1);
  });

  it("re-arms when the balance comes back to the threshold, and tells again on the next fall", async () => {
    await move("add_funds", "6"); // 10: at the threshold, not below
    await move("debit", "0.01"); // 9.99
    expect((await alertsOf(parent.id, child.id)).map((n) => n.balance)).toEqual([USD(9), USD(9.99)]);
  });

  it("uses the parent's threshold for one customer instead of its default", async () => {
    await setCustomerThreshold(parent, child.id, customerThresholdSchema("USD").parse({ threshold: "30" }), null);
    expect(await customerThreshold(parent, child.id)).toMatchObject({ override: USD(30), parentDefault: USD(10), currency: "USD" });
    await move("add_funds", "40"); // 49.99
    await move("debit", "20"); // 29.99: below 30, above 10
    expect((await alertsOf(parent.id, child.id)).at(-1)).toMatchObject({ threshold: USD(30), balance: USD(29.99) });
    // Cleared: the default applies again.
    await setCustomerThreshold(parent, child.id, customerThresholdSchema("USD").parse({ threshold: "" }), null);
    expect(await customerThreshold(parent, child.id)).toMatchObject({ override: null });
  });

  it("records exactly one notification when many bookings cross at once", async () => {
    await move("add_funds", "15", sibling.id);
    // Ten debits of 1 from 15 at the same time: the balance passes 10 once.
    await Promise.all(Array.from({ length: 10 }, () => move("debit", "1", sibling.id)));
    expect(await db.customer.findUniqueOrThrow({ where: { id: sibling.id }, select: { balance: true } })).toEqual({ balance: USD(5) });
    expect(await alertsOf(parent.id, sibling.id)).toMatchObject([{ threshold: USD(10) }]);
  });

  it("also notices a fall caused by call charges (the charging path, no booking function)", async () => {
    const chain = await buildCallsChain(db);
    const mid = viewerOf(chain.mid);
    await fund(db, { kind: "customer", id: chain.low.id }, USD(1), "USD", { id: mid.id, path: mid.path });
    await saveOwnThresholds(mid, ownThresholdsSchema("RUB").parse({ own: "", forCustomers: "0.99" }), null);
    // One 60 s call to 49: the low level pays 0.02 USD to mid, 1.00 -> 0.98.
    await chargeCalls(db, [{ accountId: chain.account.id, cld: "4930123456", connectTime: new Date(), duration: 60 }]);
    expect(await alertsOf(mid.id, chain.low.id)).toMatchObject([{ threshold: USD(0.99), balance: USD(0.98), currency: "USD" }]);
  });
});

describe("thresholds and notifications are the viewer's own", () => {
  it("keeps Root's own threshold empty: nobody bills Root", async () => {
    const root = viewerOf(await makeCustomer(db, null));
    expect(await refusal(saveOwnThresholds(root, { own: USD(1), forCustomers: null }, null))).toMatchObject({ code: "invalid", field: "own" });
    await saveOwnThresholds(root, { own: null, forCustomers: USD(2) }, null);
    expect(await ownThresholds(root)).toEqual({ own: null, forCustomers: USD(2) });
  });

  it("audits each change with before and after", async () => {
    const records = await db.auditLog.findMany({ where: { actorId: parent.id, resource: `customers:i_customer=${child.id}:low_balance` }, orderBy: { id: "asc" } });
    expect(records.map((r) => [r.before, r.after])).toEqual([
      [{ threshold: null }, { threshold: "30000000" }],
      [{ threshold: "30000000" }, { threshold: null }],
    ]);
  });

  it("answers 'not found' for a customer that is not the viewer's direct customer", async () => {
    const grandchild = await makeCustomer(db, await db.customer.findUniqueOrThrow({ where: { id: child.id } }));
    expect(await customerThreshold(top, child.id)).toBeNull(); // a grandchild of top
    expect(await customerThreshold(child, parent.id)).toBeNull(); // its parent
    expect(await customerThreshold(child, sibling.id)).toBeNull(); // beside it
    expect(await customerThreshold(parent, 2_147_483_647)).toBeNull(); // guessed
    expect(await refusal(setCustomerThreshold(top, grandchild.id, { threshold: USD(1) }, null))).toMatchObject({ code: "notFound" });
    expect(await refusal(setCustomerThreshold(sibling, child.id, { threshold: USD(1) }, null))).toMatchObject({ code: "notFound" });
  });

  it("lists only the viewer's notifications, newest first, pages by id, and marks only its own read", async () => {
    const mine = await listNotifications(parent);
    expect(mine.rows.length).toBeGreaterThanOrEqual(4);
    expect(mine.rows.every((r) => r.subject.id === child.id || r.subject.id === sibling.id)).toBe(true);
    expect(mine.rows[0]!.subject).toMatchObject({ name: sibling.name, self: false });
    const firstPage = await listNotifications(parent, { take: 2 });
    const secondPage = await listNotifications(parent, { take: 2, before: BigInt(firstPage.next!) });
    expect([...firstPage.rows, ...secondPage.rows].map((r) => r.id)).toEqual(mine.rows.slice(0, 4).map((r) => r.id));
    const childs = await listNotifications(child);
    expect(childs.rows.map((r) => r.subject)).toEqual([{ id: child.id, name: child.name, self: true }]);

    // The child cannot mark the parent's notification, nor can a guessed id.
    expect(await refusal(markRead(child, BigInt(mine.rows[0]!.id)))).toMatchObject({ code: "notFound" });
    expect(await refusal(markRead(child, 9_000_000_000n))).toMatchObject({ code: "notFound" });
    const unread = await unreadCount(parent);
    await markRead(parent, BigInt(mine.rows[0]!.id));
    expect(await unreadCount(parent)).toBe(unread - 1);
    expect(await markAllRead(parent)).toBe(unread - 1);
    expect(await unreadCount(parent)).toBe(0);
    expect(await unreadCount(child)).toBe(1);
  });
});
