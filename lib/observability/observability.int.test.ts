// The metrics hooks and the health check against the real database: a
// booking, a replay, a refusal and a converted booking through the app's own
// maintenance path; an audited failed login; the health answer with the
// database up, refusing connections, and silent.
import { createServer, type Server } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { Counter } from "prom-client";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { authenticate } from "@/lib/auth/authenticate";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { rateFromDecimalString } from "@/lib/money";
import { DomainError } from "@/lib/errors/domain-error";
import { observability } from "./core.mjs";
import { healthResponse } from "./health";

let db: Db;
let parent: Viewer;
let child: number;

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  parent = viewerOf(top);
  child = (await makeCustomer(db, top, { creditLimit: 0n })).id;
  await setExchangeRate(parent, "EUR", rateFromDecimalString("0.5"), null);
});
afterAll(() => db.$disconnect());

async function valueOf<T extends string>(counter: Counter<T>, labels: Record<T, string>): Promise<number> {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k as T] === value))?.value ?? 0;
}

const maintenance = (action: "debit" | "add_funds", amount: string, currency = "USD", key = randomUUID()) =>
  runMaintenance(parent, child, maintenanceSchema("en").parse({ action, amount, currency, notes: "", idempotencyKey: key }), null);

describe("switchboard_ledger_bookings_total", () => {
  const { bookings } = observability();
  const snapshot = async () => {
    const entries = [];
    for (const type of ["add_funds", "debit"]) {
      for (const outcome of ["booked", "replayed", "refused", "failed"]) entries.push([`${type}/${outcome}`, await valueOf(bookings, { type, outcome })] as const);
    }
    return Object.fromEntries(entries);
  };
  const increase = (before: Record<string, number>, after: Record<string, number>) =>
    Object.fromEntries(Object.entries(after).filter(([k, v]) => v !== before[k]).map(([k, v]) => [k, v - before[k]!]));

  it("counts a booking, its replay and a refusal once each", async () => {
    const before = await snapshot();
    const key = randomUUID();
    expect(await maintenance("add_funds", "10", "USD", key)).toMatchObject({ created: true });
    expect(await maintenance("add_funds", "10", "USD", key)).toMatchObject({ created: false });
    await expect(maintenance("debit", "1000")).rejects.toBeInstanceOf(DomainError); // beyond the credit limit
    expect(increase(before, await snapshot())).toEqual({ "add_funds/booked": 1, "add_funds/replayed": 1, "debit/refused": 1 });
  });

  it("counts a booking in another currency once, as booked: the mismatch that leads to its conversion is no outcome", async () => {
    const before = await snapshot();
    expect(await maintenance("debit", "2", "EUR")).toMatchObject({ created: true, currency: "USD" });
    expect(increase(before, await snapshot())).toEqual({ "debit/booked": 1 });
  });
});

describe("switchboard_login_failures_total", () => {
  it("counts an audited failed web login", async () => {
    const { loginFailures } = observability();
    const before = await valueOf(loginFailures, { channel: "web", reason: "failed" });
    expect(await authenticate(db, { login: unique("ghost"), password: "wrong", ip: "192.0.2.77" })).toEqual({ ok: false, reason: "invalid" });
    expect(await valueOf(loginFailures, { channel: "web", reason: "failed" })).toBe(before + 1);
  });
});

describe("the health answer", () => {
  const answer = async (response: Response) => ({ status: response.status, body: await response.text(), cache: response.headers.get("cache-control") });

  it("is 200 ok when the database answers a query", async () => {
    expect(await answer(await healthResponse(() => db.$pool))).toEqual({ status: 200, body: '{"status":"ok","database":"ok"}', cache: "no-store" });
  });

  it("is 503, with no error text, when the database refuses connections", async () => {
    const closed = await freePort();
    const pool = new pg.Pool({ connectionString: `postgresql://switchboard:secret@127.0.0.1:${closed}/switchboard` });
    try {
      expect(await answer(await healthResponse(() => pool))).toEqual({
        status: 503,
        body: '{"status":"unavailable","database":"unavailable"}',
        cache: "no-store",
      });
    } finally {
      await pool.end();
    }
  });

  it("is 503 within its time limit when the database never answers", async () => {
    const silent: Server = createServer(() => {}); // accepts, says nothing
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const pool = new pg.Pool({ connectionString: `postgresql://switchboard:secret@127.0.0.1:${port}/switchboard` });
    try {
      const started = Date.now();
      expect((await healthResponse(() => pool, 300)).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
      pool.end().catch(() => {}); // its connection attempt never completes
    }
  });
});

/** A loopback port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
