// A customer's notifications (docs/domain.md, "Low-balance alerts"): only its
// own (recipient = the viewer), newest first, read with keyset paging by id.
// Marking read touches only the viewer's own rows: a guessed id is "not found".
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";

export const NOTIFICATIONS_PAGE_SIZE = 25;

export interface NotificationRow {
  id: string;
  kind: "low_balance";
  createdAt: Date;
  read: boolean;
  /** The customer whose balance fell: the viewer itself, or one of its customers. */
  subject: { id: number; name: string; self: boolean };
  threshold: bigint;
  balance: bigint;
  currency: string;
}

export interface NotificationPage {
  rows: NotificationRow[];
  /** The id to continue after (older ones), null at the end. */
  next: string | null;
}

/** A page of the viewer's notifications, newest first; `before` is an id from the previous page. */
export async function listNotifications(viewer: Pick<Viewer, "id">, options: { before?: bigint | null; unreadOnly?: boolean; take?: number } = {}): Promise<NotificationPage> {
  const take = Math.min(options.take ?? NOTIFICATIONS_PAGE_SIZE, 100);
  const rows = await db.notification.findMany({
    where: {
      recipientId: viewer.id,
      ...(options.before ? { id: { lt: options.before } } : {}),
      ...(options.unreadOnly ? { readAt: null } : {}),
    },
    orderBy: { id: "desc" },
    take: take + 1,
  });
  const page = rows.slice(0, take);
  // Subjects are the viewer or its direct customers; an archived one keeps its name.
  const subjects = await db.customer.findMany({ where: { id: { in: [...new Set(page.map((r) => r.subjectId))] } }, select: { id: true, name: true } });
  const nameOf = new Map(subjects.map((s) => [s.id, s.name]));
  return {
    rows: page.map((r) => ({
      id: String(r.id),
      kind: "low_balance",
      createdAt: r.createdAt,
      read: r.readAt !== null,
      subject: { id: r.subjectId, name: nameOf.get(r.subjectId) ?? "", self: r.subjectId === viewer.id },
      threshold: r.threshold,
      balance: r.balance,
      currency: r.currency,
    })),
    next: rows.length > take ? String(page.at(-1)!.id) : null,
  };
}

/** How many of the viewer's notifications are unread (the bell's count). */
export async function unreadCount(viewer: Pick<Viewer, "id">): Promise<number> {
  // Plain SQL: the bell is on every page (a Prisma query would be compiled each time).
  const { rows } = await db.$pool.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1::int AND read_at IS NULL", [viewer.id]);
  return rows[0]!.n;
}

/** Marks one of the viewer's notifications read; anyone else's (or none) is "not found". */
export async function markRead(viewer: Pick<Viewer, "id">, id: bigint): Promise<void> {
  const mine = await db.notification.findFirst({ where: { id, recipientId: viewer.id }, select: { readAt: true } });
  if (!mine) throw new DomainError(problem("notFound"));
  // Already read: the first reading time stays.
  if (mine.readAt === null) await db.notification.updateMany({ where: { id, recipientId: viewer.id, readAt: null }, data: { readAt: new Date() } });
}

/** Marks every unread notification of the viewer read; answers how many were. */
export async function markAllRead(viewer: Pick<Viewer, "id">): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { recipientId: viewer.id, readAt: null }, data: { readAt: new Date() } });
  return count;
}
