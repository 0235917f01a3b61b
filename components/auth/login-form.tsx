"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { getSession, signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { loginErrorKey, loginSchema, type LoginInput } from "@/lib/auth/login-schema";
import { homePath } from "@/lib/auth/home-path";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

export function LoginForm() {
  const t = useTranslations("login");
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { login: "", password: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signIn("credentials", { ...values, redirect: false }).catch(() => undefined);
    if (result?.ok && !result.error) {
      // A customer goes to its customers, an account (a username) to its self-care page.
      const session = await getSession().catch(() => null);
      const kind = (session?.user as { kind?: string } | undefined)?.kind === "account" ? "account" : "customer";
      router.replace(homePath(kind));
      router.refresh();
      return;
    }
    setFormError(t(loginErrorKey(result?.error)));
  });

  const fieldError = (message?: string) => (message ? t(message as Parameters<typeof t>[0]) : undefined);

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <fieldset disabled={isSubmitting} className="flex flex-col gap-4">
        <TextField
          label={t("login")}
          autoComplete="username"
          autoFocus
          error={fieldError(errors.login?.message)}
          {...register("login")}
        />
        <TextField
          label={t("password")}
          type="password"
          autoComplete="current-password"
          error={fieldError(errors.password?.message)}
          {...register("password")}
        />
      </fieldset>
      {formError ? (
        <p role="alert" data-testid="login-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
