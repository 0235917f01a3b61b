// The audit log as CSV: the same records, names and words as the page
// (lib/audit/audit-text.ts, in the viewer's language), one line a record.
// Instants are ISO 8601 in UTC (a file is read anywhere); the changes are one
// cell, "Field: before → after" joined by "; ". Every text cell is made
// spreadsheet-safe: names, notes and logins are typed by people.
import { csvLine } from "@/lib/csv/parse-csv";
import { spreadsheetSafe } from "@/lib/csv/spreadsheet-safe";
import type { AuditRecord } from "./audit-log";
import { actionText, actorText, changeText, targetText, type AuditTextContext } from "./audit-text";

export const AUDIT_CSV_HEADER = ["id", "time", "actor", "actor_id", "action", "action_code", "record", "resource", "changes", "ip"];

export function auditCsvLine(r: AuditRecord, context: AuditTextContext): string {
  return csvLine([
    String(r.id),
    r.createdAt.toISOString(),
    spreadsheetSafe(actorText(r.actor, context.locale)),
    r.actor && r.actor.name !== null ? String(r.actor.id) : "",
    actionText(r.action, context.locale),
    r.action,
    spreadsheetSafe(targetText(r.target, context.locale)),
    spreadsheetSafe(r.resource),
    spreadsheetSafe(r.changes.map((c) => changeText(c, context)).join("; ")),
    r.ip ?? "",
  ]);
}

export async function* auditCsvChunks(chunks: AsyncIterable<AuditRecord[]>, context: AuditTextContext): AsyncGenerator<string> {
  yield `${csvLine(AUDIT_CSV_HEADER)}\n`;
  for await (const records of chunks) yield records.map((r) => `${auditCsvLine(r, context)}\n`).join("");
}
