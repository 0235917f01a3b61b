import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { allowedActions } from "@/lib/access/access";
import { listVoucherBatches } from "@/lib/vouchers/list";
import { voucherCurrencies } from "@/lib/vouchers/voucher-currencies";
import { parseBatchListParams } from "@/lib/vouchers/voucher-list-params";
import { toBatchView } from "@/lib/vouchers/voucher-view";
import { PageHeader } from "@/components/ui/page-header";
import { BatchesTable } from "@/components/vouchers/batches-table";
import { CreateBatchButton } from "@/components/vouchers/create-batch-dialog";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("vouchers"))("title") };
}

/**
 * The viewer's own voucher batches (nobody else's, Root included), a page at
 * a time, searched by tag. Open to every customer (one whose vouchers rights
 * were taken away still sees its batches); "Create batch" only with the right.
 */
async function VouchersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("vouchers");
  const params = parseBatchListParams(await searchParams);
  const can = allowedActions(viewer, "voucher", "owner");
  const [page, currencies] = await Promise.all([listVoucherBatches(viewer, params), can.create ? voucherCurrencies(viewer) : Promise.resolve([])]);
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={can.create ? <CreateBatchButton context={{ currencies, timeZone: viewer.timeZone }} /> : null}
      />
      <BatchesTable rows={page.rows.map(toBatchView)} total={page.total} params={params} mayCreate={can.create} />
    </>
  );
}

export default withPageMessages("app/(app)/vouchers/(list)/page.tsx", VouchersPage);
