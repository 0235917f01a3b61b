"use client";

import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { PROFILE_FIELDS, profileSchema, type ProfileInput } from "@/lib/customers/profile-schema";
import { updateProfileAction } from "@/lib/actions/profile";
import { timeZones } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

const ZONES = timeZones();

export interface Profile {
  language: string;
  timeZone: string;
  displayCurrency: string;
}

/**
 * The Profile button and its dialog. `currencies` are those with a rate;
 * the current display currency is listed even without one (its rate went
 * away since), marked, so the form shows the truth and can be saved as is.
 */
export function ProfileDialog({ profile, currencies }: { profile: Profile; currencies: string[] }) {
  const t = useTranslations("uxChoices.profile");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="profile-menu">
        {t("button")}
      </Button>
      {/* Mounted only while open: the header is on every page, its closed form would cost each one. */}
      {open ? <ProfileForm profile={profile} currencies={currencies} onOpenChange={setOpen} /> : null}
    </>
  );
}

function ProfileForm({ profile, currencies, onOpenChange }: { profile: Profile; currencies: string[]; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations("uxChoices.profile");
  const tc = useTranslations("customers");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<ProfileInput>({
    resolver: zodResolver(profileSchema) as unknown as Resolver<ProfileInput>,
    values: { ...profile, language: profile.language as ProfileInput["language"] },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, PROFILE_FIELDS, onOpenChange);
  const onSubmit = handleSubmit(() => submit(updateProfileAction, () => toast(t("saved"))));
  const err = (field: keyof ProfileInput) => problemText(formState.errors[field]?.message as string | undefined);
  const currencyOptions = currencies.map((c) => ({ value: c, label: c }));
  if (!currencies.includes(profile.displayCurrency)) {
    currencyOptions.unshift({ value: profile.displayCurrency, label: t("noRateOption", { currency: profile.displayCurrency }) });
  }
  return (
    <Dialog open onOpenChange={close} title={t("title")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <SelectField
            label={t("language")}
            options={LOCALES.map((l) => ({ value: l, label: tc(`languages.${l}`) }))}
            error={err("language")}
            {...register("language")}
          />
          <TextField label={t("timeZone")} list="profile-time-zones" autoComplete="off" error={err("timeZone")} {...register("timeZone")} />
          <datalist id="profile-time-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <SelectField
            label={t("displayCurrency")}
            hint={t("displayCurrencyHint")}
            options={currencyOptions}
            error={err("displayCurrency")}
            {...register("displayCurrency")}
          />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
