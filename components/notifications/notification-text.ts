// One notification in words, on the server (the list, the dashboard) in the
// viewer's language, amounts in the watched customer's currency.
import type { getTranslations } from "next-intl/server";
import type { NotificationRow } from "@/lib/alerts/notifications";
import { formatMoney, STORED_SCALE } from "@/lib/money";

type T = Awaited<ReturnType<typeof getTranslations<"uxDashboard.notifications">>>;

export function notificationText(t: T, row: NotificationRow, locale: string): string {
  const money = (amount: bigint) => formatMoney({ amount, scale: STORED_SCALE, currency: row.currency }, locale);
  const values = { threshold: money(row.threshold), balance: money(row.balance) };
  return row.subject.self ? t("ownLow", values) : t("customerLow", { ...values, name: row.subject.name });
}
