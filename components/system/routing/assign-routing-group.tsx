"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { assignRoutingGroupSchema, type AssignRoutingGroupInput, type AssignRoutingGroupValues } from "@/lib/system/routing-group-schema";
import { assignRoutingGroupAction } from "@/lib/actions/routing-groups";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { useToast } from "@/components/ui/toaster";

/**
 * Root's "Routing group" button on the page of a customer directly under
 * Root: the group that routes the calls of its whole subtree (or none).
 */
export function AssignRoutingGroup({
  customer,
  current,
  groups,
}: {
  customer: { id: number; name: string };
  current: number | null;
  groups: { id: number; name: string }[];
}) {
  const t = useTranslations("routingGroups");
  const problemText = useProblemText();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const form = useForm<AssignRoutingGroupInput, unknown, AssignRoutingGroupValues>({
    resolver: zodResolver(assignRoutingGroupSchema),
    values: { routingGroupId: current === null ? "" : String(current) },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, ["routingGroupId"], setOpen);
  const onSubmit = handleSubmit(() =>
    submit(
      (input) => assignRoutingGroupAction(customer.id, input),
      (data) => toast(data.name ? t("assigned", { name: customer.name, group: data.name }) : t("unassigned", { name: customer.name })),
    ),
  );
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("assign")}
      </Button>
      <Dialog open={open} onOpenChange={close} title={t("assignTitle", { name: customer.name })} description={t("assignBody")}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
            <SelectField
              label={t("routingGroup")}
              options={[{ value: "", label: t("none") }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))]}
              error={problemText(formState.errors.routingGroupId?.message)}
              {...register("routingGroupId")}
            />
          </fieldset>
          <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
        </form>
      </Dialog>
    </>
  );
}
