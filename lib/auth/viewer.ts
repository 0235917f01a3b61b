// The viewer: the logged-in customer, resolved on the server from the session
// cookie and re-loaded from the database on every request. Every data
// function takes it; nothing about it ever comes from the client.
import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";

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

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sv?: number } | undefined;
  // An archived or blocked customer, or a session from before a password
  // change, resolves to nobody: the viewer is logged out.
  return loadViewer(Number(user?.id), user?.sv ?? -1);
});

/** The viewer, or a redirect to the login page. */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  return viewer;
}
