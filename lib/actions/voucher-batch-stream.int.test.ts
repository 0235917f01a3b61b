// "Create a batch" through its HTTP answer (lib/actions/voucher-batch-stream.ts,
// what POST /api/vouchers/batches returns) and a batch's state export
// (exportVouchers + the CSV the export route streams), on the real database.
// The viewer is resolved from a session as the route resolves it; the answer
// is read as the browser reads its stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import pino from "pino";
import { testDb, unique } from "@/tests/db";
import { makeAccount, makeCustomer } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { newSession, viewerForSession } from "@/lib/auth/sessions";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { endOfLocalDay } from "@/lib/i18n/format";
import { parseRate } from "@/lib/money";
import { setVoucherDisabled } from "@/lib/vouchers/batches";
import { exportVouchers, type VoucherRow } from "@/lib/vouchers/list";
import { pinMatches } from "@/lib/vouchers/pin";
import { redeemVoucher } from "@/lib/vouchers/redeem";
import { voucherCurrencies } from "@/lib/vouchers/voucher-currencies";
import { voucherStateCsvChunks } from "@/lib/vouchers/voucher-csv";
import { MAX_BODY_BYTES } from "./progress-stream";
import { voucherBatchResponse, type VoucherBatchLine } from "./voucher-batch-stream";

let db: Db;
let owner: Awaited<ReturnType<typeof makeCustomer>>;
let viewer: Viewer;
let logLines: Record<string, unknown>[];
let log: pino.Logger;

async function sessionViewer(customer: { id: number; sessionVersion: number }): Promise<Viewer> {
  const resolved = await viewerForSession({ kind: "customer", id: customer.id, sv: customer.sessionVersion, ...newSession() });
  if (!resolved) throw new Error("the session did not resolve");
  return resolved;
}

const nextYear = `${new Date().getUTCFullYear() + 1}-03-31`;
const form = (overrides: Record<string, string> = {}) => ({
  tag: unique("vb"),
  count: "25",
  amount: "12.50",
  currency: "USD",
  expiresOn: nextYear,
  numberPrefix: "77",
  numberLength: "12",
  ...overrides,
});

function request(body: unknown, init: { contentType?: string; signal?: AbortSignal; raw?: string } = {}) {
  return new Request("http://localhost/api/vouchers/batches", {
    method: "POST",
    headers: { "content-type": init.contentType ?? "application/json" },
    body: init.raw ?? JSON.stringify(body),
    signal: init.signal,
  });
}

async function post(body: unknown, as: Viewer | null = viewer, init: Parameters<typeof request>[1] = {}) {
  const response = await voucherBatchResponse(as, request(body, init), "192.0.2.8", log);
  const text = await response.text();
  const lines = response.headers.get("content-type")?.startsWith("application/x-ndjson")
    ? text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as VoucherBatchLine)
    : [];
  return { response, text, lines, json: lines.length ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const progressOf = (lines: VoucherBatchLine[]) => lines.flatMap((l) => ("progress" in l ? [[l.progress, l.total]] : []));
const batchesTagged = (tag: string) => db.voucherBatch.findMany({ where: { tag } });

async function readAll<T>(chunks: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const chunk of chunks) all.push(...chunk);
  return all;
}

beforeAll(async () => {
  db = testDb();
  const reseller = await makeCustomer(db, null, { name: unique("Reseller") });
  // Berlin: the expiry is the end of the chosen day there.
  owner = await makeCustomer(db, reseller, { name: unique("Voucher seller"), timeZone: "Europe/Berlin" });
  viewer = await sessionViewer(owner);
  logLines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  log = pino({ level: "info" }, sink).child({ requestId: "voucher-batch-test" });
});
afterAll(() => db.$disconnect());

describe("Create a voucher batch over the progress stream", () => {
  it("creates 2,500 vouchers: progress per chunk of 1,000, then the numbers and PINs once; the database keeps only digests", async () => {
    const input = form({ count: "2500" });
    const { response, lines } = await post(input);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(progressOf(lines)).toEqual([
      [0, 2500],
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    const last = lines.at(-1)!;
    if (!("done" in last)) throw new Error(`expected the batch, got ${JSON.stringify(last)}`);
    const expiresAt = endOfLocalDay(nextYear, "Europe/Berlin");
    expect(last.done).toMatchObject({ tag: input.tag, count: 2500, amount: "12500000", currency: "USD", expiresAt: expiresAt.toISOString() });
    expect(last.vouchers).toHaveLength(2500);
    expect(new Set(last.vouchers.map((v) => v.number)).size).toBe(2500);
    for (const v of last.vouchers) {
      expect(v.number).toMatch(/^77\d{10}$/);
      expect(v.pin).toMatch(/^\d{12}$/);
    }

    const [batch] = await batchesTagged(input.tag);
    expect(batch).toMatchObject({ id: last.done.id, ownerId: owner.id, count: 2500, amount: 12_500_000n, expiresAt });
    const stored = await db.voucher.findMany({ where: { batchId: batch!.id } });
    expect(stored).toHaveLength(2500);
    const byNumber = new Map(stored.map((s) => [s.number, s]));
    for (const v of last.vouchers.slice(0, 50)) {
      const row = byNumber.get(v.number)!;
      expect(pinMatches({ salt: Buffer.from(row.pinSalt), hash: Buffer.from(row.pinHash) }, v.pin)).toBe(true);
    }
    // Nothing of a PIN reached the log.
    const logged = JSON.stringify(logLines);
    expect(last.vouchers.some((v) => logged.includes(v.pin))).toBe(false);
  });

  it("accepts the owner's currencies: its base and those its rates name; refuses any other beside the field", async () => {
    const parsed = parseRate("0.9");
    if (!parsed.ok) throw new Error("rate");
    await setExchangeRate(viewer, "EUR", parsed.rate, null);
    expect(await voucherCurrencies(viewer)).toEqual(["USD", "EUR"]);
    const eur = await post(form({ currency: "EUR", count: "2" }));
    expect("done" in eur.lines.at(-1)! && eur.lines.at(-1)).toMatchObject({ done: { currency: "EUR", amount: "12500000" } });
    const gbp = await post(form({ currency: "GBP" }));
    expect(gbp.response.status).toBe(400);
    expect(gbp.json).toEqual({ ok: false, fieldErrors: { currency: "voucherCurrency" } });
  });

  it("refuses bad input with each field's problem (400) and a tag already used beside its field; writes nothing", async () => {
    const bad = await post(form({ count: "100001", expiresOn: "2001-01-01", numberPrefix: "12a", numberLength: "30", amount: "0", tag: "bad tag" }));
    expect(bad.response.status).toBe(400);
    expect(bad.json).toEqual({
      ok: false,
      fieldErrors: {
        tag: "batchTag",
        count: "voucherCount?max=100000",
        numberPrefix: "voucherPrefix",
        numberLength: "voucherNumberLength?min=8&max=20",
      },
    });
    const space = await post(form({ count: "5000", numberPrefix: "1234", numberLength: "9" }));
    expect(space.json).toEqual({ ok: false, fieldErrors: { numberLength: "voucherNumberSpace?count=5000&needed=10" } });
    const past = await post(form({ expiresOn: "2001-01-01", amount: "0" }));
    expect(past.json).toEqual({ ok: false, fieldErrors: { amount: "amountZero", expiresOn: "expiryPast" } });

    const input = form({ count: "3" });
    expect("done" in (await post(input)).lines.at(-1)!).toBe(true);
    const again = await post({ ...input, tag: input.tag.toUpperCase() });
    expect(again.response.status).toBe(200);
    expect(again.lines).toEqual([{ problem: { ok: false, fieldErrors: { tag: "batchTagTaken" } } }]);
    expect(await db.voucherBatch.count({ where: { ownerId: owner.id, tag: { equals: input.tag, mode: "insensitive" } } })).toBe(1);
  });

  it("refuses a customer without vouchers_add (403, naming the right), nobody (401), and input that is not the form", async () => {
    const limited = await makeCustomer(db, owner, { rights: ALL_RIGHTS & ~toMask(["vouchers_add"]) });
    const input = form();
    const refused = await post(input, await sessionViewer(limited));
    expect(refused.response.status).toBe(403);
    expect(refused.json).toEqual({ ok: false, formError: "noRight?right=vouchers_add" });
    const nobody = await post(input, null);
    expect(nobody.response.status).toBe(401);
    expect((await post(null, viewer, { contentType: "text/plain", raw: "{}" })).response.status).toBe(415);
    expect((await post(null, viewer, { raw: "{not json" })).json).toEqual({ ok: false, formError: "invalid" });
    expect((await post(null, viewer, { raw: JSON.stringify({ ...input, tag: "x".repeat(MAX_BODY_BYTES) }) })).response.status).toBe(413);
    expect(await batchesTagged(input.tag)).toEqual([]);
  });

  it("a person who leaves mid-run gets nothing committed: no batch, no voucher, no audit record", async () => {
    const input = form({ count: "20000", numberLength: "14" });
    const abort = new AbortController();
    const response = await voucherBatchResponse(viewer, request(input, { signal: abort.signal }), null, log);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes('{"progress":1000,')) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the run ended before the client left: ${seen}`);
      seen += decoder.decode(value);
    }
    abort.abort();
    await reader.cancel();
    await expect.poll(() => logLines.some((l) => l.tag === input.tag && l.level === 40), { timeout: 30_000 }).toBe(true);
    expect(seen).not.toContain('"done"');
    expect(await batchesTagged(input.tag)).toEqual([]);
    expect(await db.auditLog.count({ where: { actorId: owner.id, after: { path: ["tag"], equals: input.tag } } })).toBe(0);
  });
});

describe("a batch's state export", () => {
  it("reads every voucher with its state, filtered as the page is, in chunks, never a PIN; another customer's batch is not found", async () => {
    const batch = await makeVoucherBatch(viewer, { count: "2300", amount: "5", currency: "USD" });
    const tariff = await makeTariff(db, owner.id, "USD");
    const account = await makeAccount(db, owner, tariff);
    const [redeemed, disabled] = batch.vouchers;
    await redeemVoucher({ kind: "customer", viewer, accountId: account.id, loginKeys: [] }, redeemed!, null);
    await setVoucherDisabled(viewer, (await db.voucher.findUniqueOrThrow({ where: { number: disabled!.number } })).id, true, null);

    const all = await exportVouchers(viewer, batch.id, { q: "", state: null });
    const chunks: VoucherRow[][] = [];
    for await (const chunk of all!.chunks) chunks.push(chunk);
    expect(chunks.map((c) => c.length)).toEqual([1000, 1000, 300]);
    const rows = chunks.flat();
    expect(rows.map((r) => r.number)).toEqual(batch.vouchers.map((v) => v.number));
    expect(rows[0]).toMatchObject({ state: "redeemed", redeemedBy: { id: account.id, username: account.username } });
    expect(rows[1]).toMatchObject({ state: "disabled", redeemedBy: null });
    expect(rows.slice(2).every((r) => r.state === "new")).toBe(true);

    expect((await readAll((await exportVouchers(viewer, batch.id, { q: "", state: "redeemed" }))!.chunks)).map((r) => r.number)).toEqual([redeemed!.number]);
    expect((await readAll((await exportVouchers(viewer, batch.id, { q: disabled!.number.slice(-8), state: null }))!.chunks)).map((r) => r.number)).toContain(disabled!.number);

    const again = await exportVouchers(viewer, batch.id, { q: "", state: null });
    let csv = "";
    for await (const text of voucherStateCsvChunks(again!.batch, again!.chunks, viewer.timeZone)) csv += text;
    const lines = csv.trim().split("\n");
    expect(lines).toHaveLength(2301);
    expect(lines[0]).toBe("number,state,amount,currency,expires,redeemed_at,account");
    expect(lines[1]).toMatch(new RegExp(`^${redeemed!.number},redeemed,5.00,USD,\\d{4}-\\d{2}-\\d{2},\\d{4}-.+Z,${account.username}$`));
    expect(batch.vouchers.some((v) => csv.includes(v.pin))).toBe(false);

    const stranger = await sessionViewer(await makeCustomer(db, null));
    expect(await exportVouchers(stranger, batch.id, { q: "", state: null })).toBeNull();
  });
});
