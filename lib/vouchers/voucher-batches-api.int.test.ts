// The JSON API's voucher batches on a real database, called with the Request
// objects Next hands the routes: a batch created with its PINs in the answer
// (and nowhere after), the form's refusals per field, the owner's batches
// and one batch's vouchers a page at a time, anyone else's batch as 404.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { POST as create, GET as list } from "@/app/api/v1/voucher-batches/route";
import { GET as one } from "@/app/api/v1/voucher-batches/[id]/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { redeemVoucher } from "./redeem";
import { ownerRedeemer } from "./redeemers";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

let t: Tree;
let token: string;
beforeEach(async () => {
  t = await buildTree(db);
  token = (await makeApiKey(db, t.viewers.A)).token;
});

const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
const batchBody = (extra: Record<string, unknown> = {}) => ({ tag: `api-${Math.random().toString(36).slice(2, 8)}`, count: 3, amount: "5.50", currency: "USD", expiresOn: nextYear, ...extra });

type Json = Record<string, unknown>;
async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Json };
}
const post = async (body: unknown, as = token) => answer(await create(apiRequest("/api/v1/voucher-batches", { token: as, body })));
const get = async (path: string, as = token) => {
  const url = new URL(`http://localhost${path}`);
  const id = url.pathname.split("/")[4];
  const request = apiRequest(path, { token: as });
  return answer(await (id === undefined ? list(request) : one(request, { params: Promise.resolve({ id }) })));
};

describe("POST /api/v1/voucher-batches", () => {
  it("creates the batch and answers every number with its PIN, which then redeems; nothing later shows a PIN", async () => {
    const { status, body } = await post(batchBody({ numberPrefix: "77", numberLength: 14 }));
    expect(status).toBe(201);
    expect(body).toMatchObject({ count: 3, amount: "5.5", currency: "USD", redeemed: 0, left: 3, valueLeft: "16.5", numberPrefix: "77", numberLength: 14, disabled: false });
    const vouchers = body.vouchers as { number: string; pin: string }[];
    expect(vouchers).toHaveLength(3);
    for (const v of vouchers) {
      expect(v.number).toMatch(/^77\d{12}$/);
      expect(v.pin).toMatch(/^\d{12}$/);
    }
    // The end of the chosen day in the owner's time zone (UTC here): expired from the next midnight on.
    expect(body.expiresAt).toBe(new Date(Date.UTC(new Date().getUTCFullYear() + 1, 6, 1)).toISOString());
    const stored = await db.voucherBatch.findUniqueOrThrow({ where: { id: body.id as number } });
    expect(stored).toMatchObject({ ownerId: t.viewers.A.id, count: 3, amount: 5_500_000n });

    const tariff = await makeTariff(db, t.viewers.A.id);
    const account = await makeAccount(db, t.viewers.A, tariff);
    await redeemVoucher(ownerRedeemer(t.viewers.A, account.id), vouchers[0]!, null);

    const listed = await get("/api/v1/voucher-batches");
    const shown = await get(`/api/v1/voucher-batches/${body.id}`);
    for (const text of [JSON.stringify(listed.body), JSON.stringify(shown.body)]) {
      for (const v of vouchers) expect(text).not.toContain(v.pin);
    }
    expect(shown.body.batch).toMatchObject({ redeemed: 1, left: 2 });
  });

  it("refuses bad values field by field with the form's messages, a tag in use with 409, and a key owner without vouchers_add with 403", async () => {
    const bad = await post(batchBody({ currency: "JPY" }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "currency", message: "Choose your own currency or one you have an exchange rate for." }]);
    const shape = await post(batchBody({ count: 0, amount: 5, extra: true }));
    expect(shape.status).toBe(400);
    // JSON types first: a number for the amount (floats are not exact), a count of 0, a name the endpoint does not take.
    expect((shape.body.errors as { field: string }[]).map((e) => e.field)).toEqual(expect.arrayContaining(["amount", "count"]));
    expect(shape.body.errors).toHaveLength(3);

    const values = await post(batchBody({ expiresOn: "2001-01-01", count: 100_000, numberPrefix: "12", numberLength: 8, amount: "1.234" }));
    expect(values.status).toBe(400);
    expect((values.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(["amount", "expiresOn", "numberLength"]);

    const first = batchBody();
    expect((await post(first)).status).toBe(201);
    const again = await post({ ...first, tag: first.tag.toUpperCase() });
    expect(again).toMatchObject({ status: 409, body: { code: "conflict" } });

    await db.customer.update({ where: { id: t.viewers.A.id }, data: { rights: ALL_RIGHTS & ~toMask(["vouchers_add"]) } });
    expect(await post(batchBody())).toMatchObject({ status: 403, body: { code: "no_right" } });
    expect(await db.voucherBatch.count({ where: { ownerId: t.viewers.A.id } })).toBe(1);
  });
});

describe("GET /api/v1/voucher-batches", () => {
  it("lists only the key owner's live batches, newest first, a page at a time, searched by tag", async () => {
    const older = await makeVoucherBatch(t.viewers.A, { tag: "spring-sale" });
    const newer = await makeVoucherBatch(t.viewers.A, { tag: "summer-sale" });
    await makeVoucherBatch(t.viewers.B, { tag: "spring-sale" });
    await makeVoucherBatch(t.viewers.A1, { tag: "spring-below" });

    const all = await get("/api/v1/voucher-batches");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect((all.body.batches as { id: number }[]).map((b) => b.id)).toEqual([newer.id, older.id]);
    const second = await get("/api/v1/voucher-batches?page=2&pageSize=1");
    expect((second.body.batches as { id: number }[]).map((b) => b.id)).toEqual([older.id]);
    const searched = await get("/api/v1/voucher-batches?q=SPRING-S");
    expect((searched.body.batches as { tag: string }[]).map((b) => b.tag)).toEqual(["spring-sale"]);
    expect((await get("/api/v1/voucher-batches?pageSize=1000")).status).toBe(400);
  });
});

describe("GET /api/v1/voucher-batches/{id}", () => {
  it("shows one batch's vouchers with their state and who redeemed them, filtered by state, a page at a time", async () => {
    const batch = await makeVoucherBatch(t.viewers.A, { count: "4" });
    const tariff = await makeTariff(db, t.viewers.A.id);
    const account = await makeAccount(db, t.viewers.A, tariff);
    await redeemVoucher(ownerRedeemer(t.viewers.A, account.id), batch.vouchers[1]!, null);
    const disabled = await db.voucher.findUniqueOrThrow({ where: { number: batch.vouchers[2]!.number } });
    await db.voucher.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });

    const { status, body } = await get(`/api/v1/voucher-batches/${batch.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 4, batch: { id: batch.id, redeemed: 1, disabledCount: 1, left: 2 } });
    expect((body.vouchers as { number: string; state: string }[]).map((v) => [v.number, v.state])).toEqual([
      [batch.vouchers[0]!.number, "new"],
      [batch.vouchers[1]!.number, "redeemed"],
      [batch.vouchers[2]!.number, "disabled"],
      [batch.vouchers[3]!.number, "new"],
    ]);
    const redeemed = await get(`/api/v1/voucher-batches/${batch.id}?state=redeemed`);
    expect(redeemed.body).toMatchObject({
      total: 1,
      vouchers: [{ number: batch.vouchers[1]!.number, state: "redeemed", redeemedAt: expect.any(String), redeemedBy: { id: account.id, username: account.username } }],
    });
    const paged = await get(`/api/v1/voucher-batches/${batch.id}?page=2&pageSize=3`);
    expect((paged.body.vouchers as { number: string }[]).map((v) => v.number)).toEqual([batch.vouchers[3]!.number]);
  });

  it("answers 404 for another customer's batch, one above or below, a deleted one, and a path that names no batch", async () => {
    for (const owner of [t.viewers.B, t.viewers.Top, t.viewers.A1]) {
      const theirs = await makeVoucherBatch(owner);
      expect(await get(`/api/v1/voucher-batches/${theirs.id}`)).toMatchObject({ status: 404, body: { code: "not_found" } });
    }
    const deleted = await makeVoucherBatch(t.viewers.A);
    await db.voucherBatch.update({ where: { id: deleted.id }, data: { archivedAt: new Date() } });
    expect((await get(`/api/v1/voucher-batches/${deleted.id}`)).status).toBe(404);
    expect(await get("/api/v1/voucher-batches/abc")).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect((await get("/api/v1/voucher-batches/99999999999")).status).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  it("describes the voucher endpoints, the batch id as a path parameter", async () => {
    const doc = (await (await openapi(new Request("http://localhost/api/v1/openapi.json"))).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean }[]; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths["/api/v1/voucher-batches"]!).sort()).toEqual(["get", "post"]);
    const byId = doc.paths["/api/v1/voucher-batches/{id}"]!.get!;
    expect(byId.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    expect(byId.parameters).toContainEqual(expect.objectContaining({ name: "state", in: "query", required: false }));
    expect(Object.keys(byId.responses)).toEqual(["200", "400", "401", "403", "404", "500"]);
    expect(Object.keys(doc.paths["/api/v1/voucher-batches"]!.post!.responses)).toContain("409");
  });
});
