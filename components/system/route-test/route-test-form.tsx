import { getTranslations } from "next-intl/server";
import { problemText } from "@/lib/errors/problem-text";
import { isLocale } from "@/lib/i18n/locales";
import { TextField } from "@/components/ui/text-field";
import { Button } from "@/components/ui/button";

/** The account and the number: a plain GET form, so a tested route is a link that can be shared or reloaded. */
export async function RouteTestForm({ account, number, error, locale }: { account: string; number: string; error: { field: "account" | "number"; problem: string } | null; locale: string }) {
  const t = await getTranslations("routeTest");
  const message = error ? problemText(error.problem, isLocale(locale) ? locale : "en") : undefined;
  return (
    <form method="get" action="/system/route-test" className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="route-test-form">
      <TextField
        label={t("account")}
        name="account"
        defaultValue={account}
        autoComplete="off"
        maxLength={64}
        hint={t("accountHint")}
        error={error?.field === "account" ? message : undefined}
        className="min-w-56"
      />
      <TextField
        label={t("number")}
        name="number"
        defaultValue={number}
        autoComplete="off"
        inputMode="tel"
        maxLength={64}
        hint={t("numberHint")}
        error={error?.field === "number" ? message : undefined}
        className="min-w-56"
      />
      <Button type="submit" className="mb-6">
        {t("submit")}
      </Button>
    </form>
  );
}
