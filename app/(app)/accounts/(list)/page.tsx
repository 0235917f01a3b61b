import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { permits } from "@/lib/access/access";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { PageHeader } from "@/components/ui/page-header";
import { AccountsSection } from "@/components/accounts/accounts-section";
import { AddAccountButton } from "@/components/accounts/add-account-button";
import { BulkAccountsButton } from "@/components/accounts/bulk-accounts-dialog";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts"))("title") };
}

/** The viewer's own accounts. */
async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("accounts");
  const mayAdd = permits(viewer, "account", "create", "owner");
  const tariffs = mayAdd ? await listTariffOptions(viewer) : [];
  const defaults = { timeZone: viewer.timeZone, language: viewer.language };
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          // "Add accounts in bulk" (prepaid cards) sits beside "Add account".
          mayAdd ? (
            <div className="flex flex-wrap gap-2" data-testid="accounts-header-actions">
              <AddAccountButton tariffs={tariffs} defaults={defaults} />
              <BulkAccountsButton tariffs={tariffs} defaults={defaults} />
            </div>
          ) : null
        }
      />
      <AccountsSection viewer={viewer} ownerId={viewer.id} searchParams={await searchParams} />
    </>
  );
}

export default withPageMessages("app/(app)/accounts/(list)/page.tsx", AccountsPage);
