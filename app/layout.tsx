import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { layoutNamespaces, pickNamespaces } from "@/lib/i18n/client-messages";
import { BrowserCsp } from "@/components/security/browser-csp";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("tagline") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  // Only the layouts' texts: each page adds its own (components/i18n/page-messages.tsx).
  const messages = pickNamespaces(await getMessages(), layoutNamespaces());
  return (
    <html lang={locale}>
      <body className="min-h-screen font-sans">
        <BrowserCsp />
        <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
