import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";

/**
 * On the Tariffs page: the margin guard's report link. The report checks
 * every rate of every own tariff (about a second per 100,000 rates), so the
 * list itself does not: the rates page flags the rates it shows.
 */
export async function MarginSummary() {
  const t = await getTranslations("margins");
  return (
    <p className="mb-4 text-sm" data-testid="margin-summary">
      <Link href="/tariffs/margins" className="text-brand-700 underline">
        {t("link")}
      </Link>
    </p>
  );
}
