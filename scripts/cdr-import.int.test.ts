// `npm run cdr:import FILE` as a real process against the test database: a
// good file charged through chargeBatch (every level, once), sent again as
// duplicates; a file with a bad line charging nothing; refusals and unrated
// records named by line; a customer without system_mgmt refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseUrl, testDb, unique } from "@/tests/db";
import { buildCallsChain, chainParties, ledgerOf, type CallsChain } from "@/tests/calls-tree";
import { makeCustomer } from "@/tests/factories";
import { run } from "@/tests/processes";
import type { Db } from "@/lib/db/create-client";

let db: Db;
let c: CallsChain;
const folder = mkdtempSync(join(tmpdir(), "cdr-import-"));
const HEADER = "call_id,account,cli,cld,connect_time,duration,disconnect_time,result";

beforeAll(async () => {
  db = testDb();
  c = await buildCallsChain(db);
});
afterAll(() => db.$disconnect());

function file(lines: string[]) {
  const path = join(folder, `${unique("cdrs")}.csv`);
  writeFileSync(path, [HEADER, ...lines].join("\n"));
  return path;
}

const importAs = (path: string, login: string) => run("node_modules/.bin/tsx", ["scripts/cdr-import.ts", path, "--as", login], { DATABASE_URL: databaseUrl() }, 90_000);

describe("npm run cdr:import", () => {
  it("charges a file's calls through the charging path, and books nothing when it is sent again", async () => {
    const [a, b, u, x] = [unique("imp"), unique("imp"), unique("imp"), unique("imp")];
    const path = file([
      `${a},${c.account.username},1555,+49 30 1234567,2026-11-20T10:00:00Z,47,,200`,
      `${b},${c.account.username},1555,4930123,10:01:00.000 GMT Fri Nov 20 2026,,2026-11-20T10:03:05Z,200`,
      `${u},${c.account.username},1555,3312345,2026-11-20T10:05:00Z,30,,200`,
      `${x},nobody-${x},1555,4930123,2026-11-20T10:06:00Z,30,,200`,
    ]);
    const first = await importAs(path, c.root.webLogin);
    expect(first.output).toContain("line 4 (unrated): No rate for 3312345");
    expect(first.output).toContain(`line 5 (refused): account: Unknown account nobody-${x}.`);
    expect(first.output).toContain("Charged 2, duplicates 0, unrated 1 (kept), refused 1.");
    expect(first.code).toBe(1);
    const stored = await db.cdr.findMany({ where: { callId: { in: [a, b, u] } }, orderBy: { callId: "asc" } });
    expect(stored.map((s) => [s.callId, s.source, s.status, s.cost])).toEqual(
      [
        [a, "import", "rated", 49_000n],
        // 125 s from the disconnect time: 30 + 16 * 6 = 126 s billed.
        [b, "import", "rated", 88_000n],
        [u, "import", "unrated", null],
      ].sort((p, q) => String(p[0]).localeCompare(String(q[0]))),
    );
    const audit = await db.auditLog.findFirst({ where: { actorId: c.root.id, action: "import", resource: "cdrs:import" }, orderBy: { id: "desc" } });
    expect(audit?.after).toEqual({ records: 3, charged: 2, duplicates: 0, unrated: 1 });

    const balance = (await db.account.findUniqueOrThrow({ where: { id: c.account.id } })).balance;
    const again = await importAs(path, c.root.webLogin);
    expect(again.output).toContain("Charged 0, duplicates 3, unrated 0 (kept), refused 1.");
    expect((await db.account.findUniqueOrThrow({ where: { id: c.account.id } })).balance).toBe(balance);
    expect(await ledgerOf(db, chainParties(c))).toEqual({ mismatches: [], callMismatches: [] });
  }, 120_000);

  it("charges nothing from a file with a bad line, naming the line", async () => {
    const good = unique("imp");
    const path = file([`${good},${c.account.username},1555,4930123,2026-11-20T10:00:00Z,47,,200`, `${unique("imp")},${c.account.username},1555,4930123,not a time,47,,200`]);
    const result = await importAs(path, c.root.webLogin);
    expect(result.code).toBe(1);
    expect(result.output).toContain("line 3: connect_time: Expected ISO 8601 with a time zone");
    expect(result.output).toContain("1 lines rejected: nothing was charged.");
    expect(await db.cdr.count({ where: { callId: good } })).toBe(0);
  }, 120_000);

  it("refuses a customer without the system_mgmt right", async () => {
    const plain = await makeCustomer(db, c.root, { rights: 0 });
    const result = await importAs(file([`${unique("imp")},${c.account.username},1555,4930123,2026-11-20T10:00:00Z,47,,200`]), plain.webLogin);
    expect(result.code).toBe(1);
    expect(result.output).toContain("You do not have the right to do this (system_mgmt).");
  }, 120_000);
});
