"use client";

import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { redeemVoucherSchema, type RedeemVoucherInput } from "@/lib/vouchers/voucher-schema";
import { redeemVoucherSelfCareAction } from "@/lib/actions/voucher-redeem";
import { useProblemText } from "@/components/forms/use-problem-text";
import { useInlineForm } from "@/components/self-care/use-inline-form";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { VoucherFields } from "./voucher-fields";
import { useRedeemedToast } from "./use-redeemed-toast";

const EMPTY: RedeemVoucherInput = { number: "", pin: "" };
const FIELDS = ["number", "pin"] as const;

/** Self-care "Top up with a voucher": the balance and the transactions above show the top-up as soon as it is booked. */
export function SelfCareVoucherForm() {
  const t = useTranslations("voucherRedeem.selfCare");
  const problemText = useProblemText();
  const toastRedeemed = useRedeemedToast();
  const form = useForm<RedeemVoucherInput>({ resolver: zodResolver(redeemVoucherSchema) as unknown as Resolver<RedeemVoucherInput>, defaultValues: EMPTY });
  const { handleSubmit, formState, reset } = form;
  const { formError, submit } = useInlineForm(form, FIELDS);
  const onSubmit = handleSubmit(() =>
    submit(redeemVoucherSelfCareAction, (done) => {
      reset(EMPTY);
      toastRedeemed(done);
    }),
  );
  return (
    <section aria-labelledby="voucher-title" className="mb-8 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="voucher-title" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mb-4 text-sm text-slate-600">{t("hint")}</p>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <VoucherFields form={form} />
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
