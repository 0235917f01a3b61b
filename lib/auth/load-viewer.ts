// The viewer: the logged-in customer (or API caller), loaded from the
// database. Kept apart from viewer.ts, which reads the session, so that
// scripts and benchmarks can build viewers without Next's request context.
import "server-only";
import { db } from "@/lib/db/client";

export interface Viewer {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  name: string;
  webLogin: string;
  language: string;
  timeZone: string;
  /** Its tariff's currency; exchange rates are "1 base = X". */
  baseCurrency: string;
  /** The currency balances are shown in. */
  displayCurrency: string;
  /** Rights granted by its parent (lib/customers/rights.ts); Root holds all. */
  rights: number;
  /** Levels of customers it may have below it. */
  maxDepth: number;
  isRoot: boolean;
  /** While someone logged in as this customer (lib/auth/impersonation.ts): the real customer. */
  impersonator?: { id: number; name: string; path: string };
}

const VIEWER_SELECT = {
  id: true,
  parentId: true,
  path: true,
  depth: true,
  name: true,
  webLogin: true,
  language: true,
  timeZone: true,
  baseCurrency: true,
  displayCurrency: true,
  rights: true,
  maxDepth: true,
} as const;

/**
 * A live, unblocked customer as a viewer. With `sessionVersion`, a session
 * from before a password change resolves to nobody.
 */
export async function loadViewer(id: number, sessionVersion?: number): Promise<Viewer | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const customer = await db.customer.findFirst({
    where: { id, archivedAt: null, blocked: false, ...(sessionVersion === undefined ? {} : { sessionVersion }) },
    select: VIEWER_SELECT,
  });
  return customer ? { ...customer, isRoot: customer.parentId === null } : null;
}

