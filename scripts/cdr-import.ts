// npm run cdr:import FILE [-- --as LOGIN]: charges the call records of a CSV
// file (the browser import's format and checks, lib/calls/cdr-csv.ts)
// through the same path as the JSON API, in batches of 10,000, as Root (or
// as LOGIN, a customer holding system_mgmt: then only its subtree's accounts).
// The whole file is checked first: any rejected line, and nothing is charged.
// A file sent again charges nothing twice (its calls come back as duplicates).
// Exits 0 when every record was charged, is a duplicate or is kept unrated;
// 1 when any line was rejected or refused (each is printed with its line).
import { readFileSync } from "node:fs";
import { createPrismaClient } from "../lib/db/create-client";
import { databaseSettings } from "../lib/db/config";
import { openEmbeddedPostgres } from "../lib/db/embedded";
import { checkCdrCsv, emptyReport, addReport, reportOf } from "../lib/calls/cdr-csv";
import { MAX_CDR_BATCH } from "../lib/calls/cdr-schema";
import { chargeBatch } from "../lib/calls/charge";
import { problemText as catalogueText } from "../lib/errors/problem-text";
import { decodeProblem, problem as encode, type ProblemCode } from "../lib/errors/problem";
import { DomainError } from "../lib/errors/domain-error";

/** A problem in English; a "field: problem" line's inner problem too (the browser's useProblemText does the same). */
function problemText(encoded: string): string {
  const { code, values } = decodeProblem(encoded);
  if (typeof values.problem !== "string") return catalogueText(encoded);
  return catalogueText(encode(code as ProblemCode, { ...values, problem: catalogueText(values.problem) }));
}

const args = process.argv.slice(2);
const asIndex = args.indexOf("--as");
const login = asIndex >= 0 ? args[asIndex + 1] : undefined;
const file = args.filter((_, i) => i !== asIndex && i !== asIndex + 1)[0];
if (!file || (asIndex >= 0 && !login)) {
  console.error("Usage: npm run cdr:import FILE [-- --as LOGIN]");
  process.exit(2);
}

let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}

const checked = await checkCdrCsv(text);
if (checked.rejected > 0) {
  for (const p of checked.problems) console.log(`line ${p.line}: ${problemText(p.problem)}`);
  if (checked.rejected > checked.problems.length) console.log(`...and ${checked.rejected - checked.problems.length} more.`);
  console.log(`${checked.rejected} lines rejected: nothing was charged.`);
  process.exit(1);
}

const settings = databaseSettings();
const embedded = settings.externalUrl ? undefined : await openEmbeddedPostgres(settings);
const db = createPrismaClient(settings.externalUrl ?? embedded!.url, { tenantKeyRequired: true });
try {
  const who = await db.customer.findFirst({
    where: login ? { loginKey: login.toLowerCase(), archivedAt: null } : { parentId: null },
    select: { id: true, path: true, rights: true, parentId: true, webLogin: true },
  });
  if (!who) throw new Error(login ? `No live customer with the login ${login}.` : "No Root in this database: start the app once first.");
  const principal = { id: who.id, path: who.path, rights: who.rights, isRoot: who.parentId === null };
  let report = emptyReport();
  const total = checked.records.length;
  for (let i = 0; i < total; i += MAX_CDR_BATCH) {
    const chunk = checked.records.slice(i, i + MAX_CDR_BATCH);
    const outcomes = await chargeBatch(
      db,
      principal,
      chunk.map((r) => r.record),
      { source: "import", audit: { action: "import", resource: "cdrs:import", ip: null } },
    );
    report = addReport(
      report,
      reportOf(
        chunk.map((r) => r.line),
        outcomes,
      ),
    );
    console.log(`${Math.min(i + MAX_CDR_BATCH, total)} of ${total} records sent as ${who.webLogin}.`);
  }
  for (const l of report.lines) console.log(`line ${l.line} (${l.outcome}): ${problemText(l.problem)}`);
  console.log(`Charged ${report.charged}, duplicates ${report.duplicates}, unrated ${report.unrated} (kept), refused ${report.refused}.`);
  process.exitCode = report.refused ? 1 : 0;
} catch (error) {
  console.error(error instanceof DomainError ? problemText(error.problem) : (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await embedded?.release();
}
