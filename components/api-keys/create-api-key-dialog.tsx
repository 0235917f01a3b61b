"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { apiKeySchema, type ApiKeyInput, type ApiKeyValues } from "@/lib/api-keys/api-key-schema";
import { createApiKeyAction } from "@/lib/actions/api-keys";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

const FIELDS = ["name"] as const;

interface Created {
  name: string;
  token: string;
}

/**
 * Names a new key, then shows the whole key once. The key lives only in this
 * dialog's state: closing the dialog forgets it for good.
 */
export function CreateApiKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations("apiKeys");
  const problemText = useProblemText();
  const toast = useToast();
  const [created, setCreated] = useState<Created | null>(null);
  const form = useForm<ApiKeyInput, unknown, ApiKeyValues>({ resolver: zodResolver(apiKeySchema), defaultValues: { name: "" } });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, onOpenChange, { onClose: () => setCreated(null) });

  // Kept open after a success: the same dialog now shows the key.
  const onSubmit = handleSubmit(() => submit(createApiKeyAction, (data) => setCreated({ name: data.name, token: data.token }), { keepOpen: () => ({ name: "" }) }));

  const copy = async (token: string) => {
    try {
      await navigator.clipboard.writeText(token);
      toast(t("copied"));
    } catch {
      toast(t("copyFailed"), "error");
    }
  };

  if (created) {
    return (
      <Dialog open={open} onOpenChange={close} title={t("createdTitle", { name: created.name })}>
        <div className="flex flex-col gap-4">
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {t("shownOnce")}
          </p>
          <TextField
            label={t("keyLabel")}
            readOnly
            value={created.token}
            data-testid="api-key-token"
            className="font-mono"
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
            addon={
              <Button variant="secondary" onClick={() => copy(created.token)}>
                {t("copy")}
              </Button>
            }
          />
          <p className="text-sm text-slate-600">{t("usage")}</p>
          <div className="flex justify-end">
            <Button onClick={() => close(false)}>{t("done")}</Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onOpenChange={close} title={t("addTitle")} description={t("addDescription")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField label={t("name")} hint={t("nameHint")} autoComplete="off" maxLength={200} error={problemText(formState.errors.name?.message)} {...register("name")} />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} submitLabel={formState.isSubmitting ? t("creating") : t("create")} />
      </form>
    </Dialog>
  );
}
