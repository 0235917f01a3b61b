import { useMemo } from "react";
import { useLocale, useTranslations } from "next-intl";
import { toDisplayCurrency, type RateTable } from "@/lib/exchange-rates/rate-table";
import { formatMoney, STORED_SCALE } from "@/lib/money";

// Shared: rendered on the server by pages and in the browser by the customers
// and accounts tables.

/** The texts and locale of money cells: looked up once per table, not once per cell. */
export interface MoneyLabels {
  locale: string;
  /** The marker's text when there is no rate to the display currency. */
  noRate: string;
  /** Hover text of a converted amount: the native amount. */
  native: (amount: string) => string;
}

/** Whose currency the native amount is in, for its hover text. */
type Holder = "customer" | "account";

export function useMoneyLabels(displayCurrency: string, holder: Holder = "customer"): MoneyLabels {
  const t = useTranslations("customers");
  const ta = useTranslations("accounts");
  const locale = useLocale();
  // Stable, so that a table's columns (memoised on it) are built once.
  return useMemo(
    () => ({
      locale,
      noRate: t("noRateMarker", { currency: displayCurrency }),
      native: (amount: string) => (holder === "account" ? ta("nativeAmount", { amount }) : t("nativeAmount", { amount })),
    }),
    [t, ta, locale, displayCurrency, holder],
  );
}

/**
 * An amount in the viewer's display currency, with the native amount beside
 * it (and on hover). With no rate, the native amount and a marker: never a
 * made-up number. No hooks: a table renders hundreds (bench:profile counted
 * two translators per cell when each looked its texts up itself).
 */
export function MoneyAmount({
  amount,
  currency,
  table,
  displayCurrency,
  labels,
}: {
  amount: bigint;
  currency: string;
  table: RateTable;
  displayCurrency: string;
  labels: MoneyLabels;
}) {
  const native = formatMoney({ amount, scale: STORED_SCALE, currency }, labels.locale);
  const shown = toDisplayCurrency(table, displayCurrency, amount, currency);
  if (!shown.ok) {
    return (
      <span title={labels.noRate}>
        {native}{" "}
        <span className="text-amber-700" aria-label={labels.noRate}>
          *
        </span>
      </span>
    );
  }
  if (currency === displayCurrency) return <span>{native}</span>;
  const converted = formatMoney({ amount: shown.amount, scale: STORED_SCALE, currency: displayCurrency }, labels.locale);
  return (
    <span title={labels.native(native)}>
      {converted}
      <span className="block text-xs text-slate-500">{native}</span>
    </span>
  );
}

/** One amount on a page (detail pages): MoneyAmount with its own labels. */
export function MoneyCell({ holder, ...amount }: { amount: bigint; currency: string; table: RateTable; displayCurrency: string; holder?: Holder }) {
  const labels = useMoneyLabels(amount.displayCurrency, holder);
  return <MoneyAmount {...amount} labels={labels} />;
}
