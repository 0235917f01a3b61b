import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { holdsRightFor } from "@/lib/access/access";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysView } from "@/components/api-keys/api-keys-view";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("title") };
}

async function ApiKeysPage() {
  const viewer = await requireViewer();
  // Root's, or delegated with the system right; anyone else gets the page that does not exist.
  if (!holdsRightFor(viewer, "apiKey", "list")) notFound();
  const [keys, t] = await Promise.all([listApiKeys(viewer), getTranslations("apiKeys")]);
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <ApiKeysView
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
        }))}
      />
    </>
  );
}

export default withPageMessages("app/(app)/api-keys/page.tsx", ApiKeysPage);
