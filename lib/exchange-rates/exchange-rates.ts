// Exchange rates: each customer keeps its own, "1 <its base> = r <currency>",
// with their whole history (a rate is never overwritten: setting one closes
// the current row and adds a new one). A customer without its own rate for a
// currency uses its nearest ancestor's (rate-table.ts). The ancestors' rows
// are read through the viewer's own path and only their values leave this
// module, never who set them.
import "server-only";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { exchangeRateScope } from "@/lib/access/access";
import { exactText } from "@/lib/db/decimal-text";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { rateFromDecimalString, rateToDecimalString, rateToString, crossRate, type Rate } from "@/lib/money";
import type { RateTable } from "./rate-table";
import { loadRateTableFrom } from "./load-rate-table";
import { tenantOfPath } from "@/lib/customers/scope";

const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });
const resource = (viewer: Viewer, currency: string) => `exchange_rates:i_customer=${viewer.id}:currency=${currency}`;

/** The viewer's effective rates: its own, then its ancestors' (read by load-rate-table.ts, which scripts share). */
export function loadRateTable(viewer: Pick<Viewer, "path">): Promise<RateTable> {
  return loadRateTableFrom(db, viewer);
}

/**
 * The same table for the parts of one page render (the header's profile
 * menu, the page's table): read once per render of a viewer. React's cache
 * lives only while a page renders, so an action that sets a rate and the
 * page rendered after it never meet an older table.
 */
export const loadRateTableForRender = cache(loadRateTable);

export interface ExchangeRateRow {
  currency: string;
  /** "1 base = rate currency", exact for own rates, 12 significant digits for inherited ones. */
  rate: string;
  own: boolean;
  /** When the viewer set its own rate; null for inherited ones. */
  setAt: Date | null;
}

export interface RateHistoryEntry {
  rate: string;
  from: Date;
  until: Date | null;
}

export async function listExchangeRates(viewer: Viewer): Promise<{ rows: ExchangeRateRow[]; history: Record<string, RateHistoryEntry[]> }> {
  const [table, ownRows] = await Promise.all([
    loadRateTable(viewer),
    db.exchangeRate.findMany({
      where: exchangeRateScope(viewer, "read").where,
      orderBy: [{ currency: "asc" }, { createdAt: "desc" }, { id: "desc" }],
      select: { currency: true, rate: true, createdAt: true, supersededAt: true },
    }),
  ]);
  const history: Record<string, RateHistoryEntry[]> = {};
  for (const row of ownRows) {
    (history[row.currency] ??= []).push({
      rate: rateToString(rateFromDecimalString(exactText(row.rate))),
      from: row.createdAt,
      until: row.supersededAt,
    });
  }
  const rows: ExchangeRateRow[] = [...table.rates.entries()]
    .map(([currency, effective]) => {
      const current = effective.own ? ownRows.find((r) => r.currency === currency && r.supersededAt === null) : undefined;
      return {
        currency,
        rate: rateToString(current ? rateFromDecimalString(exactText(current.rate)) : crossRate(effective.den, effective.num)),
        own: effective.own,
        setAt: current?.createdAt ?? null,
      };
    })
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return { rows, history };
}

async function lockCurrency(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], viewer: Viewer, currency: string) {
  // Serializes changes of one customer's rate for one currency.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`exchange_rate:${viewer.id}:${currency}`}))`;
}

export async function setExchangeRate(viewer: Viewer, currency: string, rate: Rate, ip: string | null) {
  if (currency === viewer.baseCurrency) throw new DomainError(problem("sameAsBase"), "currency");
  const text = rateToString(rate);
  return db.$transaction(async (tx) => {
    await lockCurrency(tx, viewer, currency);
    const current = await tx.exchangeRate.findFirst({ where: { ...exchangeRateScope(viewer, "edit").where, currency, supersededAt: null } });
    const now = new Date();
    if (current) await tx.exchangeRate.update({ where: { id: current.id }, data: { supersededAt: now } });
    await tx.exchangeRate.create({
      data: { tenantId: tenantOfPath(viewer.path), ownerId: viewer.id, currency, rate: rateToDecimalString(rate), createdAt: now, createdById: viewer.id },
    });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: current ? "update" : "create",
      resource: resource(viewer, currency),
      // The base on both sides: the audit log lists only what changed, the rate.
      before: current ? { rate: rateToString(rateFromDecimalString(exactText(current.rate))), base: viewer.baseCurrency } : undefined,
      after: { rate: text, base: viewer.baseCurrency },
      ip,
    });
    return { currency, rate: text };
  });
}

/** Ends the viewer's own rate (its history stays); an inherited rate applies again, if any. */
export async function deleteExchangeRate(viewer: Viewer, currency: string, ip: string | null) {
  return db.$transaction(async (tx) => {
    await lockCurrency(tx, viewer, currency);
    const current = await tx.exchangeRate.findFirst({ where: { ...exchangeRateScope(viewer, "edit").where, currency, supersededAt: null } });
    if (!current) throw new DomainError(problem("rateNotOwned"));
    await tx.exchangeRate.update({ where: { id: current.id }, data: { supersededAt: new Date() } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "delete",
      resource: resource(viewer, currency),
      before: { rate: rateToString(rateFromDecimalString(exactText(current.rate))) },
      ip,
    });
    return { currency };
  });
}
