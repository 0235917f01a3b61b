// The readable audit log: a page of records under the access rule
// (lib/access auditScope), filtered, keyset-paged by id (the log is
// append-only, so ids only grow), each record with its actor and target by
// name and its changes as before/after pairs. The web page, its CSV export
// and XML-RPC getAuditLogs all read through here, so they show the same.
//
// Names: a customer, account, tariff, API key or voucher batch is named when
// it lies in the viewer's subtree (archived ones too: a deleted record keeps
// its last name in its row); anything above or beside the viewer (its
// provider, for the records of someone who logged in as it) stays unnamed,
// as everywhere else (lib/access namedActorScope). Root sees every name.
import "server-only";
import { db } from "@/lib/db/client";
import { staleOkDb } from "@/lib/db/replica";
import { Prisma } from "@/lib/db/generated/client";
import type { Viewer } from "@/lib/auth/viewer";
import { auditScope } from "@/lib/access/access";
import { isInSubtree, subtreeRange } from "@/lib/customers/scope";
import { likePattern } from "@/lib/table/list-params";
import { AUDIT_RESOURCE_PREFIXES, type AuditCursor, type AuditFilters } from "./audit-filters";
import { describeChanges, parseResource, tariffIdsIn, type AuditChange, type AuditTarget, type Named } from "./describe";

export interface AuditRecord {
  id: bigint;
  createdAt: Date;
  action: string;
  resource: string;
  ip: string | null;
  /** Null for nobody (a failed login for an unknown name). */
  actor: Named | null;
  target: AuditTarget;
  changes: AuditChange[];
}

export interface AuditPage {
  records: AuditRecord[];
  /** The cursor of the page of newer records, or null on the newest page. */
  newer: bigint | null;
  /** The cursor of the page of older records, or null on the oldest page. */
  older: bigint | null;
}

interface Row {
  id: bigint;
  actor_id: number | null;
  action: string;
  resource: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  created_at: Date;
}

/** The WHERE clause: the viewer's records (null: it may read none) narrowed by the filters. */
function conditions(viewer: Viewer, filters: AuditFilters): Prisma.Sql[] | null {
  if (!auditScope(viewer)) return null;
  const where: Prisma.Sql[] = [];
  if (!viewer.isRoot) {
    const range = subtreeRange(viewer.path);
    where.push(Prisma.sql`a.actor_path >= ${range.gte} AND a.actor_path < ${range.lt}`);
  }
  if (filters.actor) {
    const pattern = `%${likePattern(filters.actor)}%`;
    where.push(Prisma.sql`a.actor_id IN (SELECT c.id FROM customers c WHERE c.name ILIKE ${pattern} OR c.web_login ILIKE ${pattern})`);
  }
  if (filters.action) where.push(Prisma.sql`a.action = ${filters.action}`);
  if (filters.resource) {
    const prefixes = AUDIT_RESOURCE_PREFIXES[filters.resource].map((p) => Prisma.sql`starts_with(a.resource, ${p})`);
    where.push(Prisma.sql`(${Prisma.join(prefixes, " OR ")})`);
  }
  if (filters.from) where.push(Prisma.sql`a.created_at >= ${filters.from}`);
  if (filters.to) where.push(Prisma.sql`a.created_at < ${filters.to}`);
  return where;
}

const whereOf = (parts: Prisma.Sql[]) => (parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty);

async function readRows(parts: Prisma.Sql[], order: "asc" | "desc", take: number): Promise<Row[]> {
  const reader = await staleOkDb();
  const direction = order === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return reader.$queryRaw<Row[]>`
    SELECT a.id, a.actor_id, a.action, a.resource, a.before, a.after, a.ip, a.created_at
    FROM audit_log a ${whereOf(parts)} ORDER BY a.id ${direction} LIMIT ${take}`;
}

/** One page of the viewer's audit log, newest first; null when the viewer may read no record. */
export async function listAuditPage(viewer: Viewer, filters: AuditFilters, cursor: AuditCursor, size: number): Promise<AuditPage | null> {
  const parts = conditions(viewer, filters);
  if (!parts) return null;
  let rows: Row[];
  let newer: bigint | null = null;
  let older: bigint | null = null;
  if (cursor.after !== undefined) {
    rows = await readRows([...parts, Prisma.sql`a.id > ${cursor.after}`], "asc", size + 1);
    if (rows.length > size) {
      rows = rows.slice(0, size);
      newer = rows[rows.length - 1]!.id;
    }
    rows.reverse();
    if (rows.length) older = rows[rows.length - 1]!.id;
  } else {
    const before = cursor.before;
    rows = await readRows(before === undefined ? parts : [...parts, Prisma.sql`a.id < ${before}`], "desc", size + 1);
    if (rows.length > size) {
      rows = rows.slice(0, size);
      older = rows[rows.length - 1]!.id;
    }
    if (before !== undefined && rows.length) newer = rows[0]!.id;
  }
  return { records: await describeRows(viewer, rows), newer, older };
}

/** Every record the filters match, newest first, a chunk at a time (the CSV export); null when the viewer may read none. */
export function auditChunks(viewer: Viewer, filters: AuditFilters, chunk = 500): AsyncGenerator<AuditRecord[]> | null {
  const parts = conditions(viewer, filters);
  if (!parts) return null;
  return (async function* () {
    let before: bigint | undefined;
    for (;;) {
      const rows = await readRows(before === undefined ? parts : [...parts, Prisma.sql`a.id < ${before}`], "desc", chunk);
      if (rows.length === 0) return;
      yield await describeRows(viewer, rows);
      if (rows.length < chunk) return;
      before = rows[rows.length - 1]!.id;
    }
  })();
}

/** Records in a period, oldest first, offset-paged (XML-RPC getAuditLogs, Sippy's shape); null when the viewer may read none. */
export async function searchAuditRecords(
  viewer: Viewer,
  query: { from: Date; to: Date; resource?: string; actions?: string[]; offset: number; limit: number },
): Promise<AuditRecord[] | null> {
  const parts = conditions(viewer, { from: query.from, to: query.to });
  if (!parts) return null;
  if (query.resource) parts.push(Prisma.sql`a.resource = ${query.resource}`);
  if (query.actions) parts.push(Prisma.sql`a.action IN (${Prisma.join(query.actions)})`);
  const rows = await db.$queryRaw<Row[]>`
    SELECT a.id, a.actor_id, a.action, a.resource, a.before, a.after, a.ip, a.created_at
    FROM audit_log a ${whereOf(parts)} ORDER BY a.id ASC OFFSET ${query.offset} LIMIT ${query.limit}`;
  return describeRows(viewer, rows);
}

// ------------------------------------------------------------------ names

type NameTable = Map<number, string | null>;

/** Names of rows the viewer may see named (`path` in its subtree, or Root); others null (unnamed). */
function visible(viewer: Viewer, rows: { id: number; name: string; path: string | null }[]): NameTable {
  return new Map(rows.map((r) => [r.id, viewer.isRoot || (r.path !== null && isInSubtree(viewer.path, r.path)) ? r.name : null]));
}

async function loadNames(viewer: Viewer, ids: { customers: number[]; accounts: number[]; tariffs: number[]; apiKeys: number[]; batches: number[] }) {
  const reader = await staleOkDb();
  const none = Promise.resolve([] as { id: number; name: string; path: string | null }[]);
  const list = (xs: number[]) => Prisma.join([...new Set(xs)]);
  const [customers, accounts, tariffs, apiKeys, batches] = await Promise.all([
    ids.customers.length ? reader.$queryRaw<{ id: number; name: string; path: string }[]>`SELECT id, name, path FROM customers WHERE id IN (${list(ids.customers)})` : none,
    ids.accounts.length
      ? reader.$queryRaw<{ id: number; name: string; path: string }[]>`SELECT id, username AS name, owner_path AS path FROM accounts WHERE id IN (${list(ids.accounts)})`
      : none,
    ids.tariffs.length
      ? reader.$queryRaw<{ id: number; name: string; path: string }[]>`SELECT t.id, t.name, c.path FROM tariffs t JOIN customers c ON c.id = t.owner_id WHERE t.id IN (${list(ids.tariffs)})`
      : none,
    ids.apiKeys.length
      ? reader.$queryRaw<{ id: number; name: string; path: string }[]>`SELECT k.id, k.name, c.path FROM api_keys k JOIN customers c ON c.id = k.owner_id WHERE k.id IN (${list(ids.apiKeys)})`
      : none,
    ids.batches.length
      ? reader.$queryRaw<{ id: number; name: string; path: string }[]>`SELECT b.id, b.tag AS name, c.path FROM voucher_batches b JOIN customers c ON c.id = b.owner_id WHERE b.id IN (${list(ids.batches)})`
      : none,
  ]);
  return {
    customer: visible(viewer, customers),
    account: visible(viewer, accounts),
    tariff: visible(viewer, tariffs),
    apiKey: visible(viewer, apiKeys),
    voucherBatch: visible(viewer, batches),
  };
}

export type NameTables = Awaited<ReturnType<typeof loadNames>>;

/** The rows with actor, target and changes resolved to names the viewer may see. */
async function describeRows(viewer: Viewer, rows: Row[]): Promise<AuditRecord[]> {
  const targets = rows.map((r) => parseResource(r.resource));
  const ids = { customers: [] as number[], accounts: [] as number[], tariffs: [] as number[], apiKeys: [] as number[], batches: [] as number[] };
  for (const r of rows) if (r.actor_id !== null) ids.customers.push(r.actor_id);
  for (const t of targets) {
    if (t.kind === "customer" || t.kind === "exchangeRate") ids.customers.push(t.id);
    else if (t.kind === "account") ids.accounts.push(t.id);
    else if (t.kind === "tariff" || t.kind === "rate") ids.tariffs.push(t.id);
    else if (t.kind === "apiKey") ids.apiKeys.push(t.id);
    else if (t.kind === "voucherBatch") ids.batches.push(t.id);
    else if (t.kind === "funds") (t.holder === "customer" ? ids.customers : ids.accounts).push(t.id);
  }
  for (const r of rows) ids.tariffs.push(...tariffIdsIn(r.before), ...tariffIdsIn(r.after));
  const names = await loadNames(viewer, ids);
  return rows.map((r, i) => {
    const target = targets[i]!;
    return {
      id: r.id,
      createdAt: r.created_at,
      action: r.action,
      resource: r.resource,
      ip: r.ip,
      actor: r.actor_id === null ? null : { id: r.actor_id, name: names.customer.get(r.actor_id) ?? null },
      target: nameTarget(target, names),
      changes: describeChanges(target, r.before, r.after, names.tariff),
    };
  });
}

function nameTarget(target: AuditTarget, names: NameTables): AuditTarget {
  switch (target.kind) {
    case "customer":
    case "exchangeRate":
      return { ...target, name: names.customer.get(target.id) ?? null };
    case "account":
      return { ...target, name: names.account.get(target.id) ?? null };
    case "tariff":
    case "rate":
      return { ...target, name: names.tariff.get(target.id) ?? null };
    case "apiKey":
      return { ...target, name: names.apiKey.get(target.id) ?? null };
    case "voucherBatch":
      return { ...target, name: names.voucherBatch.get(target.id) ?? null };
    case "funds":
      return { ...target, name: (target.holder === "customer" ? names.customer : names.account).get(target.id) ?? null };
    default:
      return target;
  }
}
