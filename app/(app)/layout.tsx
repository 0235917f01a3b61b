import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { AppHeader } from "@/components/shell/app-header";
import { NavigationProgress } from "@/components/shell/navigation-progress";
import { Toaster } from "@/components/ui/toaster";
import { ImpersonationBanner } from "@/components/audit/impersonation-banner";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const t = await getTranslations("nav");
  return (
    <Toaster>
      <NavigationProgress />
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2">
        {t("skipToContent")}
      </a>
      {viewer.impersonator ? <ImpersonationBanner customer={viewer.name} operator={viewer.impersonator.name} /> : null}
      <AppHeader viewer={viewer} />
      {/* tabIndex -1: the skip link's target takes focus, so Tab goes on from the page and a screen reader reads it. */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-[1600px] px-4 py-8 outline-none">
        {children}
      </main>
    </Toaster>
  );
}
