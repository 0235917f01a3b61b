import { getTranslations } from "next-intl/server";
import { LogoutButton } from "@/components/shell/logout-button";

/** The self-care page's header: no navigation (the account has one page), its username and Log out. */
export async function SelfCareHeader({ username }: { username: string }) {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
        <span className="text-lg font-semibold text-brand-900">{tApp("name")}</span>
        <div className="flex items-center gap-3">
          <span className="text-sm text-slate-600" data-testid="viewer-name">
            {t("signedInAs", { name: username })}
          </span>
          <LogoutButton />
        </div>
      </div>
    </header>
  );
}
