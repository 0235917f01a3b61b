"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { formatAmountForInput } from "@/lib/money";
import type { StoredRate } from "@/lib/tariffs/rate-csv";
import { DEFAULT_PREFERENCE, ROUTE_FIELDS, routeSchema, type RouteInput, type RouteValues } from "@/lib/system/destination-route-schema";
import { createRouteAction, updateRouteAction } from "@/lib/actions/destination-sets";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export type RouteForEdit = StoredRate & { id: number; preference: number };

/** A destination set's route: the rate dialog's fields (lib/tariffs) plus the preference. */
export function RouteDialog({
  open,
  onOpenChange,
  setId,
  currency,
  route,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  setId: number;
  currency: string;
  /** Absent: add a route. */
  route?: RouteForEdit;
}) {
  const t = useTranslations("destinationSets");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const price = (v: bigint | undefined) => (v === undefined ? "" : formatAmountForInput(v, currency, locale));
  const form = useForm<RouteInput, unknown, RouteValues>({
    resolver: zodResolver(routeSchema(currency, locale)),
    values: {
      prefix: route?.prefix ?? "",
      price1: price(route?.price1),
      priceN: price(route?.priceN),
      interval1: String(route?.interval1 ?? 60),
      intervalN: String(route?.intervalN ?? 60),
      connectFee: route ? price(route.connectFee) : "0",
      freeSeconds: String(route?.freeSeconds ?? 0),
      gracePeriod: String(route?.gracePeriod ?? 0),
      preference: String(route?.preference ?? DEFAULT_PREFERENCE),
      forbidden: route?.forbidden ?? false,
    },
  });
  const { register, handleSubmit, formState } = form;
  const error = (field: keyof RouteInput) => problemText(formState.errors[field]?.message);
  const { formError, close, submit } = useDialogForm(form, ROUTE_FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (route ? updateRouteAction(setId, route.id, input) : createRouteAction(setId, input)),
      (data) => toast(route ? t("routeSaved", { prefix: data.prefix }) : t("routeCreated", { prefix: data.prefix })),
    ),
  );

  const numeric = { inputMode: "decimal" as const, autoComplete: "off" };
  return (
    <Dialog open={open} onOpenChange={close} title={route ? t("editRouteTitle", { prefix: route.prefix }) : t("addRouteTitle")} wide>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField label={t("prefix")} inputMode="numeric" maxLength={32} error={error("prefix")} {...register("prefix")} />
          <TextField label={t("preference")} inputMode="numeric" maxLength={4} hint={t("preferenceHint")} error={error("preference")} {...register("preference")} />
          <TextField label={`${t("price1")}, ${currency}`} {...numeric} error={error("price1")} {...register("price1")} />
          <TextField label={`${t("priceN")}, ${currency}`} {...numeric} error={error("priceN")} {...register("priceN")} />
          <TextField label={t("interval1")} inputMode="numeric" error={error("interval1")} {...register("interval1")} />
          <TextField label={t("intervalN")} inputMode="numeric" error={error("intervalN")} {...register("intervalN")} />
          <TextField label={`${t("connectFee")}, ${currency}`} {...numeric} error={error("connectFee")} {...register("connectFee")} />
          <TextField label={t("freeSeconds")} inputMode="numeric" error={error("freeSeconds")} {...register("freeSeconds")} />
          <TextField label={t("gracePeriod")} inputMode="numeric" error={error("gracePeriod")} {...register("gracePeriod")} />
          <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
            <input type="checkbox" className="size-4" {...register("forbidden")} />
            {t("forbidden")}
          </label>
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
