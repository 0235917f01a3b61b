// Only list pages get a loading boundary: a page inside one starts streaming
// with status 200 before it can answer "not found" with a real 404.
import { getTranslations } from "next-intl/server";

export default async function Loading() {
  const t = await getTranslations("common");
  return (
    <div role="status" className="flex items-center gap-3 py-12 text-sm text-slate-600">
      <span className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden />
      {t("loading")}
    </div>
  );
}
