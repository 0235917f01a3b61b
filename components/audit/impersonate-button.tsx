"use client";

// "Log in as this customer" on a customer's page (offered only where the
// access rule allows it). The server checks everything again; a refusal is
// said beside the button. On success the browser loads the home page in full,
// so nothing rendered for the operator's own session stays in the router.
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { logInAsCustomer } from "@/lib/actions/impersonation";

export function ImpersonateButton({ customerId }: { customerId: number }) {
  const t = useTranslations("uxAudit.impersonate");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        data-testid="impersonate"
        onClick={() =>
          start(async () => {
            setError(null);
            const result = await logInAsCustomer(customerId).catch(() => ({ ok: false as const, reason: "failed" as const }));
            if (result.ok) window.location.assign(result.url);
            else setError(t(`errors.${result.reason}`));
          })
        }
      >
        {pending ? t("working") : t("button")}
      </Button>
      {error ? (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
