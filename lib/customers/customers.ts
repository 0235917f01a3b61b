// Customers as the viewer sees them. Who may do what to which customer is the
// access module's (lib/access): every query here takes its predicate for the
// action at hand, so a customer outside the rule is never read, locked or
// changed, and is answered "not found" exactly like an id that does not exist.
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import { hashPassword } from "@/lib/auth/password";
import { loginKey } from "@/lib/auth/login-key";
import { claimLoginName } from "@/lib/auth/login-names";
import { customerResource, writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { Prisma } from "@/lib/db/generated/client";
import { isRecordId } from "@/lib/db/record-id";
import { lockRow } from "@/lib/db/lock-row";
import { lockAssignableTariff } from "@/lib/tariffs/tariffs";
import { allowedActions, customerRelation, customerScope, requireRightFor } from "@/lib/access/access";
import type { Action } from "@/lib/access/rules";
import { pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { bookOpening } from "@/lib/ledger/book";
import type { CreateCustomerValues, EditCustomerValues } from "./customer-schema";
import { insertCustomer } from "./insert-customer";
import { availableCredit } from "./credit";
import { rightsBeyond, toMask, type RightName } from "./rights";
import { pathIds } from "./scope";
import { digestHa1 } from "@/lib/auth/api-password";
import { hasFilters, type CustomerFilters } from "./list-filter";
import { filteredPage } from "./filtered-list";

export const CUSTOMER_SORT_KEYS = ["name", "balance", "creditLimit", "created"] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];

const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });
const notFound = () => new DomainError(problem("notFound"));

/**
 * Whether the viewer may `action` the customer with this id: the check in
 * front of every page, one indexed statement on the pool (no ORM round trip).
 */
export async function mayAct(viewer: Viewer, action: Action<"customer">, id: number): Promise<boolean> {
  if (!isRecordId(id)) return false;
  const params: unknown[] = [id];
  const allowed = customerScope(viewer, action).sql.render(params);
  const { rowCount } = await db.$pool.query(`SELECT 1 FROM customers WHERE id = $1::int AND ${allowed}`, params);
  return rowCount === 1;
}

/** A live customer the viewer may `action`, or null. */
export async function findCustomer(viewer: Viewer, action: Action<"customer">, id: number) {
  if (!isRecordId(id)) return null;
  return db.customer.findFirst({ where: { id, ...customerScope(viewer, action).where } });
}

/** Locks a customer the viewer may `action` for the length of the transaction, or refuses with "not found". */
async function lockCustomer(tx: Prisma.TransactionClient, viewer: Viewer, action: Action<"customer">, id: number) {
  if (!(await lockRow(tx, "customers", id, customerScope(viewer, action).sql))) throw notFound();
  return tx.customer.findUniqueOrThrow({ where: { id } });
}

export interface SortColumn {
  field: "name" | "balance" | "creditLimit" | "createdAt";
  sql: string;
  type: string;
}
export const SORT_COLUMNS: Record<CustomerSortKey, SortColumn> = {
  name: { field: "name", sql: "name", type: "text" },
  balance: { field: "balance", sql: "balance", type: "bigint" },
  creditLimit: { field: "creditLimit", sql: "credit_limit", type: "bigint" },
  created: { field: "createdAt", sql: "created_at", type: "timestamptz" },
};

/**
 * The ids of the page after (or before) the cursor row, by a row comparison
 * the index answers directly; null when the cursor is not a live child of
 * this parent (then the page is read by offset).
 */
async function keysetPage(parentId: number, column: SortColumn, params: ListParams<CustomerSortKey>, cursorId: number): Promise<number[] | null> {
  const reader = await staleOkDb();
  const [cursor] = (
    await reader.$pool.query<{ v: string }>(
      `SELECT ${column.sql}::text AS v FROM customers WHERE id = $1 AND parent_id = $2 AND archived_at IS NULL`,
      [cursorId, parentId],
    )
  ).rows;
  if (!cursor) return null;
  const ascending = (params.dir === "asc") === (params.before === undefined);
  // The cursor's values as parameters: the row comparison is then an index range.
  const { rows } = await reader.$pool.query<{ id: number }>(
    `SELECT id FROM customers
     WHERE parent_id = $1 AND archived_at IS NULL AND (${column.sql}, id) ${ascending ? ">" : "<"} ($2::${column.type}, $3::int)
     ORDER BY ${column.sql} ${ascending ? "ASC" : "DESC"}, id ${ascending ? "ASC" : "DESC"}
     LIMIT $4`,
    [parentId, cursor.v, cursorId, params.pageSize],
  );
  return rows.map((r) => r.id);
}

export interface CustomerRow {
  id: number;
  name: string;
  webLogin: string;
  tariffName: string | null;
  currency: string;
  balance: bigint;
  creditLimit: bigint;
  subCustomers: number;
  /** Its live accounts. */
  accounts: number;
  blocked: boolean;
  createdAt: Date;
}

/**
 * One page of the direct sub-customers of `parentId` (the viewer itself or
 * anyone in its subtree), or null when that parent is not the viewer's to see.
 */
export async function listCustomers(
  viewer: Viewer,
  parentId: number,
  params: ListParams<CustomerSortKey>,
  /** The API pages by offset and limit instead of page numbers (and no cursor). */
  window?: { skip: number; take: number },
  /** The list's filters (list-filter.ts): then read by offset in SQL, counted exactly. */
  filters: CustomerFilters = {},
): Promise<Page<CustomerRow> | null> {
  const reader = await staleOkDb();
  if (!(await mayAct(viewer, "listChildren", parentId))) return null;
  // A search is read like the filters, in SQL (filtered-list.ts): through
  // the trigram index when it matches few, along the sort's index when many.
  if (hasFilters(filters) || params.q) return filteredPage(viewer, parentId, params, filters, window ?? pageWindow(params));
  const where: Prisma.CustomerWhereInput = { parentId, archivedAt: null };
  // Ties are broken by id in the sort's own direction, so that the index
  // (parent_id, <column>, id) serves both directions and keyset reads.
  const column = SORT_COLUMNS[params.sort];
  const order: Prisma.CustomerOrderByWithRelationInput[] = [{ [column.field]: params.dir }, { id: params.dir }];
  // Next / Previous carry the neighbouring row's id: read from the index
  // after (or before) it instead of skipping rows. Not when the API pages by offset.
  const cursorId = params.after ?? params.before;
  const keysetIds = cursorId !== undefined && window === undefined ? await keysetPage(parentId, column, params, cursorId) : null;
  const [found, total] = await Promise.all([
    reader.customer.findMany({
      where: keysetIds ? { id: { in: keysetIds } } : where,
      orderBy: order,
      ...(keysetIds ? {} : (window ?? pageWindow(params))),
      select: {
        id: true,
        name: true,
        webLogin: true,
        baseCurrency: true,
        balance: true,
        creditLimit: true,
        blocked: true,
        createdAt: true,
        subCustomers: true,
        liveAccounts: true,
        tariff: { select: { name: true } },
      },
    }),
    // Without a search or filter the parent's counter is the total: no count over 50,000 rows.
    reader.customer.findUniqueOrThrow({ where: { id: parentId }, select: { subCustomers: true } }).then((p) => p.subCustomers),
  ]);
  return {
    rows: found.map((c) => ({
      id: c.id,
      name: c.name,
      webLogin: c.webLogin,
      tariffName: c.tariff?.name ?? null,
      currency: c.baseCurrency,
      balance: c.balance,
      creditLimit: c.creditLimit,
      subCustomers: c.subCustomers,
      accounts: c.liveAccounts,
      blocked: c.blocked,
      createdAt: c.createdAt,
    })),
    total,
  };
}

/** The names from the viewer down to (and including) a customer in its subtree. */
export async function breadcrumbOf(viewer: Viewer, path: string) {
  const ids = pathIds(path).slice(viewer.depth + 1);
  const rows = await db.customer.findMany({ where: { id: { in: ids }, ...customerScope(viewer, "view").where }, select: { id: true, name: true } });
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

export async function getCustomerDetail(viewer: Viewer, id: number) {
  const customer = await findCustomer(viewer, "view", id);
  if (!customer) return null;
  const [tariff, breadcrumb, subCustomers] = await Promise.all([
    customer.tariffId ? db.tariff.findUnique({ where: { id: customer.tariffId }, select: { id: true, name: true, currency: true } }) : null,
    breadcrumbOf(viewer, customer.path),
    db.customer.count({ where: { parentId: customer.id, archivedAt: null } }),
  ]);
  const { passwordHash: _hash, loginKey: _key, sessionVersion: _sv, ...data } = customer;
  void _hash;
  void _key;
  void _sv;
  return {
    ...data,
    tariff,
    breadcrumb,
    subCustomers,
    /** What the viewer may do to it (the access rules): only the parent changes a customer; deeper ancestors read. */
    can: allowedActions(viewer, "customer", customerRelation(viewer, customer)),
  };
}
export type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomerDetail>>>;

/**
 * The rights a customer ends up with. A parent grants only rights it holds
 * itself; rights the child already has that the parent does not hold (its
 * own parent took them away since) are not the parent's to change and stay
 * as they are.
 */
function grantedRights(viewer: Viewer, wanted: RightName[], current = 0): number {
  const beyond = rightsBeyond(toMask(wanted) & ~current, viewer.rights);
  if (beyond.length > 0) throw new DomainError(problem("rightsBeyond", { rights: beyond.join(", ") }), "rights");
  return (toMask(wanted) & viewer.rights) | (current & ~viewer.rights);
}

function checkDepth(viewer: Viewer, maxDepth: number) {
  if (maxDepth > viewer.maxDepth - 1) throw new DomainError(problem("depthRange", { max: Math.max(0, viewer.maxDepth - 1) }), "maxDepth");
}


const contactOf = (v: CreateCustomerValues | EditCustomerValues) => ({
  company: v.company,
  contactName: v.contactName,
  email: v.email,
  phone: v.phone,
  address: v.address,
  description: v.description,
});

/** What the audit log keeps of a customer: everything but secrets, amounts as exact strings. */
function snapshot(c: {
  name: string;
  webLogin: string;
  tariffId: number | null;
  timeZone: string;
  language: string;
  creditLimit: bigint;
  rights: number;
  maxDepth: number;
  blocked?: boolean;
}) {
  return {
    name: c.name,
    webLogin: c.webLogin,
    tariffId: c.tariffId,
    timeZone: c.timeZone,
    language: c.language,
    creditLimit: String(c.creditLimit),
    rights: c.rights,
    maxDepth: c.maxDepth,
  };
}

export async function createCustomer(viewer: Viewer, values: CreateCustomerValues, ip: string | null) {
  requireRightFor(viewer, "customer", "create");
  if (viewer.maxDepth < 1) throw new DomainError(problem("depthExhausted"));
  const rights = grantedRights(viewer, values.rights);
  checkDepth(viewer, values.maxDepth);
  const passwordHash = await hashPassword(values.password);
  try {
    return await db.$transaction(async (tx) => {
      // The parent must still be live (its own parent may be deleting it right now).
      await lockCustomer(tx, viewer, "create", viewer.id);
      const tariff = await lockAssignableTariff(tx, viewer, values.tariffId);
      if (!(await claimLoginName(tx, values.webLogin, { kind: "customer" }))) throw new DomainError(problem("loginTaken"), "webLogin");
      const row = await insertCustomer(tx, {
        parent: { id: viewer.id, path: viewer.path, depth: viewer.depth },
        name: values.name,
        webLogin: values.webLogin,
        passwordHash,
        language: values.language,
        timeZone: values.timeZone,
        baseCurrency: tariff.currency,
        tariffId: tariff.id,
        creditLimit: values.creditLimit,
        rights,
        maxDepth: values.maxDepth,
        contact: contactOf(values),
      });
      if (values.apiPassword) {
        await tx.customer.update({ where: { id: row.id }, data: { apiDigestHa1: digestHa1(values.webLogin, values.apiPassword) } });
      }
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: customerResource(row.id), after: snapshot(row), ip });
      await bookOpening(tx, { kind: "customer", id: row.id }, values.initialBalance ?? 0n, tariff.currency, actor(viewer), ip);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("loginTaken"), "webLogin");
    throw error;
  }
}

export async function updateCustomer(viewer: Viewer, id: number, values: EditCustomerValues, ip: string | null) {
  requireRightFor(viewer, "customer", "edit");
  checkDepth(viewer, values.maxDepth);
  const passwordHash = values.password ? await hashPassword(values.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      const before = await lockCustomer(tx, viewer, "edit", id);
      const rights = grantedRights(viewer, values.rights, before.rights);
      if (loginKey(values.webLogin) !== before.loginKey && !(await claimLoginName(tx, values.webLogin, { kind: "customer", id }))) {
        throw new DomainError(problem("loginTaken"), "webLogin");
      }
      if (values.tariffId !== before.tariffId) {
        const tariff = await lockAssignableTariff(tx, viewer, values.tariffId);
        if (tariff.currency !== before.baseCurrency) {
          throw new DomainError(problem("tariffCurrency", { currency: before.baseCurrency }), "tariffId");
        }
      }
      const after = await tx.customer.update({
        where: { id },
        data: {
          name: values.name,
          webLogin: values.webLogin,
          loginKey: loginKey(values.webLogin),
          tariffId: values.tariffId,
          timeZone: values.timeZone,
          language: values.language,
          creditLimit: values.creditLimit,
          rights,
          maxDepth: values.maxDepth,
          ...contactOf(values),
          // A new password ends every open session of the customer.
          ...(passwordHash ? { passwordHash, sessionVersion: { increment: 1 } } : {}),
          // The Digest secret binds the login: a new API password, or none after a rename.
          ...(values.apiPassword
            ? { apiDigestHa1: digestHa1(values.webLogin, values.apiPassword) }
            : values.webLogin !== before.webLogin
              ? { apiDigestHa1: null }
              : {}),
        },
      });
      await writeAudit(tx, {
        actor: actor(viewer),
        action: "update",
        resource: customerResource(id),
        before: snapshot(before),
        after: {
          ...snapshot(after),
          ...(passwordHash ? { password: "changed" } : {}),
          ...(values.apiPassword ? { apiPassword: "changed" } : {}),
        },
        ip,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("loginTaken"), "webLogin");
    throw error;
  }
}

/**
 * Deletes a direct sub-customer: refused while it has sub-customers (the
 * message says how many); otherwise archived, its login freed and its
 * sessions ended, its ledger and audit history kept.
 */
export async function archiveCustomer(viewer: Viewer, id: number, ip: string | null) {
  requireRightFor(viewer, "customer", "delete");
  return db.$transaction(async (tx) => {
    const customer = await lockCustomer(tx, viewer, "delete", id);
    const children = await tx.customer.count({ where: { parentId: id, archivedAt: null } });
    if (children > 0) throw new DomainError(problem("hasSubCustomers", { count: children }));
    // Its accounts' end users would be left with nobody to bill them: the counter is kept under this row's lock.
    if (customer.liveAccounts > 0) throw new DomainError(problem("hasAccounts", { count: customer.liveAccounts }));
    await tx.customer.update({
      where: { id },
      data: { archivedAt: new Date(), loginKey: null, sessionVersion: { increment: 1 } },
    });
    await tx.customer.update({ where: { id: customer.parentId! }, data: { subCustomers: { decrement: 1 } } });
    await writeAudit(tx, { actor: actor(viewer), action: "delete", resource: customerResource(id), before: snapshot(customer), ip });
    return { id, name: customer.name };
  });
}

/**
 * Blocks or unblocks a direct sub-customer (the access rules: only the
 * parent, whose money it owes, stops it; web and API alike). Blocking ends
 * its sessions and refuses its logins; the balance is untouched.
 */
export async function setBlocked(viewer: Viewer, id: number, blocked: boolean, ip: string | null) {
  requireRightFor(viewer, "customer", "block");
  return db.$transaction(async (tx) => {
    const target = await lockCustomer(tx, viewer, "block", id);
    await tx.customer.update({
      where: { id },
      data: { blocked, ...(blocked && !target.blocked ? { sessionVersion: { increment: 1 } } : {}) },
    });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "update",
      resource: customerResource(id),
      before: { blocked: target.blocked },
      after: { blocked },
      ip,
    });
    return { id, name: target.name, blocked };
  });
}

/** The viewer itself, for "My account": what it owes or holds with its parent. */
export async function getOwnAccount(viewer: Viewer) {
  const me = await db.customer.findUniqueOrThrow({
    where: { id: viewer.id },
    select: { balance: true, creditLimit: true, baseCurrency: true, tariff: { select: { id: true, name: true } } },
  });
  return { ...me, available: availableCredit(me.balance, me.creditLimit) };
}
