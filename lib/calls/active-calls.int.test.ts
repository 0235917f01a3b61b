// Calls in progress: the viewer's subtree only (its own accounts and its
// customers'), never a call above or beside it, never an expired one; the
// newest first, with the count of all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildCallTree, type CallTree } from "@/tests/call-tree";
import type { Db } from "@/lib/db/create-client";
import { listActiveCalls } from "./active-calls";

let db: Db;
let t: CallTree;
const NOW = new Date();
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

beforeAll(async () => {
  db = testDb();
  t = await buildCallTree(db);
  const call = (id: string, account: { id: number }, ownerPath: string, started: Date, expires: Date) =>
    db.activeCall.create({ data: { callId: `${id}-${t.rows.R.id}`, accountId: account.id, ownerPath, cli: "100", cld: "4420", maxDuration: 600, authorizedAt: started, expiresAt: expires } });
  await call("phone-1", t.accounts.phone, t.rows.L.path, ago(30), ago(-600));
  await call("desk-1", t.accounts.desk, t.rows.M.path, ago(10), ago(-600));
  await call("other-1", t.accounts.other, t.rows.S.path, ago(20), ago(-600));
  // Authorized, never reported, past its max duration plus the margin: stale.
  await call("phone-stale", t.accounts.phone, t.rows.L.path, ago(4000), ago(60));
});
afterAll(() => db.$disconnect());

describe("listActiveCalls", () => {
  it("lists the calls in progress in the viewer's subtree, newest first", async () => {
    const ids = async (node: keyof CallTree["viewers"]) => (await listActiveCalls(t.viewers[node], { now: NOW })).calls.map((r) => r.callId.split("-").slice(0, 2).join("-"));
    expect(await ids("T")).toEqual(["desk-1", "other-1", "phone-1"]);
    expect(await ids("M")).toEqual(["desk-1", "phone-1"]);
    expect(await ids("L")).toEqual(["phone-1"]);
    expect(await ids("S")).toEqual(["other-1"]);
    const m = await listActiveCalls(t.viewers.M, { now: NOW });
    expect(m.count).toBe(2);
    expect(m.calls[1]).toMatchObject({ account: t.accounts.phone.username, owner: { id: t.rows.L.id, name: t.rows.L.name }, maxDuration: 600 });
  });

  it("drops a call once it expired", async () => {
    expect((await listActiveCalls(t.viewers.L, { now: ago(100) })).calls.map((r) => r.callId.split("-")[1])).toEqual(["1", "stale"]);
    expect((await listActiveCalls(t.viewers.L, { now: ago(-700) })).count).toBe(0);
  });
});
