"use client";

import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { revokeApiKeyAction } from "@/lib/actions/api-keys";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toaster";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

export interface ApiKeyViewRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The viewer's API keys: live ones first; a live one can be revoked. The secret is never here. */
export function ApiKeysView({ keys }: { keys: ApiKeyViewRow[] }) {
  const t = useTranslations("apiKeys");
  const tc = useTranslations("common");
  const format = useFormatter();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyViewRow | null>(null);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const shownPrefix = (prefix: string) => `sbk_${prefix}_…`;

  return (
    <>
      <div className="mb-4 flex justify-end">
        <Button onClick={() => setAdding(true)}>{t("add")}</Button>
      </div>
      {keys.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table>
          <caption className="sr-only">{t("title")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("columns.name")}</Th>
              <Th>{t("columns.prefix")}</Th>
              <Th>{t("columns.created")}</Th>
              <Th>{t("columns.lastUsed")}</Th>
              <Th>{t("columns.state")}</Th>
              <Th>
                <span className="sr-only">{tc("actions")}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.id} data-testid={`api-key-${key.prefix}`} className={key.revokedAt ? "text-slate-500" : undefined}>
                <Td className="font-medium">{key.name}</Td>
                <Td className="font-mono text-xs">{shownPrefix(key.prefix)}</Td>
                <Td className="whitespace-nowrap">{when(key.createdAt)}</Td>
                <Td className="whitespace-nowrap">{key.lastUsedAt ? when(key.lastUsedAt) : t("never")}</Td>
                <Td>{key.revokedAt ? t("revokedOn", { date: when(key.revokedAt) }) : t("active")}</Td>
                <Td>
                  {key.revokedAt ? null : (
                    <div className="flex justify-end">
                      <Button variant="ghost" className="text-red-700" aria-label={`${t("revoke")}: ${key.name}`} onClick={() => setRevoking(key)}>
                        {t("revoke")}
                      </Button>
                    </div>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <CreateApiKeyDialog open={adding} onOpenChange={setAdding} />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t("revokeTitle")}
        body={revoking ? t("revokeConfirm", { name: revoking.name, prefix: shownPrefix(revoking.prefix) }) : ""}
        confirmLabel={t("revoke")}
        pendingLabel={t("revoking")}
        action={() => revokeApiKeyAction(revoking!.id)}
        onDone={(data) => toast(t("revoked", { name: data.name }))}
      />
    </>
  );
}
