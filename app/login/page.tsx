import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getSessionPrincipal } from "@/lib/auth/viewer";
import { homePath } from "@/lib/auth/home-path";
import { LoginForm } from "@/components/auth/login-form";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("submit") };
}

async function LoginPage() {
  // Signed in already: a customer to its pages, an account to its self-care page.
  const principal = await getSessionPrincipal();
  if (principal) redirect(homePath(principal.kind));
  const t = await getTranslations("login");
  const tApp = await getTranslations("app");
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">{tApp("name")}</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 mb-6 text-sm text-slate-600">{t("subtitle")}</p>
        <LoginForm />
      </div>
    </main>
  );
}

export default withPageMessages("app/login/page.tsx", LoginPage);
