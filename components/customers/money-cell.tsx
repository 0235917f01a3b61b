import { useLocale, useTranslations } from "next-intl";
import { toDisplayCurrency, type RateTable } from "@/lib/exchange-rates/rate-table";
import { formatMoney, STORED_SCALE } from "@/lib/money";

// Shared: rendered on the server by pages and in the browser by the customers table.
/**
 * An amount in the viewer's display currency, with the native amount beside
 * it (and on hover). With no rate, the native amount and a marker: never a
 * made-up number.
 */
export function MoneyCell({
  amount,
  currency,
  table,
  displayCurrency,
  holder = "customer",
}: {
  amount: bigint;
  currency: string;
  table: RateTable;
  displayCurrency: string;
  /** Whose currency the native amount is in, for its hover text. */
  holder?: "customer" | "account";
}) {
  const t = useTranslations("customers");
  const ta = useTranslations("accounts");
  const locale = useLocale();
  const native = formatMoney({ amount, scale: STORED_SCALE, currency }, locale);
  const shown = toDisplayCurrency(table, displayCurrency, amount, currency);
  if (!shown.ok) {
    return (
      <span title={t("noRateMarker", { currency: displayCurrency })}>
        {native} <span className="text-amber-700" aria-label={t("noRateMarker", { currency: displayCurrency })}>*</span>
      </span>
    );
  }
  const converted = formatMoney({ amount: shown.amount, scale: STORED_SCALE, currency: displayCurrency }, locale);
  if (currency === displayCurrency) return <span>{native}</span>;
  return (
    <span title={holder === "account" ? ta("nativeAmount", { amount: native }) : t("nativeAmount", { amount: native })}>
      {converted}
      <span className="block text-xs text-slate-500">{native}</span>
    </span>
  );
}
