// The dashboard's figures (docs/ux.md, "Dashboard"): what the viewer runs, read
// in a handful of indexed statements, each scoped to the viewer's own subtree
// (the path range) or its direct customers (parent_id), never wider. Amounts in
// several currencies are summed in the viewer's display currency with its
// rates; an amount in a currency without a rate is shown apart, never guessed.
import "server-only";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import { subtreeRange } from "@/lib/customers/scope";
import { loadRateTable } from "@/lib/exchange-rates/exchange-rates";
import { convertWith, type RateTable } from "@/lib/exchange-rates/rate-table";
import { periodRange } from "@/lib/calls/call-filters";
import { callTotals } from "@/lib/calls/list";

export interface MoneySum {
  /** The sum of every convertible amount, in `currency` (the display currency). */
  amount: bigint;
  currency: string;
  /** Amounts of currencies without a rate, per currency, not included above. */
  apart: { amount: bigint; currency: string }[];
}

export interface DashboardTotals {
  /** Direct customers (live) and every live customer below the viewer. */
  customers: { direct: number; all: number };
  accounts: number;
  /** Its direct customers' debts to it (the sum of their negative balances, made positive). */
  owedToYou: MoneySum;
  /** Its own balance with its parent (null for Root: nobody bills it), and its credit limit, in its own currency. */
  ownBalance: { balance: bigint; creditLimit: bigint; currency: string } | null;
  blocked: number;
  /** Direct customers below the threshold the viewer set for them. */
  underThreshold: number;
  /** Whether the viewer's own balance is below its own threshold. */
  selfUnderThreshold: boolean;
  /** Its own threshold (null: none). */
  ownThreshold: bigint | null;
  /** Add Funds (voucher top-ups included) on customers and accounts in its subtree since the 1st of this month, its time zone. */
  paymentsThisMonth: MoneySum & { count: number };
  /** Its calls today (its time zone): count, answered minutes, and the margin per currency in the display currency. */
  callsToday: { calls: number; minutes: number; margin: MoneySum };
  unread: number;
}

/** Sums amounts of several currencies in the display currency (those without a rate apart). */
export function sumInDisplay(table: RateTable, currency: string, parts: { amount: bigint; currency: string }[]): MoneySum {
  const sum: MoneySum = { amount: 0n, currency, apart: [] };
  for (const part of parts) {
    if (part.amount === 0n) continue;
    const converted = convertWith(table, part.amount, part.currency, currency);
    if (converted === null) {
      const same = sum.apart.find((a) => a.currency === part.currency);
      if (same) same.amount += part.amount;
      else sum.apart.push({ ...part });
    } else sum.amount += converted;
  }
  sum.apart.sort((a, b) => a.currency.localeCompare(b.currency));
  return sum;
}

/** The start of this month in the viewer's time zone. */
export function monthStart(viewer: Pick<Viewer, "timeZone">, now = new Date()): Date {
  return periodRange("month", viewer.timeZone, now).from!;
}

export async function dashboardTotals(viewer: Viewer, now = new Date()): Promise<DashboardTotals> {
  const reader = await staleOkDb();
  const range = subtreeRange(viewer.path);
  const since = monthStart(viewer, now);
  const [self, subtree, debts, children, payments, unread, table, calls] = await Promise.all([
    reader.customer.findUniqueOrThrow({ where: { id: viewer.id }, select: { subCustomers: true, liveAccounts: true, balance: true, creditLimit: true, baseCurrency: true } }),
    // Every live customer strictly below the viewer: a range of the path index.
    reader.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM customers WHERE path > ${viewer.path} AND path < ${range.lt} AND archived_at IS NULL`,
    reader.$queryRaw<{ currency: string; owed: string }[]>`
      SELECT base_currency AS currency, (-sum(balance))::text AS owed FROM customers
      WHERE parent_id = ${viewer.id} AND archived_at IS NULL AND balance < 0 GROUP BY base_currency`,
    reader.$queryRaw<{ blocked: bigint; under: bigint }[]>`
      SELECT count(*) FILTER (WHERE c.blocked) AS blocked,
             count(*) FILTER (WHERE c.balance < COALESCE(t.from_parent, mine.for_customers)) AS under
      FROM customers c
      LEFT JOIN low_balance_thresholds t ON t.customer_id = c.id
      LEFT JOIN low_balance_thresholds mine ON mine.customer_id = ${viewer.id}
      WHERE c.parent_id = ${viewer.id} AND c.archived_at IS NULL`,
    // Add Funds on customers below the viewer and on accounts of the viewer's subtree (its own included).
    reader.$queryRaw<{ currency: string; total: string; n: bigint }[]>`
      SELECT currency, sum(amount)::text AS total, count(*) AS n FROM (
        SELECT c.base_currency AS currency, t.amount FROM customers c JOIN transactions t ON t.customer_id = c.id
        WHERE c.path > ${viewer.path} AND c.path < ${range.lt} AND t.type = 'add_funds' AND t.created_at >= ${since}
        UNION ALL
        SELECT a.currency, t.amount FROM accounts a JOIN transactions t ON t.account_id = a.id
        WHERE a.owner_path >= ${range.gte} AND a.owner_path < ${range.lt} AND t.type = 'add_funds' AND t.created_at >= ${since}
      ) p GROUP BY currency`,
    reader.notification.count({ where: { recipientId: viewer.id, readAt: null } }),
    loadRateTable(viewer),
    callTotals(viewer, { from: periodRange("today", viewer.timeZone, now).from }),
  ]);
  const own = await reader.lowBalanceThreshold.findUnique({ where: { customerId: viewer.id }, select: { own: true } });
  const display = viewer.displayCurrency;
  const callSums = "notFound" in calls ? { calls: 0, seconds: 0, byCurrency: [] } : calls;
  return {
    customers: { direct: self.subCustomers, all: Number(subtree[0]?.n ?? 0) },
    accounts: self.liveAccounts,
    owedToYou: sumInDisplay(table, display, debts.map((d) => ({ amount: BigInt(d.owed), currency: d.currency.trim() }))),
    ownBalance: viewer.isRoot ? null : { balance: self.balance, creditLimit: self.creditLimit, currency: self.baseCurrency },
    blocked: Number(children[0]?.blocked ?? 0),
    underThreshold: Number(children[0]?.under ?? 0),
    selfUnderThreshold: !viewer.isRoot && own?.own != null && self.balance < own.own,
    ownThreshold: own?.own ?? null,
    paymentsThisMonth: {
      ...sumInDisplay(table, display, payments.map((p) => ({ amount: BigInt(p.total), currency: p.currency.trim() }))),
      count: payments.reduce((n, p) => n + Number(p.n), 0),
    },
    callsToday: {
      calls: callSums.calls,
      minutes: Math.floor(callSums.seconds / 60),
      margin: sumInDisplay(table, display, callSums.byCurrency.map((c) => ({ amount: c.margin, currency: c.currency }))),
    },
    unread,
  };
}

export interface LowBalanceRow {
  id: number;
  name: string;
  balance: bigint;
  threshold: bigint;
  currency: string;
  /** The threshold is the viewer's for this one customer, not its default. */
  own: boolean;
}

/** The viewer's direct customers below the threshold it set for them, lowest balance first (the dashboard's list). */
export async function customersUnderThreshold(viewer: Viewer, take = 200): Promise<LowBalanceRow[]> {
  const reader = await staleOkDb();
  const rows = await reader.$queryRaw<{ id: number; name: string; balance: string; threshold: string; currency: string; own: boolean }[]>`
    SELECT c.id, c.name, c.balance::text AS balance, COALESCE(t.from_parent, mine.for_customers)::text AS threshold,
           c.base_currency AS currency, t.from_parent IS NOT NULL AS own
    FROM customers c
    LEFT JOIN low_balance_thresholds t ON t.customer_id = c.id
    LEFT JOIN low_balance_thresholds mine ON mine.customer_id = ${viewer.id}
    WHERE c.parent_id = ${viewer.id} AND c.archived_at IS NULL AND c.balance < COALESCE(t.from_parent, mine.for_customers)
    ORDER BY c.balance, c.id LIMIT ${take}`;
  return rows.map((r) => ({ id: r.id, name: r.name, balance: BigInt(r.balance), threshold: BigInt(r.threshold), currency: r.currency.trim(), own: r.own }));
}

export interface PaymentRow {
  id: string;
  createdAt: Date;
  /** The customer or account topped up (an account: its username). */
  holder: { kind: "customer" | "account"; id: number; name: string };
  amount: bigint;
  currency: string;
  /** A voucher top-up (an account's Add Funds that redeemed a voucher). */
  voucher: boolean;
}

/** The payments behind the dashboard's figure: this month's Add Funds in the viewer's subtree, newest first. */
export async function listPaymentsThisMonth(viewer: Viewer, take = 100, now = new Date()): Promise<PaymentRow[]> {
  const reader = await staleOkDb();
  const range = subtreeRange(viewer.path);
  const since = monthStart(viewer, now);
  const rows = await reader.$queryRaw<{ id: string; created_at: Date; kind: "customer" | "account"; holder_id: number; name: string; amount: string; currency: string; voucher: boolean }[]>`
    SELECT * FROM (
      SELECT t.id::text AS id, t.created_at, 'customer' AS kind, c.id AS holder_id, c.name, t.amount::text AS amount, c.base_currency AS currency, false AS voucher
      FROM customers c JOIN transactions t ON t.customer_id = c.id
      WHERE c.path > ${viewer.path} AND c.path < ${range.lt} AND t.type = 'add_funds' AND t.created_at >= ${since}
      UNION ALL
      SELECT t.id::text, t.created_at, 'account', a.id, a.username, t.amount::text, a.currency,
             EXISTS (SELECT 1 FROM vouchers v WHERE v.redeemed_account_id = a.id AND v.transaction_id = t.id)
      FROM accounts a JOIN transactions t ON t.account_id = a.id
      WHERE a.owner_path >= ${range.gte} AND a.owner_path < ${range.lt} AND t.type = 'add_funds' AND t.created_at >= ${since}
    ) p ORDER BY created_at DESC, id DESC LIMIT ${take}`;
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    holder: { kind: r.kind, id: r.holder_id, name: r.name },
    amount: BigInt(r.amount),
    currency: r.currency.trim(),
    voucher: r.voucher,
  }));
}
