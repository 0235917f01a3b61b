// "Add accounts in bulk" through its HTTP answer (lib/actions/bulk-accounts-stream.ts,
// what POST /api/accounts/bulk returns), on the real database: the viewer is
// resolved from a session as the route resolves it, the request is a real
// Request, the answer is read as the browser reads its stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { testDb, unique } from "@/tests/db";
import { makeCustomer } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { newSession, viewerForSession } from "@/lib/auth/sessions";
import { verifyPassword } from "@/lib/auth/password";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { bulkAccountsResponse, MAX_BODY_BYTES, type BulkLine } from "@/lib/actions/bulk-accounts-stream";
import type { CardCredentials } from "./bulk";

let db: Db;
let owner: Awaited<ReturnType<typeof makeCustomer>>;
let tariff: Awaited<ReturnType<typeof makeTariff>>;
let viewer: Viewer;
let logLines: Record<string, unknown>[];
let log: pino.Logger;

/** The viewer a fresh session of this customer resolves to, as the route resolves it. */
async function sessionViewer(customer: { id: number; sessionVersion: number }): Promise<Viewer> {
  const resolved = await viewerForSession({ kind: "customer", id: customer.id, sv: customer.sessionVersion, ...newSession() });
  if (!resolved) throw new Error("the session did not resolve");
  return resolved;
}

const form = (overrides: Record<string, string> = {}) => ({
  prefix: "card",
  digits: "8",
  count: "200",
  tariffId: String(tariff.id),
  initialBalance: "5.25",
  creditLimit: "1",
  batchTag: unique("batch"),
  timeZone: "Europe/Berlin",
  language: "ru",
  ...overrides,
});

function request(body: unknown, init: { contentType?: string; signal?: AbortSignal; raw?: string } = {}) {
  return new Request("http://localhost/api/accounts/bulk", {
    method: "POST",
    headers: { "content-type": init.contentType ?? "application/json" },
    body: init.raw ?? JSON.stringify(body),
    signal: init.signal,
  });
}

/** Posts the form and reads the whole answer: its status, headers and lines (or JSON). */
async function post(body: unknown, as: Viewer | null = viewer, init: Parameters<typeof request>[1] = {}) {
  const response = await bulkAccountsResponse(as, request(body, init), "192.0.2.7", log);
  const text = await response.text();
  const lines = response.headers.get("content-type")?.startsWith("application/x-ndjson")
    ? text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as BulkLine)
    : [];
  return { response, text, lines, json: lines.length ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const progressOf = (lines: BulkLine[]) => lines.flatMap((l) => ("progress" in l ? [[l.progress, l.total]] : []));
const finalOf = (lines: BulkLine[]) => lines.at(-1)!;

async function accountsIn(batchTag: string) {
  return db.account.findMany({ where: { customerId: owner.id, batchTag }, orderBy: { id: "asc" } });
}
async function auditsFor(batchTag: string) {
  return db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_log WHERE actor_id = ${owner.id} AND after->>'batchTag' = ${batchTag}`;
}
async function liveAccounts() {
  return (await db.customer.findUniqueOrThrow({ where: { id: owner.id } })).liveAccounts;
}

beforeAll(async () => {
  db = testDb();
  const reseller = await makeCustomer(db, null, { name: unique("Reseller") });
  owner = await makeCustomer(db, reseller, { name: unique("Card seller") });
  tariff = await makeTariff(db, owner.id, "USD");
  viewer = await sessionViewer(owner);
  logLines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  log = pino({ level: "info" }, sink).child({ requestId: "bulk-test-request" });
});
afterAll(() => db.$disconnect());

describe("Add accounts in bulk", () => {
  it("creates 200 cards in one run: progress lines, then the cards once; the database keeps only digests", async () => {
    const input = form();
    const before = await liveAccounts();
    const { response, lines } = await post(input);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(progressOf(lines)).toEqual([
      [0, 200],
      [200, 200],
    ]);
    const last = finalOf(lines);
    if (!("done" in last)) throw new Error(`expected the cards, got ${JSON.stringify(last)}`);
    expect(last.done).toEqual({ batchTag: input.batchTag, currency: "USD", count: 200 });
    const cards: CardCredentials[] = last.cards;
    expect(cards).toHaveLength(200);
    expect(new Set(cards.map((c) => c.username.toLowerCase())).size).toBe(200);
    for (const c of cards) {
      expect(c.username).toMatch(/^card\d{8}$/);
      expect(c.voipPassword).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(c.webPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    }

    const rows = await accountsIn(input.batchTag);
    expect(rows).toHaveLength(200);
    const byName = new Map(rows.map((r) => [r.username, r]));
    for (const c of cards) {
      const row = byName.get(c.username)!;
      expect(row).toBeDefined();
      // The switch's digest: MD5(username:realm:password), the authname being the username.
      expect(row.authname).toBe(c.username);
      expect(row.voipHa1).toBe(createHash("md5").update(`${c.username}:${row.voipRealm}:${c.voipPassword}`).digest("hex"));
      expect(row.webPasswordHash).toMatch(/^sha256\$/);
      expect(await verifyPassword(row.webPasswordHash, c.webPassword)).toBe(true);
      expect(await verifyPassword(row.webPasswordHash, c.voipPassword)).toBe(false);
      expect(row).toMatchObject({ tariffId: tariff.id, currency: "USD", balance: 5_250_000n, creditLimit: 1_000_000n, timeZone: "Europe/Berlin", language: "ru" });
    }
    // No secret is anywhere in what was written: the accounts, their ledger, the audit.
    const written = await db.$queryRaw<{ text: string }[]>`
      SELECT row_to_json(a)::text AS text FROM accounts a WHERE customer_id = ${owner.id} AND batch_tag = ${input.batchTag}
      UNION ALL SELECT row_to_json(t)::text FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.batch_tag = ${input.batchTag}
      UNION ALL SELECT row_to_json(l)::text FROM audit_log l WHERE l.actor_id = ${owner.id} AND l.after->>'batchTag' = ${input.batchTag}`;
    expect(written).toHaveLength(600);
    const everything = written.map((w) => w.text).join("\n");
    for (const c of cards) {
      expect(everything).not.toContain(c.voipPassword);
      expect(everything).not.toContain(c.webPassword);
    }
    // Each card opened with its balance in the ledger, and the owner counts them.
    const openings = await db.transaction.findMany({ where: { accountId: { in: rows.map((r) => r.id) } } });
    expect(openings.every((t) => t.type === "opening" && t.amount === 5_250_000n && t.balanceAfter === 5_250_000n)).toBe(true);
    expect(await liveAccounts()).toBe(before + 200);
    // And nothing of it reached the log.
    const logged = JSON.stringify(logLines);
    expect(cards.some((c) => logged.includes(c.voipPassword) || logged.includes(c.webPassword))).toBe(false);
  });

  it("reports progress chunk by chunk on a larger run, in order", async () => {
    const input = form({ count: "1200", digits: "9", prefix: "" });
    const { lines } = await post(input);
    expect(progressOf(lines)).toEqual([
      [0, 1200],
      [500, 1200],
      [1000, 1200],
      [1200, 1200],
    ]);
    const last = finalOf(lines);
    expect("done" in last && last.cards.length).toBe(1200);
    expect("done" in last && last.cards.every((c) => /^\d{9}$/.test(c.username))).toBe(true);
    expect(await accountsIn(input.batchTag)).toHaveLength(1200);
  });

  it("refuses a batch tag the owner used already, beside its field, and writes nothing", async () => {
    const input = form({ count: "5" });
    expect("done" in finalOf((await post(input)).lines)).toBe(true);
    const before = await liveAccounts();

    const again = await post({ ...input, prefix: "other" });
    expect(again.response.status).toBe(200);
    expect(again.lines).toEqual([{ problem: { ok: false, fieldErrors: { batchTag: "batchTagTaken" } } }]);
    expect(await accountsIn(input.batchTag)).toHaveLength(5);
    expect(await liveAccounts()).toBe(before);
  });

  it("refuses 10,001 cards, a tariff not the owner's and too few digits: 400 with each field's problem, nothing written", async () => {
    const before = await liveAccounts();
    const tooMany = await post(form({ count: "10001" }));
    expect(tooMany.response.status).toBe(400);
    expect(tooMany.response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(tooMany.json).toEqual({ ok: false, fieldErrors: { count: "bulkCount" } });

    const stranger = await makeCustomer(db, null, { name: unique("Stranger") });
    const foreign = await makeTariff(db, stranger.id, "USD");
    const several = await post(form({ tariffId: String(foreign.id), digits: "4", count: "5000", batchTag: "bad tag", initialBalance: "-1" }));
    expect(several.response.status).toBe(400);
    expect(several.json).toEqual({
      ok: false,
      fieldErrors: { tariffId: "tariffRequired", digits: "bulkDigitsTooFew?digits=4&count=5000&needed=5", batchTag: "batchTag" },
    });
    const amount = await post(form({ initialBalance: "-1", creditLimit: "1.2345678" }));
    expect(amount.json).toMatchObject({ ok: false, fieldErrors: { initialBalance: expect.stringMatching(/^sign/), creditLimit: expect.stringMatching(/^tooManyDecimals/) } });
    expect(await liveAccounts()).toBe(before);
  });

  it("refuses a customer without the accounts_add right (403, naming the right) and anyone without a session (401)", async () => {
    const limited = await makeCustomer(db, owner, { name: unique("No cards"), rights: ALL_RIGHTS & ~toMask(["accounts_add"]) });
    const limitedTariff = await makeTariff(db, limited.id, "USD");
    const input = form({ tariffId: String(limitedTariff.id) });
    const refused = await post(input, await sessionViewer(limited));
    expect(refused.response.status).toBe(403);
    expect(refused.json).toEqual({ ok: false, formError: "noRight?right=accounts_add" });

    const nobody = await post(input, null);
    expect(nobody.response.status).toBe(401);
    expect(nobody.json).toEqual({ ok: false, error: "unauthenticated" });
    expect(await db.account.count({ where: { batchTag: input.batchTag } })).toBe(0);
  });

  it("answers input that is not the form with a plain refusal", async () => {
    expect((await post(null, viewer, { contentType: "text/plain", raw: "{}" })).response.status).toBe(415);
    expect((await post(null, viewer, { raw: "{not json" })).json).toEqual({ ok: false, formError: "invalid" });
    const huge = await post(null, viewer, { raw: JSON.stringify({ ...form(), prefix: "x".repeat(MAX_BODY_BYTES) }) });
    expect(huge.response.status).toBe(413);
    const missing = await post({});
    expect(missing.response.status).toBe(400);
    expect(Object.keys(missing.json!.fieldErrors as object).sort()).toEqual(
      ["batchTag", "count", "creditLimit", "digits", "initialBalance", "language", "prefix", "tariffId", "timeZone"].sort(),
    );
  });

  it("a failure mid-run (the database refuses a row of the second chunk) leaves no account, ledger row or audit record; the person reads only 'try again'", async () => {
    const input = form({ count: "1000" });
    const before = await liveAccounts();
    // A real failure inside the transaction, after the first 500 cards were written in it.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION bulk_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.batch_tag = '${input.batchTag}' AND (SELECT count(*) FROM accounts WHERE batch_tag = NEW.batch_tag) >= 700 THEN
          RAISE EXCEPTION 'could not extend file (test)';
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER bulk_test_refuse BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION bulk_test_refuse()`);
    try {
      const { response, lines, text } = await post(input);
      expect(response.status).toBe(200);
      expect(progressOf(lines)).toEqual([
        [0, 1000],
        [500, 1000],
      ]);
      expect(finalOf(lines)).toEqual({ problem: { ok: false, formError: "unexpected" } });
      expect(text).not.toContain("could not extend file");
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER bulk_test_refuse ON accounts`);
      await db.$executeRawUnsafe(`DROP FUNCTION bulk_test_refuse()`);
    }
    expect(await accountsIn(input.batchTag)).toHaveLength(0);
    expect((await auditsFor(input.batchTag))[0]!.n).toBe(0n);
    expect(await liveAccounts()).toBe(before);
    // Logged for the operator, with the request id and the cause; never the input's secrets (there are none yet) or cards.
    const logged = logLines.find((l) => l.msg === "bulk accounts failed; rolled back, nothing created");
    expect(logged).toMatchObject({ level: 50, requestId: "bulk-test-request", batchTag: input.batchTag, count: 1000 });
    expect(JSON.stringify(logged)).toContain("could not extend file");
  });

  it("a person who leaves mid-run (the request is aborted) gets nothing committed: nobody would ever see those cards", async () => {
    const input = form({ count: "4000" });
    const before = await liveAccounts();
    const abort = new AbortController();
    const response = await bulkAccountsResponse(viewer, request(input, { signal: abort.signal }), "192.0.2.7", log);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    // Read until the first chunk is written inside the transaction, then leave.
    while (!seen.includes('{"progress":500,')) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the run ended before the client left: ${seen}`);
      seen += decoder.decode(value);
    }
    abort.abort();
    await reader.cancel();
    await expect.poll(() => logLines.some((l) => l.batchTag === input.batchTag && l.level === 40), { timeout: 30_000 }).toBe(true);
    expect(seen).not.toContain('"done"');
    expect(await accountsIn(input.batchTag)).toHaveLength(0);
    expect((await auditsFor(input.batchTag))[0]!.n).toBe(0n);
    expect(await liveAccounts()).toBe(before);
  });

  it("creates 10,000 cards, the most one run allows, in one transaction", async () => {
    const input = form({ count: "10000", digits: "10", prefix: "max-" });
    const started = performance.now();
    const { lines } = await post(input);
    const seconds = (performance.now() - started) / 1000;
    const last = finalOf(lines);
    expect("done" in last && last.cards.length).toBe(10_000);
    expect(progressOf(lines)).toHaveLength(21);
    expect(await db.account.count({ where: { customerId: owner.id, batchTag: input.batchTag } })).toBe(10_000);
    console.info(`bulk: 10,000 cards in ${seconds.toFixed(1)} s`);
  });
});
