"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { POLICIES, ROUTING_GROUP_FIELDS, routingGroupSchema, type RoutingGroupInput, type RoutingGroupValues } from "@/lib/system/routing-group-schema";
import { createRoutingGroupAction, updateRoutingGroupAction } from "@/lib/actions/routing-groups";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export interface EditableRoutingGroup {
  id: number;
  name: string;
  policy: RoutingGroupInput["policy"];
  description: string;
}

/** Add a routing group, or edit one (`group` given). */
export function RoutingGroupDialog({ open, onOpenChange, group }: { open: boolean; onOpenChange: (open: boolean) => void; group?: EditableRoutingGroup }) {
  const t = useTranslations("routingGroups");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<RoutingGroupInput, unknown, RoutingGroupValues>({
    resolver: zodResolver(routingGroupSchema),
    values: { name: group?.name ?? "", policy: group?.policy ?? "least_cost", description: group?.description ?? "" },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, ROUTING_GROUP_FIELDS, onOpenChange);
  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (group ? updateRoutingGroupAction(group.id, input) : createRoutingGroupAction(input)),
      (data) => toast(group ? t("saved", { name: data.name }) : t("created", { name: data.name })),
    ),
  );
  return (
    <Dialog open={open} onOpenChange={close} title={group ? t("editTitle") : t("addTitle")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField label={t("name")} maxLength={100} error={problemText(formState.errors.name?.message)} {...register("name")} />
          <SelectField
            label={t("policy")}
            options={POLICIES.map((p) => ({ value: p, label: t(`policies.${p}`) }))}
            hint={t("policyHint")}
            error={problemText(formState.errors.policy?.message)}
            {...register("policy")}
          />
          <TextField
            label={`${t("description")} (${tc("optional")})`}
            maxLength={500}
            error={problemText(formState.errors.description?.message)}
            {...register("description")}
          />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
