"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { chargeAgainAction } from "@/lib/actions/calls-charging";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toaster";

export interface UnratedViewRow {
  id: string;
  connectTime: string;
  username: string;
  cli: string;
  cld: string;
  duration: number;
  result: number;
  /** The reason, already in the viewer's language. */
  reason: string;
}

/** The unrated calls of a page, each with "Charge again", and one button for the whole page. */
export function UnratedCalls({ rows }: { rows: UnratedViewRow[] }) {
  const t = useTranslations("cdrImport");
  const problemText = useProblemText();
  const toast = useToast();
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const charge = async (ids: string[], key: string) => {
    setPending(key);
    setError(undefined);
    const result = await chargeAgainAction({ ids }).catch(() => null);
    setPending(null);
    if (!result) return setError("unexpected");
    if (!result.ok) return setError(result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? "unexpected");
    toast(t("chargedToast", { charged: result.data.charged, unrated: result.data.unrated }));
    router.refresh();
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex justify-end">
        <Button variant="secondary" disabled={pending !== null} onClick={() => charge(rows.map((r) => r.id), "all")}>
          {pending === "all" ? t("chargingAgain") : t("chargeAll")}
        </Button>
      </div>
      <FormError message={problemText(error)} />
      <Table data-testid="unrated-calls">
        <caption className="sr-only">{t("unratedTitle")}</caption>
        <thead className="bg-slate-50">
          <tr>
            <Th>{t("columns.connectTime")}</Th>
            <Th>{t("columns.account")}</Th>
            <Th>{t("columns.cli")}</Th>
            <Th>{t("columns.cld")}</Th>
            <Th className="text-right">{t("columns.duration")}</Th>
            <Th className="text-right">{t("columns.result")}</Th>
            <Th>{t("columns.reason")}</Th>
            <Th>
              <span className="sr-only">{t("columns.actions")}</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid={`unrated-${r.id}`}>
              <Td className="whitespace-nowrap">{r.connectTime}</Td>
              <Td className="font-medium">{r.username}</Td>
              <Td className="font-mono text-xs">{r.cli}</Td>
              <Td className="font-mono text-xs">{r.cld}</Td>
              <Td className="text-right tabular-nums">{r.duration}</Td>
              <Td className="text-right tabular-nums">{r.result}</Td>
              <Td>{r.reason}</Td>
              <Td>
                <div className="flex justify-end">
                  <Button variant="ghost" disabled={pending !== null} aria-label={`${t("chargeAgain")}: ${r.cld}`} onClick={() => charge([r.id], r.id)}>
                    {pending === r.id ? t("chargingAgain") : t("chargeAgain")}
                  </Button>
                </div>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
