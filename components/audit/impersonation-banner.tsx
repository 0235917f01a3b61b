"use client";

// The banner on every page while an operator is logged in as one of its
// customers: who is acting as whom, and the one-click return. It sits above
// the header, outside the main region, and is a labelled region so a screen
// reader can jump to it.
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { returnToOwnSession } from "@/lib/actions/impersonation";

export function ImpersonationBanner({ customer, operator }: { customer: string; operator: string }) {
  const t = useTranslations("uxAudit.impersonate");
  const [pending, start] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <section
      aria-label={t("return", { operator })}
      data-testid="impersonation-banner"
      className="flex flex-wrap items-center justify-between gap-2 bg-amber-100 px-4 py-2 text-sm text-amber-950 ring-1 ring-amber-300"
    >
      <p>{t("banner", { customer, operator })}</p>
      <span className="flex items-center gap-2">
        {failed ? (
          <span role="alert" className="text-red-800">
            {t("errors.failed")}
          </span>
        ) : null}
        <button
          type="button"
          className="btn btn-primary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              setFailed(false);
              const result = await returnToOwnSession().catch(() => null);
              if (result?.ok) window.location.assign(result.url);
              else setFailed(true);
            })
          }
        >
          {pending ? t("returning") : t("return", { operator })}
        </button>
      </span>
    </section>
  );
}
