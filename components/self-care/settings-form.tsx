"use client";

import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { SETTINGS_FIELDS, selfCareSettingsSchema, type SelfCareSettingsInput } from "@/lib/accounts/self-care-schema";
import { updateSelfCareSettingsAction } from "@/lib/actions/self-care";
import { timeZones } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { useInlineForm } from "./use-inline-form";

const ZONES = timeZones();

/** The account's own time zone and language; the page shows in them once saved. */
export function SettingsForm({ timeZone, language }: { timeZone: string; language: string }) {
  const t = useTranslations("selfCare.settings");
  const tc = useTranslations("customers");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<SelfCareSettingsInput>({
    resolver: zodResolver(selfCareSettingsSchema) as unknown as Resolver<SelfCareSettingsInput>,
    values: { timeZone, language: language as SelfCareSettingsInput["language"] },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, submit } = useInlineForm(form, SETTINGS_FIELDS);
  const onSubmit = handleSubmit(() =>
    submit(updateSelfCareSettingsAction, () => {
      // The revalidated page arrives in the new language; the toast is in it too.
      toast(t("saved"));
    }),
  );
  const err = (field: keyof SelfCareSettingsInput) => problemText(formState.errors[field]?.message as string | undefined);
  return (
    <section aria-labelledby="settings-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="settings-title" className="mb-4 text-base font-semibold">
        {t("title")}
      </h2>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField label={t("timeZone")} list="self-care-time-zones" autoComplete="off" error={err("timeZone")} {...register("timeZone")} />
          <datalist id="self-care-time-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <SelectField
            label={t("language")}
            options={LOCALES.map((l) => ({ value: l, label: tc(`languages.${l}`) }))}
            error={err("language")}
            {...register("language")}
          />
        </fieldset>
        <FormError message={problemText(formError)} />
        <div className="flex justify-end">
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t("saving") : t("save")}
          </Button>
        </div>
      </form>
    </section>
  );
}
