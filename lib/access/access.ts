// The access module: decides, from the rules table (rules.ts), who may read
// and change what, and builds the predicate that SQL receives. Pages, server
// actions and API methods ask it; the data layer puts its predicate into the
// very statement that reads, locks or books, so a row outside the rule is
// never loaded. No other module writes an access rule.
//
// A missing right is refused up front ("you do not have the right"); a target
// outside the allowed relations is answered "not found", exactly like an id
// that does not exist.
import type { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { hasRight } from "@/lib/customers/rights";
import { isInSubtree, pathIds, subtreeRange } from "@/lib/customers/scope";
import { ACCESS_RULES, ruleOf, type Action, type Relation, type Resource } from "./rules";

/** What the access module needs to know of the viewer (lib/auth/load-viewer.ts). */
export interface Principal {
  id: number;
  path: string;
  rights: number;
  isRoot: boolean;
}

/** Whether the viewer holds the rule's right (the relation is judged separately). */
export function holdsRightFor<R extends Resource>(viewer: Principal, resource: R, action: Action<R>): boolean {
  const { right } = ruleOf(resource, action);
  return !right || viewer.isRoot || hasRight(viewer.rights, right);
}

/** Refuses, naming the right, when the viewer's parent did not grant it. */
export function requireRightFor<R extends Resource>(viewer: Principal, resource: R, action: Action<R>): void {
  const rule = ruleOf(resource, action);
  if (!holdsRightFor(viewer, resource, action)) throw new DomainError(problem("noRight", { right: rule.right! }));
}

/** The whole decision for one target whose relation is known. */
export function permits<R extends Resource>(viewer: Principal, resource: R, action: Action<R>, relation: Relation<R>): boolean {
  const rule = ruleOf(resource, action);
  if (!holdsRightFor(viewer, resource, action)) return false;
  return (rule.root === true && viewer.isRoot) || (rule.allow as readonly string[]).includes(relation);
}

/** Every action of a resource, allowed or not, for a target of this relation (the buttons a page shows). */
export function allowedActions<R extends Resource>(viewer: Principal, resource: R, relation: Relation<R>): Record<Action<R>, boolean> {
  const actions = Object.keys(ACCESS_RULES[resource]) as Action<R>[];
  return Object.fromEntries(actions.map((action) => [action, permits(viewer, resource, action, relation)])) as Record<Action<R>, boolean>;
}

/** The relation of the viewer to the sub-customers of `parentId`, a customer it may list the children of. */
export function childrenRelation(viewer: Principal, parentId: number): Relation<"customer"> {
  return parentId === viewer.id ? "child" : "descendant";
}

/** The viewer's relation to a customer (also the relation to an audit record's actor). */
export function customerRelation(viewer: Principal, target: { id: number; parentId: number | null; path: string }): Relation<"customer"> {
  if (target.id === viewer.id) return "self";
  if (target.parentId === viewer.id) return "child";
  return isInSubtree(viewer.path, target.path) ? "descendant" : "outside";
}

/** The viewer's relation to a tariff: its owner, the customer it is assigned to, or neither. */
export function tariffRelation(viewer: Principal, tariff: { ownerId: number; assignedToViewer: boolean }): Relation<"tariff"> {
  if (tariff.ownerId === viewer.id) return "owner";
  return tariff.assignedToViewer ? "assignee" : "outside";
}

/** The viewer's relation to an account, by its owning customer's id and path. */
export function accountRelation(viewer: Principal, account: { customerId: number; ownerPath: string }): Relation<"account"> {
  if (account.customerId === viewer.id) return "owner";
  return isInSubtree(viewer.path, account.ownerPath) ? "ancestor" : "outside";
}

/**
 * The viewer's relation to the system settings: a customer directly under
 * Root may be their delegate (with system_mgmt: the rule decides); anyone
 * deeper is outside. Root is allowed by the rules' `root` flag.
 */
export function systemRelation(viewer: Principal): Relation<"system"> {
  return pathIds(viewer.path).length === 2 ? "delegate" : "outside";
}

// ------------------------------------------------------------ predicates
// A predicate is kept as text pieces and values, so it can be rendered for a
// plain pg query ($n placeholders) or handed to Prisma as a where input.

/** A piece of SQL with its values, rendered with numbered placeholders. */
export interface SqlPredicate {
  /** Appends the values to `params` and returns the text, columns prefixed with `alias.` when given. */
  render(params: unknown[], alias?: string): string;
  /**
   * The text with its values written in as literals, for a statement sent
   * with others in one round trip (no parameters there); `literal` must
   * quote text safely (pg's escapeLiteral).
   */
  renderInline(literal: (text: string) => string, alias?: string): string;
}

type Piece = string | { column: string } | { value: unknown; cast: string };

function predicate(pieces: Piece[]): SqlPredicate {
  const column = (p: { column: string }, alias?: string) => (alias ? `${alias}.${p.column}` : p.column);
  return {
    renderInline(literal, alias) {
      return pieces
        .map((p) => {
          if (typeof p === "string") return p;
          if ("column" in p) return column(p, alias);
          // Ids are checked integers; everything else is quoted.
          const value = p.cast === "int" && Number.isSafeInteger(p.value) ? String(p.value) : literal(String(p.value));
          return `${value}::${p.cast}`;
        })
        .join("");
    },
    render(params, alias) {
      return pieces
        .map((p) => {
          if (typeof p === "string") return p;
          if ("column" in p) return column(p, alias);
          params.push(p.value);
          return `$${params.length}::${p.cast}`;
        })
        .join("");
    },
  };
}

const col = (column: string): Piece => ({ column });
const int = (value: number): Piece => ({ value, cast: "int" });
const text = (value: string): Piece => ({ value, cast: "text" });

export interface Scope<Where> {
  /** For Prisma: merge into the `where` of a query on the target's table. */
  where: Where;
  /** For plain SQL on the target's table. */
  sql: SqlPredicate;
}

/** Live customers whose relation to the viewer allows `action` (after the right check). */
export function customerScope(viewer: Principal, action: Action<"customer">): Scope<Prisma.CustomerWhereInput> {
  requireRightFor(viewer, "customer", action);
  const allowed = new Set<string>(ruleOf("customer", action).allow);
  const range = subtreeRange(viewer.path);
  const live = [" AND ", col("archived_at"), " IS NULL"] as Piece[];
  const scope = (where: Prisma.CustomerWhereInput, pieces: Piece[]) => ({
    where: { ...where, archivedAt: null },
    sql: predicate(["(", ...pieces, ")", ...live]),
  });
  const has = (...relations: string[]) => relations.length === allowed.size && relations.every((r) => allowed.has(r));
  // The shapes the rules use, each served by an index: the path range, the parent, the id.
  if (has("self", "child", "descendant")) {
    return scope({ path: { gte: range.gte, lt: range.lt } }, [col("path"), " >= ", text(range.gte), " AND ", col("path"), " < ", text(range.lt)]);
  }
  if (has("child", "descendant")) {
    return scope({ path: { gt: range.gte, lt: range.lt } }, [col("path"), " > ", text(range.gte), " AND ", col("path"), " < ", text(range.lt)]);
  }
  if (has("child")) return scope({ parentId: viewer.id }, [col("parent_id"), " = ", int(viewer.id)]);
  if (has("self")) return scope({ id: viewer.id }, [col("id"), " = ", int(viewer.id)]);
  throw new Error(`no predicate for the customer relations ${[...allowed].join(", ")}`);
}

/** Live tariffs whose relation to the viewer allows `action` (after the right check). */
export function tariffScope(viewer: Principal, action: Action<"tariff">): Scope<Prisma.TariffWhereInput> {
  requireRightFor(viewer, "tariff", action);
  const allowed = new Set<string>(ruleOf("tariff", action).allow);
  const owner = [col("owner_id"), " = ", int(viewer.id)];
  const assigned = [col("id"), " = (SELECT tariff_id FROM customers WHERE id = ", int(viewer.id), " AND archived_at IS NULL)"];
  if (!allowed.has("owner") || allowed.has("outside")) throw new Error(`no predicate for the tariff relations ${[...allowed].join(", ")}`);
  if (allowed.has("assignee")) {
    return {
      where: { archivedAt: null, OR: [{ ownerId: viewer.id }, { customers: { some: { id: viewer.id, archivedAt: null } } }] },
      sql: predicate(["(", ...owner, " OR ", ...assigned, ") AND ", col("archived_at"), " IS NULL"]),
    };
  }
  return { where: { ownerId: viewer.id, archivedAt: null }, sql: predicate([...owner, " AND ", col("archived_at"), " IS NULL"]) };
}

/** Live accounts whose relation to the viewer allows `action` (after the right check). */
export function accountScope(viewer: Principal, action: Action<"account">): Scope<Prisma.AccountWhereInput> {
  requireRightFor(viewer, "account", action);
  const allowed = new Set<string>(ruleOf("account", action).allow);
  const live = [" AND ", col("archived_at"), " IS NULL"] as Piece[];
  if (allowed.has("outside")) throw new Error("no predicate for accounts outside the viewer's subtree");
  if (allowed.has("ancestor")) {
    // The owner's path is within the viewer's subtree (the viewer's own path included).
    const range = subtreeRange(viewer.path);
    return {
      where: { ownerPath: { gte: range.gte, lt: range.lt }, archivedAt: null },
      sql: predicate(["(", col("owner_path"), " >= ", text(range.gte), " AND ", col("owner_path"), " < ", text(range.lt), ")", ...live]),
    };
  }
  return { where: { customerId: viewer.id, archivedAt: null }, sql: predicate([col("customer_id"), " = ", int(viewer.id), ...live]) };
}

/**
 * Call records and calls in progress whose account the viewer may `action`:
 * by the account owner's path (the `owner_path` column of cdrs and
 * active_calls), the viewer's own accounts included.
 */
export function callScope(viewer: Principal, action: Action<"call">): Scope<{ ownerPath: { gte: string; lt: string } }> {
  requireRightFor(viewer, "call", action);
  const allowed = new Set<string>(ruleOf("call", action).allow);
  if (allowed.has("outside") || !allowed.has("ancestor") || !allowed.has("owner")) throw new Error(`no predicate for the call relations ${[...allowed].join(", ")}`);
  const range = subtreeRange(viewer.path);
  return {
    where: { ownerPath: { gte: range.gte, lt: range.lt } },
    sql: predicate(["(", col("owner_path"), " >= ", text(range.gte), " AND ", col("owner_path"), " < ", text(range.lt), ")"]),
  };
}

/** The viewer's relation to a call, by its account owner's id and path. */
export function callRelation(viewer: Principal, call: { customerId: number; ownerPath: string }): Relation<"call"> {
  return accountRelation(viewer, call);
}

/** The viewer's own API keys (the only relation any rule allows), revoked ones included. */
export function apiKeyScope(viewer: Principal, action: Action<"apiKey">): Scope<Prisma.ApiKeyWhereInput> {
  requireRightFor(viewer, "apiKey", action);
  return { where: { ownerId: viewer.id }, sql: predicate([col("owner_id"), " = ", int(viewer.id)]) };
}

/** The viewer's own voucher batches and vouchers (the only relation any rule allows); archived batches are the caller's to leave out. */
export function voucherScope(viewer: Principal, action: Action<"voucher">): Scope<{ ownerId: number }> {
  requireRightFor(viewer, "voucher", action);
  return { where: { ownerId: viewer.id }, sql: predicate([col("owner_id"), " = ", int(viewer.id)]) };
}

/** The viewer's own exchange rates (the only relation any rule allows). */
export function exchangeRateScope(viewer: Principal, action: Action<"exchangeRate">): { where: Prisma.ExchangeRateWhereInput } {
  requireRightFor(viewer, "exchangeRate", action);
  return { where: { ownerId: viewer.id } };
}

/**
 * The audit records the viewer may read, by their actor's path; null when it
 * may read none (then pages and API answer as if the log did not exist).
 */
export function auditScope(viewer: Principal): { where: { actorPath?: { gte: string; lt: string } } } | null {
  if (!holdsRightFor(viewer, "audit", "read")) return null;
  if (viewer.isRoot) return { where: {} };
  const range = subtreeRange(viewer.path);
  return { where: { actorPath: { gte: range.gte, lt: range.lt } } };
}

/**
 * The actors whose names the viewer is shown (in transaction histories): the
 * viewer and everyone below it, archived ones included (history outlives
 * them). Anyone above is the viewer's provider and stays unnamed.
 */
export function namedActorScope(viewer: Principal): { where: Prisma.CustomerWhereInput } {
  const range = subtreeRange(viewer.path);
  return { where: { path: { gte: range.gte, lt: range.lt } } };
}
