// Accounts as the viewer sees them: SIP user agents and prepaid cards owned
// by customers. Who may do what is the access module's ("account" rules):
// the owner manages its accounts, its ancestors read them; every query here
// carries the rule's predicate, so an account outside it is never read,
// locked or changed, and is answered "not found".
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import { hashPassword } from "@/lib/auth/password";
import { loginKey } from "@/lib/auth/login-key";
import { claimLoginName } from "@/lib/auth/login-names";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { Prisma } from "@/lib/db/generated/client";
import { isRecordId } from "@/lib/db/record-id";
import { lockRow } from "@/lib/db/lock-row";
import { lockAssignableTariff } from "@/lib/tariffs/tariffs";
import { accountRelation, accountScope, allowedActions, permits, requireRightFor } from "@/lib/access/access";
import type { Action } from "@/lib/access/rules";
import { likePattern, pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { bookOpening } from "@/lib/ledger/book";
import { bookMaintenance, transactionRows, type TransactionRow } from "@/lib/ledger/maintenance";
import type { MaintenanceValues } from "@/lib/ledger/maintenance-schema";
import { mayAct } from "@/lib/customers/customers";
import { availableCredit } from "@/lib/customers/credit";
import { tenantOfPath } from "@/lib/customers/scope";
import type { CreateAccountValues, EditAccountValues } from "./account-schema";
import { ACCOUNT_STATES, accountState, effectiveExpiry, STATE_SQL, type AccountState } from "./account-state";
import { sipRealm, voipHa1 } from "./voip-digest";
import { accountResource } from "./account-resource";

export { accountResource };

export const ACCOUNT_SORT_KEYS = ["username", "balance", "creditLimit", "created"] as const;
export type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];

/** The list's filters beyond search (all in the URL). */
export interface AccountFilters {
  state?: AccountState;
  tariffId?: number;
  batchTag?: string;
}

const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });
const notFound = () => new DomainError(problem("notFound"));


/** A live account the viewer may `action`, or null. */
export async function findAccount(viewer: Viewer, action: Action<"account">, id: number) {
  if (!isRecordId(id)) return null;
  return db.account.findFirst({ where: { id, ...accountScope(viewer, action).where } });
}

/** A live account by username (any case) that the viewer may `action`, or null (Sippy's getAccountInfo by username). */
export async function findAccountByUsername(viewer: Viewer, action: Action<"account">, username: string) {
  const key = loginKey(username);
  if (!key) return null;
  return db.account.findFirst({ where: { usernameKey: key, ...accountScope(viewer, action).where } });
}

/** Locks an account the viewer may `action` for the length of the transaction, or refuses with "not found". */
async function lockAccount(tx: Prisma.TransactionClient, viewer: Viewer, action: Action<"account">, id: number) {
  if (!(await lockRow(tx, "accounts", id, accountScope(viewer, action).sql))) throw notFound();
  return tx.account.findUniqueOrThrow({ where: { id } });
}

/** The owner must be live (its parent may be deleting it right now): locks its row, which also serializes its counter. */
async function lockOwner(tx: Prisma.TransactionClient, viewer: Viewer) {
  const [owner] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM customers WHERE id = ${viewer.id}::int AND archived_at IS NULL FOR UPDATE`;
  if (!owner) throw notFound();
}

/** What the audit log keeps of an account: everything but secrets, amounts as exact strings. */
function snapshot(a: {
  username: string;
  authname: string;
  tariffId: number;
  creditLimit: bigint;
  maxSessions: number | null;
  maxCreditTime: number | null;
  lifetimeDays: number | null;
  expiresAt: Date | null;
  timeZone: string;
  language: string;
  description: string;
  blocked: boolean;
  batchTag?: string | null;
}) {
  return {
    username: a.username,
    authname: a.authname,
    tariffId: a.tariffId,
    creditLimit: String(a.creditLimit),
    maxSessions: a.maxSessions,
    maxCreditTime: a.maxCreditTime,
    lifetimeDays: a.lifetimeDays,
    expiresAt: a.expiresAt?.toISOString() ?? null,
    timeZone: a.timeZone,
    language: a.language,
    description: a.description,
    blocked: a.blocked,
    ...(a.batchTag ? { batchTag: a.batchTag } : {}),
  };
}

const settingsOf = (v: CreateAccountValues | EditAccountValues) => ({
  authname: v.authname,
  creditLimit: v.creditLimit,
  maxSessions: v.maxSessions,
  maxCreditTime: v.maxCreditTime,
  lifetimeDays: v.lifetimeDays,
  expiresAt: v.expiresAt,
  timeZone: v.timeZone,
  language: v.language,
  description: v.description,
  blocked: v.blocked,
});

/** The viewer's relation to a customer as the owner of its accounts. */
async function ownerRelation(viewer: Viewer, ownerId: number) {
  if (ownerId === viewer.id) return "owner" as const;
  return (await mayAct(viewer, "view", ownerId)) ? ("ancestor" as const) : ("outside" as const);
}

/** Adds an account owned by `ownerId` (the rules allow only the viewer itself; anyone else is "not found"). */
export async function createAccount(viewer: Viewer, ownerId: number, values: CreateAccountValues, ip: string | null) {
  requireRightFor(viewer, "account", "create");
  if (!isRecordId(ownerId) || !permits(viewer, "account", "create", await ownerRelation(viewer, ownerId))) throw notFound();
  const webPasswordHash = await hashPassword(values.webPassword);
  try {
    return await db.$transaction(async (tx) => {
      await lockOwner(tx, viewer);
      const tariff = await lockAssignableTariff(tx, viewer, values.tariffId);
      if (!(await claimLoginName(tx, values.username, { kind: "account" }))) throw new DomainError(problem("usernameTaken"), "username");
      const realm = sipRealm();
      const row = await tx.account.create({
        data: {
          tenantId: tenantOfPath(viewer.path),
          customerId: viewer.id,
          ownerPath: viewer.path,
          username: values.username,
          usernameKey: loginKey(values.username),
          voipHa1: voipHa1(values.authname, values.voipPassword, realm),
          voipRealm: realm,
          webPasswordHash,
          tariffId: tariff.id,
          currency: tariff.currency,
          ...settingsOf(values),
        },
      });
      await tx.customer.update({ where: { id: viewer.id }, data: { liveAccounts: { increment: 1 } } });
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: accountResource(row.id), after: snapshot(row), ip });
      await bookOpening(tx, { kind: "account", id: row.id }, values.initialBalance ?? 0n, tariff.currency, actor(viewer), ip);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("usernameTaken"), "username");
    throw error;
  }
}

export async function updateAccount(viewer: Viewer, id: number, values: EditAccountValues, ip: string | null) {
  requireRightFor(viewer, "account", "edit");
  const webPasswordHash = values.webPassword ? await hashPassword(values.webPassword) : null;
  try {
    return await db.$transaction(async (tx) => {
      const before = await lockAccount(tx, viewer, "edit", id);
      if (values.tariffId !== before.tariffId) {
        const tariff = await lockAssignableTariff(tx, viewer, values.tariffId);
        // The balance is kept in the account's currency: a tariff in another one would price it wrongly.
        if (tariff.currency !== before.currency) {
          throw new DomainError(problem("accountTariffCurrency", { currency: before.currency }), "tariffId");
        }
      }
      if (loginKey(values.username) !== before.usernameKey && !(await claimLoginName(tx, values.username, { kind: "account", id }))) {
        throw new DomainError(problem("usernameTaken"), "username");
      }
      // The stored HA1 binds the authname: a new authname cannot keep the old password's digest.
      if (values.authname !== before.authname && !values.voipPassword) {
        throw new DomainError(problem("authnameNeedsPassword"), "voipPassword");
      }
      const realm = sipRealm();
      const after = await tx.account.update({
        where: { id },
        data: {
          username: values.username,
          usernameKey: loginKey(values.username),
          tariffId: values.tariffId,
          ...settingsOf(values),
          ...(values.voipPassword ? { voipHa1: voipHa1(values.authname, values.voipPassword, realm), voipRealm: realm } : {}),
          // A new web password or a block ends every self-care session of the account.
          ...(webPasswordHash || (values.blocked && !before.blocked) ? { sessionVersion: { increment: 1 } } : {}),
          ...(webPasswordHash ? { webPasswordHash } : {}),
        },
      });
      await writeAudit(tx, {
        actor: actor(viewer),
        action: "update",
        resource: accountResource(id),
        before: snapshot(before),
        after: {
          ...snapshot(after),
          ...(values.voipPassword ? { voipPassword: "changed" } : {}),
          ...(webPasswordHash ? { webPassword: "changed" } : {}),
        },
        ip,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("usernameTaken"), "username");
    throw error;
  }
}

/** Blocks or unblocks one of the viewer's accounts: calls and self-care logins are refused, sessions end; the balance is untouched. */
export async function setAccountBlocked(viewer: Viewer, id: number, blocked: boolean, ip: string | null) {
  requireRightFor(viewer, "account", "block");
  return db.$transaction(async (tx) => {
    const target = await lockAccount(tx, viewer, "block", id);
    await tx.account.update({
      where: { id },
      data: { blocked, ...(blocked && !target.blocked ? { sessionVersion: { increment: 1 } } : {}) },
    });
    await writeAudit(tx, { actor: actor(viewer), action: "update", resource: accountResource(id), before: { blocked: target.blocked }, after: { blocked }, ip });
    return { id, username: target.username, blocked };
  });
}

/** Deletes one of the viewer's accounts: archived, its username freed, its sessions ended, its ledger and audit history kept. */
export async function archiveAccount(viewer: Viewer, id: number, ip: string | null) {
  requireRightFor(viewer, "account", "delete");
  return db.$transaction(async (tx) => {
    const account = await lockAccount(tx, viewer, "delete", id);
    await tx.account.update({ where: { id }, data: { archivedAt: new Date(), usernameKey: null, sessionVersion: { increment: 1 } } });
    await tx.customer.update({ where: { id: account.customerId }, data: { liveAccounts: { decrement: 1 } } });
    await writeAudit(tx, { actor: actor(viewer), action: "delete", resource: accountResource(id), before: snapshot(account), ip });
    return { id, username: account.username };
  });
}

/** Debit, Credit or Add Funds on one of the viewer's accounts: the customers' ledger, idempotency and audit. */
export async function runAccountMaintenance(viewer: Viewer, id: number, values: MaintenanceValues, ip: string | null) {
  const allowed = accountScope(viewer, "funds"); // refuses without the right
  return bookMaintenance(viewer, { kind: "account", id }, allowed.sql, values, ip);
}

/** The latest transactions of an account the viewer may see; null otherwise. */
export async function listAccountTransactions(viewer: Viewer, id: number, take = 20): Promise<TransactionRow[] | null> {
  const account = await findAccount(viewer, "view", id);
  if (!account) return null;
  return transactionRows(viewer, { accountId: id }, take);
}

// ------------------------------------------------------------ reading

export interface AccountRow {
  id: number;
  username: string;
  description: string;
  tariffId: number;
  tariffName: string;
  currency: string;
  balance: bigint;
  creditLimit: bigint;
  available: bigint;
  state: AccountState;
  maxSessions: number | null;
  firstUseAt: Date | null;
  /** The fixed expiry or the end of the lifetime since first use, whichever is first. */
  expiresAt: Date | null;
  lifetimeDays: number | null;
  batchTag: string | null;
  createdAt: Date;
}

interface SortColumn {
  sql: string;
  type: string;
}
const SORT_COLUMNS: Record<AccountSortKey, SortColumn> = {
  username: { sql: "username", type: "text" },
  balance: { sql: "balance", type: "bigint" },
  creditLimit: { sql: "credit_limit", type: "bigint" },
  created: { sql: "created_at", type: "timestamptz" },
};

const ROW_COLUMNS = `a.id, a.username, a.description, a.tariff_id, t.name AS tariff_name, a.currency, a.balance::text AS balance,
  a.credit_limit::text AS credit_limit, a.blocked, a.max_sessions, a.first_use_at, a.expires_at, a.lifetime_days, a.batch_tag, a.created_at`;

interface RawRow {
  id: number;
  username: string;
  description: string;
  tariff_id: number;
  tariff_name: string;
  currency: string;
  balance: string;
  credit_limit: string;
  blocked: boolean;
  max_sessions: number | null;
  first_use_at: Date | null;
  expires_at: Date | null;
  lifetime_days: number | null;
  batch_tag: string | null;
  created_at: Date;
}

function toRow(r: RawRow, now: Date): AccountRow {
  const source = {
    blocked: r.blocked,
    balance: BigInt(r.balance),
    creditLimit: BigInt(r.credit_limit),
    expiresAt: r.expires_at,
    lifetimeDays: r.lifetime_days,
    firstUseAt: r.first_use_at,
  };
  return {
    id: r.id,
    username: r.username,
    description: r.description,
    tariffId: r.tariff_id,
    tariffName: r.tariff_name,
    currency: r.currency.trim(),
    balance: source.balance,
    creditLimit: source.creditLimit,
    available: availableCredit(source.balance, source.creditLimit),
    state: accountState(source, now),
    maxSessions: r.max_sessions,
    firstUseAt: r.first_use_at,
    expiresAt: effectiveExpiry(source),
    lifetimeDays: r.lifetime_days,
    batchTag: r.batch_tag,
    createdAt: r.created_at,
  };
}

async function cursorValue(ownerId: number, column: SortColumn, id: number): Promise<{ value: string; id: number } | null> {
  const reader = await staleOkDb();
  if (!isRecordId(id)) return null;
  const { rows } = await reader.$pool.query<{ v: string }>(
    `SELECT ${column.sql}::text AS v FROM accounts WHERE id = $1::int AND customer_id = $2::int AND archived_at IS NULL`,
    [id, ownerId],
  );
  return rows[0] ? { value: rows[0].v, id } : null;
}

/** Whether the viewer may see the accounts of this customer: its own, or a customer's below it. */
async function mayListAccountsOf(viewer: Viewer, ownerId: number): Promise<boolean> {
  if (!isRecordId(ownerId)) return false;
  return ownerId === viewer.id || mayAct(viewer, "view", ownerId);
}

/**
 * The filters a list applies: a value no form sends (an unknown state, a
 * tariff id that is no record id, an empty tag: a forged or stale URL) is
 * dropped, as the list's other URL values fall back to their defaults,
 * rather than reaching the SQL.
 */
function validFilters(filters: AccountFilters): AccountFilters {
  return {
    ...(filters.state !== undefined && (ACCOUNT_STATES as readonly string[]).includes(filters.state) ? { state: filters.state } : {}),
    ...(filters.tariffId !== undefined && isRecordId(filters.tariffId) ? { tariffId: filters.tariffId } : {}),
    ...(filters.batchTag ? { batchTag: filters.batchTag } : {}),
  };
}

/** The WHERE of a filtered list over `accounts a` (owner, rule, search, filters), with its values in `params`. */
function listWhere(viewer: Viewer, ownerId: number, q: string, given: AccountFilters, params: unknown[]): string {
  const filters = validFilters(given);
  params.push(ownerId);
  const parts = [`a.customer_id = $${params.length}::int`, accountScope(viewer, "view").sql.render(params, "a")];
  if (q) {
    params.push(`%${likePattern(q)}%`);
    parts.push(`(a.username ILIKE $${params.length} OR a.description ILIKE $${params.length})`);
  }
  if (filters.state) parts.push(STATE_SQL[filters.state]);
  if (filters.tariffId !== undefined) {
    params.push(filters.tariffId);
    parts.push(`a.tariff_id = $${params.length}::int`);
  }
  if (filters.batchTag) {
    params.push(filters.batchTag);
    parts.push(`a.batch_tag = $${params.length}::text`);
  }
  return parts.join(" AND ");
}

const isFiltered = (q: string, given: AccountFilters) => {
  const f = validFilters(given);
  return Boolean(q || f.state || f.tariffId !== undefined || f.batchTag);
};

/**
 * One page of the accounts of `ownerId` (the viewer itself or a customer
 * below it), or null when that customer is not the viewer's to see. Next /
 * Previous read from the sort's index after (or before) the cursor row.
 */
export async function listAccounts(
  viewer: Viewer,
  ownerId: number,
  params: ListParams<AccountSortKey>,
  filters: AccountFilters = {},
  /** The API pages by offset and limit instead of page numbers (and no cursor). */
  window?: { skip: number; take: number },
): Promise<Page<AccountRow> | null> {
  const reader = await staleOkDb();
  if (!(await mayListAccountsOf(viewer, ownerId))) return null;
  const column = SORT_COLUMNS[params.sort];
  const values: unknown[] = [];
  let where = listWhere(viewer, ownerId, params.q, filters, values);
  const cursorId = params.after ?? params.before;
  // Next / Previous carry the neighbouring row's id: read from the index after
  // (or before) it. A cursor that is not a live account of this owner (deleted
  // meanwhile, or forged) falls back to the page number.
  const cursor = cursorId !== undefined && window === undefined ? await cursorValue(ownerId, column, cursorId) : null;
  // Ties are broken by id in the sort's own direction: the index (customer_id, <column>, id) serves both directions.
  let ascending = params.dir === "asc";
  let limit: string;
  if (cursor) {
    ascending = (params.dir === "asc") === (params.before === undefined);
    values.push(cursor.value, cursor.id);
    where += ` AND (a.${column.sql}, a.id) ${ascending ? ">" : "<"} ($${values.length - 1}::${column.type}, $${values.length}::int)`;
    limit = `LIMIT ${params.pageSize}`;
  } else {
    const { skip, take } = window ?? pageWindow(params);
    limit = `LIMIT ${take} OFFSET ${skip}`;
  }
  const direction = ascending ? "ASC" : "DESC";
  const order = `ORDER BY a.${column.sql} ${direction}, a.id ${direction} ${limit}`;
  // Without a filter the owner's counter is the total (no count over 100,000
  // rows), and the page is read along the sort's index.
  if (!isFiltered(params.q, filters)) {
    const [found, total] = await Promise.all([
      reader.$pool.query<RawRow>(`SELECT ${ROW_COLUMNS} FROM accounts a JOIN tariffs t ON t.id = a.tariff_id WHERE ${where} ${order}`, values),
      reader.customer.findUniqueOrThrow({ where: { id: ownerId }, select: { liveAccounts: true } }).then((c) => c.liveAccounts),
    ]);
    return { rows: pageRows(found.rows, cursor !== null && params.before !== undefined), total };
  }
  // A filtered list is counted first. Few matches (a search for a rare name,
  // a rare state) are read through the filter's own index (trigram, state,
  // batch, tariff) and sorted; many are read along the sort's index, which
  // soon finds a page of them. Left to the planner, whose guess of how many
  // rows an ILIKE '%q%' matches is often a hundred times off, a rare search
  // walked every one of 100,000 accounts in sort order (bench/README.md).
  const countValues: unknown[] = [];
  const counted = await reader.$pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM accounts a WHERE ${listWhere(viewer, ownerId, params.q, filters, countValues)}`,
    countValues,
  );
  const total = counted.rows[0]!.n;
  const sql =
    total <= FEW_MATCHES
      ? `WITH hits AS MATERIALIZED (SELECT a.id FROM accounts a WHERE ${where})
         SELECT ${ROW_COLUMNS} FROM hits JOIN accounts a ON a.id = hits.id JOIN tariffs t ON t.id = a.tariff_id ${order}`
      : `SELECT ${ROW_COLUMNS} FROM accounts a JOIN tariffs t ON t.id = a.tariff_id WHERE ${where} ${order}`;
  const found = await reader.$pool.query<RawRow>(sql, values);
  return { rows: pageRows(found.rows, cursor !== null && params.before !== undefined), total };
}

/** Up to this many matches, a filtered page is read through the filter's index and sorted (listAccounts). */
export const FEW_MATCHES = 1000;

function pageRows(raw: RawRow[], backwards: boolean): AccountRow[] {
  const now = new Date();
  const rows = raw.map((r) => toRow(r, now));
  // A backwards read comes out in reverse: show it in the page's order.
  if (backwards) rows.reverse();
  return rows;
}

/**
 * Every account of a filtered list, in the list's order, a chunk at a time
 * (keyset over the sort's index), for the CSV export; null when the owner is
 * not the viewer's to see.
 */
export async function exportAccounts(
  viewer: Viewer,
  ownerId: number,
  params: Pick<ListParams<AccountSortKey>, "sort" | "dir" | "q">,
  filters: AccountFilters = {},
): Promise<AsyncGenerator<AccountRow[]> | null> {
  if (!(await mayListAccountsOf(viewer, ownerId))) return null;
  const column = SORT_COLUMNS[params.sort];
  const direction = params.dir === "asc" ? "ASC" : "DESC";
  // Chunks of one export may come from the standby; each is a consistent keyset step on its own.
  const reader = await staleOkDb();
  return (async function* chunks() {
    let last: { value: string; id: number } | null = null;
    for (;;) {
      const values: unknown[] = [];
      let where = listWhere(viewer, ownerId, params.q, filters, values);
      if (last) {
        values.push(last.value, last.id);
        where += ` AND (a.${column.sql}, a.id) ${direction === "ASC" ? ">" : "<"} ($${values.length - 1}::${column.type}, $${values.length}::int)`;
      }
      const { rows } = await reader.$pool.query<RawRow & { sort_value: string }>(
        `SELECT ${ROW_COLUMNS}, a.${column.sql}::text AS sort_value FROM accounts a JOIN tariffs t ON t.id = a.tariff_id
         WHERE ${where} ORDER BY a.${column.sql} ${direction}, a.id ${direction} LIMIT 1000`,
        values,
      );
      if (rows.length === 0) return;
      const now = new Date();
      yield rows.map((r) => toRow(r, now));
      const tail = rows.at(-1)!;
      last = { value: tail.sort_value, id: tail.id };
      if (rows.length < 1000) return;
    }
  })();
}

/** The batch tags among a customer's live accounts, for the list's filter. */
export async function listBatchTags(viewer: Viewer, ownerId: number): Promise<string[]> {
  if (!(await mayListAccountsOf(viewer, ownerId))) return [];
  // Not Prisma's `distinct`: it de-duplicates in memory after reading every
  // tagged row (100,000 cards: a quarter of a second on each page load). A
  // loose index scan over (customer_id, batch_tag) reads one row per tag.
  const params: unknown[] = [ownerId];
  const next = (after: string) =>
    `SELECT a.batch_tag FROM accounts a WHERE a.customer_id = $1::int AND a.batch_tag ${after} AND ${accountScope(viewer, "view").sql.render(params, "a")} ORDER BY a.batch_tag LIMIT 1`;
  const { rows } = await db.$pool.query<{ tag: string }>(
    `WITH RECURSIVE tags(tag) AS ((${next("IS NOT NULL")}) UNION ALL SELECT (${next("> tags.tag")}) FROM tags WHERE tags.tag IS NOT NULL)
     SELECT tag FROM tags WHERE tag IS NOT NULL`,
    params,
  );
  return rows.map((r) => r.tag);
}

/** An account's page: its data (never a secret), owner, tariff, state, and what the viewer may do to it. */
export async function getAccountDetail(viewer: Viewer, id: number) {
  const account = await findAccount(viewer, "view", id);
  if (!account) return null;
  const [owner, tariff] = await Promise.all([
    db.customer.findUniqueOrThrow({ where: { id: account.customerId }, select: { id: true, name: true } }),
    db.tariff.findUniqueOrThrow({ where: { id: account.tariffId }, select: { id: true, name: true, currency: true } }),
  ]);
  const { voipHa1: _ha1, voipRealm: _realm, webPasswordHash: _hash, usernameKey: _key, sessionVersion: _sv, ...data } = account;
  void _ha1;
  void _realm;
  void _hash;
  void _key;
  void _sv;
  return {
    ...data,
    owner,
    tariff,
    available: availableCredit(account.balance, account.creditLimit),
    state: accountState(account),
    effectiveExpiry: effectiveExpiry(account),
    /** The buttons: only the owner changes an account; its ancestors read. */
    can: allowedActions(viewer, "account", accountRelation(viewer, account)),
  };
}
export type AccountDetail = NonNullable<Awaited<ReturnType<typeof getAccountDetail>>>;
