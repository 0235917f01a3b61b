// The self-care pages: an account signed in on the login page sees its own
// page here and nothing else. A customer's session is sent to its customer
// pages, nobody's to the login page (lib/auth/viewer.ts).
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/lib/auth/viewer";
import { SelfCareHeader } from "@/components/self-care/self-care-header";
import { Toaster } from "@/components/ui/toaster";

export const dynamic = "force-dynamic";

export default async function SelfCareLayout({ children }: { children: React.ReactNode }) {
  const account = await requireAccount();
  const t = await getTranslations("nav");
  return (
    <Toaster>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2">
        {t("skipToContent")}
      </a>
      <SelfCareHeader username={account.username} />
      {/* tabIndex -1: the skip link's target takes focus, so Tab goes on from the page and a screen reader reads it. */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none">
        {children}
      </main>
    </Toaster>
  );
}
