"use client";

import { useMemo } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { passwordStrength } from "@/lib/auth/password-rules";
import { PASSWORD_FIELDS, changePasswordSchema, type ChangePasswordInput } from "@/lib/accounts/self-care-schema";
import { changeSelfCarePasswordAction } from "@/lib/actions/self-care";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { useInlineForm } from "./use-inline-form";

const EMPTY: ChangePasswordInput = { currentPassword: "", newPassword: "" };

/** The account's web password: the current one, then a new one under the same rule and meter as everywhere else. */
export function PasswordForm({ username }: { username: string }) {
  const t = useTranslations("selfCare.password");
  const tc = useTranslations("customers");
  const problemText = useProblemText();
  const toast = useToast();
  const schema = useMemo(() => changePasswordSchema(username), [username]);
  const form = useForm<ChangePasswordInput>({ resolver: zodResolver(schema) as unknown as Resolver<ChangePasswordInput>, defaultValues: EMPTY });
  const { register, handleSubmit, formState, control, reset } = form;
  const { formError, submit } = useInlineForm(form, PASSWORD_FIELDS);
  const password = useWatch({ control, name: "newPassword" });
  const strength = password ? passwordStrength(password) : null;
  const onSubmit = handleSubmit(() =>
    submit(changeSelfCarePasswordAction, () => {
      reset(EMPTY);
      toast(t("changed"));
    }),
  );
  const err = (field: keyof ChangePasswordInput) => problemText(formState.errors[field]?.message as string | undefined);
  return (
    <section aria-labelledby="password-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="password-title" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mb-4 text-sm text-slate-600">{t("hint")}</p>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField label={t("current")} type="password" autoComplete="current-password" maxLength={256} error={err("currentPassword")} {...register("currentPassword")} />
          <div className="flex flex-col gap-1">
            <TextField
              label={t("new")}
              type="password"
              autoComplete="new-password"
              maxLength={128}
              error={err("newPassword")}
              aria-describedby="self-care-password-rule"
              {...register("newPassword")}
            />
            <p id="self-care-password-rule" className="text-xs text-slate-500">
              {tc("passwordRule")}
              {strength !== null ? (
                <span data-testid="password-strength" className={`ml-2 font-medium ${strength === 0 ? "text-red-700" : strength === 1 ? "text-amber-700" : "text-emerald-700"}`}>
                  {tc(`strength.${strength}`)}
                </span>
              ) : null}
            </p>
          </div>
        </fieldset>
        <FormError message={problemText(formError)} />
        <div className="flex justify-end">
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t("submitting") : t("submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
