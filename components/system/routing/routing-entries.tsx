"use client";

import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { ROUTING_ENTRY_FIELDS, routingEntrySchema, type RoutingEntryInput, type RoutingEntryValues } from "@/lib/system/routing-group-schema";
import type { RoutingEntryRow } from "@/lib/system/routing-groups";
import { addRoutingEntryAction, removeRoutingEntryAction } from "@/lib/actions/routing-groups";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/select-field";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toaster";

export interface ConnectionOption {
  id: number;
  name: string;
  vendorName: string;
  currency: string;
  blocked: boolean;
}

export interface SetOption {
  id: number;
  name: string;
  currency: string;
}

/** A group's entries (connection + destination set), with Add and Remove for who may manage. */
export function RoutingEntries({
  groupId,
  entries,
  connections,
  sets,
  canManage,
}: {
  groupId: number;
  entries: RoutingEntryRow[];
  connections: ConnectionOption[];
  sets: SetOption[];
  canManage: boolean;
}) {
  const t = useTranslations("routingGroups");
  const tc = useTranslations("common");
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<RoutingEntryRow | null>(null);
  return (
    <>
      {canManage ? (
        <div className="mb-3 flex justify-end">
          <Button onClick={() => setAdding(true)}>{t("entryAdd")}</Button>
        </div>
      ) : null}
      {entries.length === 0 ? (
        <EmptyState title={t("entriesEmpty")}>{t("entriesEmptyBody")}</EmptyState>
      ) : (
        <Table data-testid="routing-entries">
          <caption className="sr-only">{t("entriesTitle")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("vendor")}</Th>
              <Th>{t("connection")}</Th>
              <Th>{t("destinationSet")}</Th>
              <Th>{t("currency")}</Th>
              <Th>{t("state")}</Th>
              {canManage ? (
                <Th>
                  <span className="sr-only">{tc("actions")}</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((e) => (
              <tr key={e.id}>
                <Td>{e.vendorName}</Td>
                <Td>
                  <span className="font-medium">{e.connectionName}</span> <span className="font-mono text-xs text-slate-600">{`${e.host}:${e.port}`}</span>
                </Td>
                <Td>{e.destinationSetName}</Td>
                <Td>{e.currency}</Td>
                <Td>{!e.live ? t("stateArchived") : e.blocked ? t("stateBlocked") : t("stateActive")}</Td>
                {canManage ? (
                  <Td className="text-right">
                    <Button variant="dangerGhost" onClick={() => setRemoving(e)} aria-label={t("entryRemoveLabel", { connection: e.connectionName, set: e.destinationSetName })}>
                      {t("entryRemove")}
                    </Button>
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canManage ? (
        <>
          <AddEntryDialog open={adding} onOpenChange={setAdding} groupId={groupId} connections={connections} sets={sets} />
          <ConfirmDialog
            open={removing !== null}
            onOpenChange={(open) => !open && setRemoving(null)}
            title={t("entryRemoveTitle")}
            body={removing ? t("entryRemoveConfirm", { connection: removing.connectionName, set: removing.destinationSetName }) : ""}
            confirmLabel={t("entryRemove")}
            action={() => removeRoutingEntryAction(groupId, removing!.id)}
            onDone={() => toast(t("entryRemoved"))}
          />
        </>
      ) : null}
    </>
  );
}

/** Pairs a connection with a destination set; the server checks the currencies match. */
function AddEntryDialog({
  open,
  onOpenChange,
  groupId,
  connections,
  sets,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  groupId: number;
  connections: ConnectionOption[];
  sets: SetOption[];
}) {
  const t = useTranslations("routingGroups");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<RoutingEntryInput, unknown, RoutingEntryValues>({
    resolver: zodResolver(routingEntrySchema),
    defaultValues: { connectionId: "", destinationSetId: "" },
  });
  const { register, handleSubmit, formState, control } = form;
  const connectionId = useWatch({ control, name: "connectionId" });
  const { formError, close, submit } = useDialogForm(form, ROUTING_ENTRY_FIELDS, onOpenChange);
  const chosen = connections.find((c) => String(c.id) === connectionId);
  // Only the sets in the chosen connection's vendor currency can be paired with it.
  const pairable = chosen ? sets.filter((s) => s.currency === chosen.currency) : sets;
  const onSubmit = handleSubmit(() => submit((input) => addRoutingEntryAction(groupId, input), () => toast(t("entryAdded"))));
  return (
    <Dialog open={open} onOpenChange={close} title={t("entryAddTitle")} description={t("entryAddBody")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <SelectField
            label={t("connection")}
            options={[
              { value: "", label: t("choose") },
              ...connections.map((c) => ({ value: String(c.id), label: `${c.vendorName} · ${c.name} (${c.currency})${c.blocked ? ` · ${t("stateBlocked")}` : ""}` })),
            ]}
            error={problemText(formState.errors.connectionId?.message)}
            {...register("connectionId")}
          />
          <SelectField
            label={t("destinationSet")}
            options={[{ value: "", label: t("choose") }, ...pairable.map((s) => ({ value: String(s.id), label: `${s.name} (${s.currency})` }))]}
            hint={chosen ? t("setHint", { currency: chosen.currency }) : undefined}
            error={problemText(formState.errors.destinationSetId?.message)}
            {...register("destinationSetId")}
          />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
