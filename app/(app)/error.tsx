"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

// Raw error text never reaches the user; the digest lets operators find the server log line.
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">{t("genericTitle")}</h1>
      <p className="mt-1 text-sm text-red-800">{t("genericBody")}</p>
      {error.digest ? <p className="mt-1 text-xs text-red-700">#{error.digest}</p> : null}
      <Button className="mt-4" variant="secondary" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}
