import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { listActiveCalls } from "@/lib/calls/active-calls";
import { formatCallDuration } from "@/lib/calls/duration";
import { formatDateTime } from "@/lib/i18n/format";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activeCalls"))("title") };
}

/** Calls in progress in the viewer's subtree, newest first (docs/domain.md, "Where calls are seen"). */
async function ActiveCallsPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("activeCalls");
  const now = new Date();
  const { calls: rows, count: total } = await listActiveCalls(viewer, { now });
  const format = { locale: viewer.language, timeZone: viewer.timeZone };
  const time = new Intl.DateTimeFormat(viewer.language, { timeStyle: "medium", timeZone: viewer.timeZone });
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          <Link href="/active-calls" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
            {t("refresh")}
          </Link>
        }
      />
      <p className="mb-3 flex flex-wrap gap-x-4 text-sm text-slate-600">
        <span data-testid="active-count">{t("count", { count: total })}</span>
        <span>{t("asOf", { time: formatDateTime(now, format) })}</span>
        {total > rows.length ? <span>{t("showingNewest", { shown: rows.length, total })}</span> : null}
      </p>
      {rows.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <Table data-testid="active-calls">
          <caption className="sr-only">{t("title")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("columns.started")}</Th>
              <Th className="text-right">{t("columns.elapsed")}</Th>
              <Th>{t("columns.account")}</Th>
              <Th>{t("columns.owner")}</Th>
              <Th>{t("columns.cli")}</Th>
              <Th>{t("columns.cld")}</Th>
              <Th className="text-right">{t("columns.maxDuration")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.callId}>
                <Td className="whitespace-nowrap tabular-nums">{time.format(r.authorizedAt)}</Td>
                <Td className="text-right tabular-nums">{formatCallDuration(Math.max(0, Math.floor((now.getTime() - r.authorizedAt.getTime()) / 1000)))}</Td>
                <Td>
                  <Link href={`/accounts/${r.accountId}`} className="text-brand-700 hover:underline">
                    {r.account}
                  </Link>
                </Td>
                <Td>
                  {r.owner.id === viewer.id ? (
                    <span className="text-slate-500">{t("columns.ownAccount")}</span>
                  ) : (
                    <Link href={`/customers/${r.owner.id}`} className="text-brand-700 hover:underline">
                      {r.owner.name}
                    </Link>
                  )}
                </Td>
                <Td className="tabular-nums">{r.cli}</Td>
                <Td className="tabular-nums">{r.cld}</Td>
                <Td className="text-right tabular-nums">{formatCallDuration(r.maxDuration)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

export default withPageMessages("app/(app)/active-calls/page.tsx", ActiveCallsPage);
