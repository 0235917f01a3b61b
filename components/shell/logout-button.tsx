"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export function LogoutButton() {
  const t = useTranslations("nav");
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <span className="flex items-center gap-2">
      {failed ? (
        <span role="alert" data-testid="logout-error" className="text-sm text-red-800">
          {t("logoutFailed")}
        </span>
      ) : null}
      <Button
        variant="secondary"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setFailed(false);
          // The server revokes the session before it clears the cookie
          // (app/api/auth/[...nextauth]/route.ts); when it cannot, it answers
          // without a url, the session stays open, and the person is told.
          const result = (await signOut({ redirect: false, callbackUrl: "/login" }).catch(() => null)) as { url?: string } | null;
          if (result?.url) {
            // A full load (as next-auth's own signOut does), so nothing
            // rendered for the session stays in the router's cache.
            window.location.href = result.url;
            return;
          }
          setFailed(true);
          setPending(false);
        }}
      >
        {pending ? t("loggingOut") : t("logout")}
      </Button>
    </span>
  );
}
