import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";

/**
 * What a missing page says. Inside the app's and self-care's layouts it sits
 * in their main region; on its own (an address no route matches) the root
 * not-found page gives it one: a page has exactly one main region.
 */
export async function NotFoundMessage() {
  const t = await getTranslations("errors");
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("notFoundBody")}</p>
      <Link href="/customers" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
        {t("backHome")}
      </Link>
    </div>
  );
}
