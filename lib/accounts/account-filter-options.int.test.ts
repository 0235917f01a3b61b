import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { listAccountFilterOptions } from "./account-filter-options";
import { accountCsvChunks } from "./account-csv";
import { exportAccounts } from "./accounts";
import { readCsv } from "@/lib/csv/parse-csv";

let db: Db;
let parent: Viewer;
let owner: Viewer;
let sibling: Viewer;
let child: Viewer;
let used: { id: number; name: string; currency: string };
let other: { id: number; name: string; currency: string };

beforeAll(async () => {
  db = testDb();
  const parentRow = await makeCustomer(db, null);
  const ownerRow = await makeCustomer(db, parentRow);
  const siblingRow = await makeCustomer(db, parentRow);
  const childRow = await makeCustomer(db, ownerRow);
  [parent, owner, sibling, child] = [parentRow, ownerRow, siblingRow, childRow].map(viewerOf) as [Viewer, Viewer, Viewer, Viewer];
  const [a, b, unused, gone] = await Promise.all([makeTariff(db, owner.id), makeTariff(db, owner.id, "EUR"), makeTariff(db, owner.id), makeTariff(db, owner.id)]);
  void unused;
  used = { id: a.id, name: a.name, currency: "USD" };
  other = { id: b.id, name: b.name, currency: "EUR" };
  await makeAccount(db, ownerRow, a, { batchTag: "cards-2", username: `zz-${owner.id}-1` });
  await makeAccount(db, ownerRow, a, { batchTag: "cards-1", username: `zz-${owner.id}-2` });
  await makeAccount(db, ownerRow, b, { username: `zz-${owner.id}-3` });
  const archived = await makeAccount(db, ownerRow, gone, { batchTag: "old", username: `zz-${owner.id}-4` });
  await db.account.update({ where: { id: archived.id }, data: { archivedAt: new Date(), usernameKey: null } });
  await db.customer.update({ where: { id: owner.id }, data: { liveAccounts: { decrement: 1 } } });
});
afterAll(() => db.$disconnect());

describe("listAccountFilterOptions", () => {
  it("offers the tariffs and batch tags of the owner's live accounts, to the owner and its ancestors", async () => {
    const expected = { tariffs: [used, other].sort((x, y) => x.name.toLowerCase().localeCompare(y.name.toLowerCase())), batchTags: ["cards-1", "cards-2"] };
    expect(await listAccountFilterOptions(owner, owner.id)).toEqual(expected);
    expect(await listAccountFilterOptions(parent, owner.id)).toEqual(expected);
  });

  it("offers nothing outside the viewer's subtree, below the owner, or for a forged id", async () => {
    const none = { tariffs: [], batchTags: [] };
    expect(await listAccountFilterOptions(sibling, owner.id)).toEqual(none);
    expect(await listAccountFilterOptions(child, owner.id)).toEqual(none);
    expect(await listAccountFilterOptions(owner, 0)).toEqual(none);
    expect(await listAccountFilterOptions(owner, 2 ** 31)).toEqual(none);
  });
});

describe("the CSV export of a filtered list", () => {
  const csv = async (viewer: Viewer, filters = {}) => {
    const chunks = await exportAccounts(viewer, owner.id, { sort: "username", dir: "asc", q: "" }, filters);
    if (!chunks) return null;
    let text = "";
    for await (const piece of accountCsvChunks(chunks)) text += piece;
    return [...readCsv(text)].map((r) => r.fields);
  };

  it("writes the header and the live accounts the filters keep, in the list's order", async () => {
    const all = await csv(parent);
    expect(all!.map((f) => f[0])).toEqual(["username", `zz-${owner.id}-1`, `zz-${owner.id}-2`, `zz-${owner.id}-3`]);
    expect(all![3]!.slice(2, 5)).toEqual([other.name, "EUR", "0.00"]);
    const cards = await csv(owner, { tariffId: used.id, batchTag: "cards-1" });
    expect(cards!.map((f) => f[0])).toEqual(["username", `zz-${owner.id}-2`]);
  });

  it("is refused (null) to anyone who may not list the owner's accounts", async () => {
    expect(await csv(sibling)).toBeNull();
    expect(await csv(child)).toBeNull();
  });
});
