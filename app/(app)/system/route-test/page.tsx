import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";
import { maySystem } from "@/lib/system/system-access";
import { testRoute, type RouteTestResult } from "@/lib/routing/route-test";
import { PageHeader } from "@/components/ui/page-header";
import { RouteTestForm } from "@/components/system/route-test/route-test-form";
import { RouteTestResultView } from "@/components/system/route-test/route-test-result";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("routeTest"))("title") };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

/** "Test a route" (docs/domain.md, "Routing decisions and vendor cost"): system view only; anyone else: not found. */
async function RouteTestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  if (!maySystem(viewer, "view")) notFound();
  const t = await getTranslations("routeTest");
  const params = await searchParams;
  const account = one(params.account).slice(0, 64);
  const cld = one(params.number).slice(0, 64);
  let result: RouteTestResult | null = null;
  let error: { field: "account" | "number"; problem: string } | null = null;
  if (params.account !== undefined || params.number !== undefined) {
    if (!account) error = { field: "account", problem: "routeTestAccountRequired" };
    else if (!cld) error = { field: "number", problem: "routeTestNumberRequired" };
    else {
      try {
        result = await testRoute(db, viewer, { account, cld });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        if (decodeProblem(e.problem).code === "notFound") notFound();
        error = { field: "account", problem: e.problem };
      }
    }
  }
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <RouteTestForm account={account} number={cld} error={error} locale={viewer.language} />
      {result ? <RouteTestResultView result={result} locale={viewer.language} /> : null}
    </>
  );
}

export default withPageMessages("app/(app)/system/route-test/page.tsx", RouteTestPage);
