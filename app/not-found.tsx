import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("notFoundBody")}</p>
      <Link href="/customers" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
        {t("backHome")}
      </Link>
    </main>
  );
}
