"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { deleteConnectionAction } from "@/lib/actions/vendors";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toaster";
import { ConnectionDialog, type EditableConnection } from "./connection-dialog";

export interface ConnectionTableRow extends EditableConnection {
  entryCount: number;
}

/** A vendor's connections (gateways); Add, Edit and Delete for who may manage. */
export function ConnectionsTable({ vendorId, rows, canManage }: { vendorId: number; rows: ConnectionTableRow[]; canManage: boolean }) {
  const t = useTranslations("vendors");
  const tc = useTranslations("common");
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<EditableConnection | null>(null);
  const [deleting, setDeleting] = useState<ConnectionTableRow | null>(null);
  return (
    <>
      {canManage ? (
        <div className="mb-3 flex justify-end">
          <Button onClick={() => setAdding(true)}>{t("connectionAdd")}</Button>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title={t("connectionsEmpty")} />
      ) : (
        <Table data-testid="connections">
          <caption className="sr-only">{t("connectionsTitle")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("connectionName")}</Th>
              <Th>{t("destination")}</Th>
              <Th>{t("protocol")}</Th>
              <Th className="text-right">{t("capacity")}</Th>
              <Th>{t("state")}</Th>
              <Th className="text-right">{t("usedBy")}</Th>
              {canManage ? (
                <Th>
                  <span className="sr-only">{tc("actions")}</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((c) => (
              <tr key={c.id}>
                <Td className="font-medium">{c.name}</Td>
                <Td className="font-mono text-xs">{`${c.host}:${c.port}`}</Td>
                <Td>{c.protocol.toUpperCase()}</Td>
                <Td className="text-right tabular-nums">{c.capacity ?? t("unlimited")}</Td>
                <Td>{c.blocked ? <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">{t("blocked")}</span> : t("open")}</Td>
                <Td className="text-right tabular-nums">{t("groupsCount", { count: c.entryCount })}</Td>
                {canManage ? (
                  <Td className="text-right">
                    <RowActions name={c.name} onEdit={() => setEditing(c)} onDelete={() => setDeleting(c)} />
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canManage ? (
        <>
          <ConnectionDialog open={adding} onOpenChange={setAdding} vendorId={vendorId} />
          <ConnectionDialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} vendorId={vendorId} connection={editing ?? undefined} />
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("connectionDeleteTitle")}
            body={deleting ? t("connectionDeleteConfirm", { name: deleting.name }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteConnectionAction(vendorId, deleting!.id)}
            onDone={(data) => toast(t("connectionDeleted", { name: data.name }))}
          />
        </>
      ) : null}
    </>
  );
}
