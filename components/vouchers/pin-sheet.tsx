"use client";

import { useEffect } from "react";
import { createPortal } from "react-dom";
import { useTranslations } from "next-intl";
import type { IssuedVoucher } from "@/lib/vouchers/batches";
import { useVoucherFormat } from "./use-voucher-format";

/** Vouchers one printable sheet holds: beyond this the browser's print preview crawls; the CSV file holds any batch. */
export const PRINTABLE_VOUCHERS = 5000;

/**
 * The printable sheet of a new batch: one card per voucher (tag, amount,
 * number, PIN, last valid day), mounted only while printing, straight under
 * <body>, where the print style sheet (app/globals.css, .print-sheet) shows
 * it alone and the screen never shows it. Made from the page's memory: the
 * server never sees it.
 */
export function PinSheet({
  batch,
  vouchers,
  onDone,
}: {
  batch: { tag: string; amount: string; currency: string; expiresAt: string };
  vouchers: readonly IssuedVoucher[];
  onDone: () => void;
}) {
  const t = useTranslations("vouchers.create");
  const f = useVoucherFormat();
  useEffect(() => {
    window.addEventListener("afterprint", onDone, { once: true });
    // After this render is in the document: the print dialog shows the sheet.
    const frame = requestAnimationFrame(() => window.print());
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("afterprint", onDone);
    };
  }, [onDone]);
  const amount = f.money(batch.amount, batch.currency);
  const valid = t("sheetValid", { date: f.lastDay(batch.expiresAt) });
  return createPortal(
    <section className="print-sheet" data-testid="pin-sheet">
      <h1 className="mb-3 text-base font-semibold">{t("sheetTitle", { tag: batch.tag })}</h1>
      <ol className="grid grid-cols-3 gap-2">
        {vouchers.map((v) => (
          <li key={v.number} className="break-inside-avoid rounded border border-dashed border-slate-500 p-2 text-xs" data-testid="pin-card">
            <div className="flex justify-between gap-2 font-semibold">
              <span>{batch.tag}</span>
              <span>{amount}</span>
            </div>
            <div className="mt-1">
              {t("sheetNumber")}: <span className="font-mono">{v.number}</span>
            </div>
            <div>
              {t("sheetPin")}: <span className="font-mono font-semibold">{v.pin}</span>
            </div>
            <div className="mt-1 text-slate-700">{valid}</div>
          </li>
        ))}
      </ol>
    </section>,
    document.body,
  );
}
