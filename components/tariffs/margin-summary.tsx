import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** On the Tariffs page: how many of the viewer's rates sell below cost, and the report's link (always shown). */
export async function MarginSummary({ below }: { below: number }) {
  const t = await getTranslations("margins");
  return (
    <p className={`mb-4 rounded-md px-3 py-2 text-sm ${below > 0 ? "bg-red-50 text-red-900" : "bg-slate-50 text-slate-700"}`} data-testid="margin-summary">
      {below > 0 ? <span className="mr-2 font-medium">{t("tariffNote", { count: below })}</span> : null}
      <Link href="/tariffs/margins" className="text-brand-700 underline">
        {t("link")}
      </Link>
    </p>
  );
}
