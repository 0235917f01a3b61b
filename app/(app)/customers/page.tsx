import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { listDirectCustomers } from "@/lib/customers/list-direct-customers";
import { formatDate } from "@/lib/i18n/format";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("title") };
}

export default async function CustomersPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("customers");
  const customers = await listDirectCustomers(viewer);
  const format = { locale: viewer.language, timeZone: viewer.timeZone };
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {customers.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("webLogin")}</Th>
              <Th>{t("created")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {customers.map((c) => (
              <tr key={c.id}>
                <Td className="font-medium">{c.name}</Td>
                <Td>{c.webLogin}</Td>
                <Td>{formatDate(c.createdAt, format)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
