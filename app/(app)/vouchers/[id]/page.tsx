import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { allowedActions } from "@/lib/access/access";
import { formatDate, formatDateTime } from "@/lib/i18n/format";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { getVoucherBatch, listVouchers, VOUCHER_STATES } from "@/lib/vouchers/list";
import { parseVoucherListParams } from "@/lib/vouchers/voucher-list-params";
import { toBatchView, toVoucherView } from "@/lib/vouchers/voucher-view";
import { PageHeader } from "@/components/ui/page-header";
import { BatchActions } from "@/components/vouchers/batch-actions";
import { BatchStateBadge } from "@/components/vouchers/voucher-badges";
import { VouchersTable } from "@/components/vouchers/vouchers-table";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The id in the URL as a record id; anything else names no batch. */
const batchIdOf = (id: string) => (/^\d{1,10}$/.test(id) ? Number(id) : 0);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const batch = await getVoucherBatch(viewer, batchIdOf((await params).id));
  return { title: batch?.tag ?? (await getTranslations("errors"))("notFoundTitle") };
}

/** One batch of the viewer's: its terms and totals, the buttons its rights allow, and its vouchers. */
async function VoucherBatchPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const query = parseVoucherListParams(await searchParams);
  // Anyone else's batch (Root's included), a deleted one or a guessed id: 404, like a missing one.
  const found = await listVouchers(viewer, batchIdOf((await params).id), query);
  if (!found) notFound();
  const t = await getTranslations("vouchers");
  const batch = toBatchView(found.batch);
  const can = allowedActions(viewer, "voucher", "owner");
  const viewerFormat = { locale: viewer.language, timeZone: viewer.timeZone };
  const money = (amount: bigint) => formatMoney({ amount, scale: STORED_SCALE, currency: batch.currency }, viewer.language);
  const count = (n: number) => new Intl.NumberFormat(viewer.language).format(n);
  const lastDay = formatDate(new Date(found.batch.expiresAt.getTime() - 1), viewerFormat);
  const fields: [string, React.ReactNode, string][] = [
    [t("batch.state"), <BatchStateBadge key="state" state={batch.state} />, "state"],
    [t("batch.amount"), money(found.batch.amount), "amount"],
    [t("batch.expires"), t("batch.expiresValue", { date: lastDay, zone: viewer.timeZone }), "expires"],
    [t("batch.created"), formatDateTime(found.batch.createdAt, viewerFormat), "created"],
    [
      t("batch.numberFormat"),
      batch.numberPrefix
        ? t("batch.numberFormatPrefix", { length: batch.numberLength, prefix: batch.numberPrefix })
        : t("batch.numberFormatPlain", { length: batch.numberLength }),
      "number-format",
    ],
  ];
  const figures: [string, string, string][] = [
    [t("batch.count"), count(batch.count), "count"],
    [t("batch.redeemed"), count(batch.redeemed), "redeemed"],
    [t("batch.expired"), count(batch.expiredCount), "expired"],
    [t("batch.disabled"), count(batch.disabledCount), "disabled"],
    [t("batch.left"), count(batch.left), "left"],
    [t("batch.valueLeft"), money(found.batch.valueLeft), "value-left"],
  ];
  // The export is this list: the same state filter and number search (never the page: every voucher).
  const exportQuery = new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.state ? { state: query.state } : {}) });
  const exportHref = `/vouchers/${batch.id}/export${exportQuery.size ? `?${exportQuery.toString()}` : ""}`;

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-3 text-sm">
        <ol className="flex flex-wrap items-center gap-1 text-slate-600">
          <li>
            <Link href="/vouchers" className="text-brand-700 underline">
              {t("title")}
            </Link>
          </li>
          <li className="flex items-center gap-1">
            <span aria-hidden>›</span>
            <span aria-current="page" className="font-medium text-slate-900">
              {batch.tag}
            </span>
          </li>
        </ol>
      </nav>
      <PageHeader title={batch.tag} actions={<BatchActions batch={batch} permissions={{ edit: can.edit, delete: can.delete }} timeZone={viewer.timeZone} />} />
      <section aria-label={t("batch.figures")} className="mb-6 flex flex-col gap-4">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {figures.map(([label, value, id]) => (
            <div key={id} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid={`batch-${id}`}>
              <dt className="text-xs font-medium text-slate-600">{label}</dt>
              <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {fields.map(([label, value, id]) => (
            <div key={id} className="flex gap-2" data-testid={`batch-info-${id}`}>
              <dt className="text-slate-600">{label}:</dt>
              <dd className="text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <VouchersTable
        batch={{ tag: batch.tag, disabled: batch.state === "disabled" }}
        rows={found.rows.map(toVoucherView)}
        total={found.total}
        params={query}
        states={VOUCHER_STATES}
        state={query.state}
        exportHref={exportHref}
        mayEdit={can.edit}
      />
    </>
  );
}

export default withPageMessages("app/(app)/vouchers/[id]/page.tsx", VoucherBatchPage);
