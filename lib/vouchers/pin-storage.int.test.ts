// "Stored so that nobody, Root included, can read them back": after a batch
// is created (and one of its vouchers redeemed, and a wrong PIN tried), every
// column of every table that can hold text or bytes is searched for each PIN
// in clear and for each PIN's unsalted SHA-256 (what a lookup table of all
// 10^12 PINs would match). The search is shown to work first: it finds what
// IS stored, the numbers in clear and the salted digests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import { toMask } from "@/lib/customers/rights";
import { PIN_LENGTH } from "./pin";
import { redeemVoucher } from "./redeem";
import type { CreatedBatch } from "./batches";

let db: Db;
let batch: CreatedBatch;

interface Column {
  table: string;
  column: string;
  /** Searched as bytes (bytea) or as its text form (text, char, varchar, json, jsonb, arrays of them). */
  bytes: boolean;
}

/** Every column of the app's tables that could hold a PIN or a digest, from information_schema. */
async function searchableColumns(): Promise<Column[]> {
  const rows = await db.$queryRaw<{ table_name: string; column_name: string; data_type: string; udt_name: string }[]>`
    SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.udt_name::text
    FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND (c.data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')
           OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_bpchar', '_bytea', '_json', '_jsonb')))
    ORDER BY 1, 2`;
  return rows.map((r) => ({ table: r.table_name, column: r.column_name, bytes: r.data_type === "bytea" }));
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A LIKE pattern matching `bytes` anywhere: "%", then the bytes with backslash, % and _ escaped by a backslash, then "%". */
function likeBytes(bytes: Buffer): Buffer {
  const out: number[] = [0x25];
  for (const b of bytes) out.push(...(b === 0x5c || b === 0x25 || b === 0x5f ? [0x5c, b] : [b]));
  return Buffer.from([...out, 0x25]);
}

/** The columns (as "table.column") in which any of `texts` occurs as text, or any of `blobs` as bytes. */
async function whereFound(columns: Column[], texts: string[], blobs: Buffer[]): Promise<string[]> {
  const found: string[] = [];
  const byTable = new Map<string, Column[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  for (const [table, cols] of byTable) {
    // One scan per table: which of its columns hold a needle, as LIKE ANY over "%needle%" patterns (text and
    // bytes alike). The integration database holds every earlier test file's rows: a sub-select per row and
    // needle took 25-65 s there, a regular expression alternation longer still, LIKE ANY a fifth of the former.
    const probes = cols.map((c) => {
      const value = quote(c.column);
      const asText = c.bytes ? `encode(${value}, 'escape')` : `${value}::text`;
      const blob = c.bytes ? ` OR ${value} LIKE ANY($2::bytea[])` : "";
      return `bool_or(${asText} LIKE ANY($1::text[])${blob}) AS ${quote(c.column)}`;
    });
    const textPatterns = texts.map((t) => `%${t.replace(/[\\%_]/g, "\\$&")}%`);
    const [row] = await db.$queryRawUnsafe<Record<string, boolean | null>[]>(
      `SELECT ${probes.join(", ")} FROM ${quote(table)}`,
      ...(cols.some((c) => c.bytes) ? [textPatterns, blobs.map(likeBytes)] : [textPatterns]),
    );
    for (const c of cols) if (row?.[c.column]) found.push(`${table}.${c.column}`);
  }
  return found;
}

beforeAll(async () => {
  db = testDb();
  const owner = await makeCustomer(db, null, { rights: toMask(["vouchers_add"]) });
  const viewer = viewerOf(owner);
  batch = await makeVoucherBatch(viewer, { count: "50" });
  const account = await makeAccount(db, owner, await makeTariff(db, owner.id, "USD"));
  const by = { kind: "customer" as const, viewer, accountId: account.id, loginKeys: [] };
  await redeemVoucher(by, batch.vouchers[0]!, "192.0.2.44");
  // A wrong guess is audited: its PIN must not be written either (it is the next voucher's, typed on the wrong number).
  await redeemVoucher(by, { number: batch.vouchers[2]!.number, pin: batch.vouchers[1]!.pin }, "192.0.2.44").catch(() => {});
});

afterAll(() => db.$disconnect());

describe("voucher PINs in the database", () => {
  it("are 12 digits, all different", () => {
    const pins = batch.vouchers.map((v) => v.pin);
    expect(pins.every((p) => new RegExp(`^\\d{${PIN_LENGTH}}$`).test(p))).toBe(true);
    expect(new Set(pins).size).toBe(pins.length);
  });

  it("are found nowhere in clear, nor as their unsalted SHA-256, in any table", async () => {
    const columns = await searchableColumns();
    // The search covers the voucher tables and the places a redemption writes to.
    const names = columns.map((c) => `${c.table}.${c.column}`);
    expect(names).toEqual(expect.arrayContaining(["vouchers.pin_hash", "vouchers.pin_salt", "vouchers.number", "audit_log.after", "transactions.notes", "voucher_batches.tag"]));

    // It works: the numbers are stored in clear (vouchers, the booking's notes, the audit), the salted digests as bytes.
    const numbers = batch.vouchers.map((v) => v.number);
    expect(await whereFound(columns, numbers, [])).toEqual(expect.arrayContaining(["audit_log.after", "transactions.notes", "vouchers.number"]));
    const stored = await db.voucher.findMany({ where: { number: { in: numbers } }, select: { pinHash: true } });
    expect(await whereFound(columns, [], stored.map((s) => Buffer.from(s.pinHash)))).toEqual(["vouchers.pin_hash"]);

    // The PINs: as text (also as bytes: a bytea column holding the digits), and their unsalted digest as bytes, hex and base64.
    const pins = batch.vouchers.map((v) => v.pin);
    const unsalted = pins.map((p) => createHash("sha256").update(p, "utf8").digest());
    const texts = [...pins, ...unsalted.map((d) => d.toString("hex")), ...unsalted.map((d) => d.toString("base64"))];
    expect(await whereFound(columns, texts, [...unsalted, ...pins.map((p) => Buffer.from(p, "utf8"))])).toEqual([]);
  });

  it("are stored as SHA-256 over a per-voucher salt: no two salts alike, no digest equal to the unsalted one", async () => {
    const stored = await db.voucher.findMany({ where: { batchId: batch.id }, select: { number: true, pinSalt: true, pinHash: true } });
    expect(stored).toHaveLength(50);
    expect(new Set(stored.map((s) => Buffer.from(s.pinSalt).toString("hex"))).size).toBe(50);
    const pinOf = new Map(batch.vouchers.map((v) => [v.number, v.pin]));
    for (const s of stored) {
      const pin = pinOf.get(s.number)!;
      expect(Buffer.from(s.pinSalt)).toHaveLength(16);
      expect(Buffer.from(s.pinHash).equals(createHash("sha256").update(Buffer.from(s.pinSalt)).update(pin).digest())).toBe(true);
      expect(Buffer.from(s.pinHash).equals(createHash("sha256").update(pin).digest())).toBe(false);
    }
  });
});
