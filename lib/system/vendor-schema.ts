// The vendor forms (add/edit, pay), shared by the dialogs, the server actions
// and the XML-RPC methods: the same checks wherever a vendor is written.
import { z } from "zod";
import { currencyField, moneyField } from "@/lib/forms/fields";
import { problem } from "@/lib/errors/problem";
import { freeText, nameText } from "@/lib/forms/text";

export const vendorSchema = z.object({
  name: nameText(100),
  currency: currencyField(),
  contactName: freeText(200),
  email: z.union([z.literal(""), z.email({ error: problem("email") }).max(200, problem("tooLong", { max: 200 }))]),
  phone: z.string().trim().regex(/^(\+?[0-9 ()./-]{3,32})?$/, problem("phone")),
  address: freeText(500),
  description: freeText(1000),
});

export type VendorInput = z.input<typeof vendorSchema>;
export type VendorValues = z.output<typeof vendorSchema>;
export const VENDOR_FIELDS = ["name", "currency", "contactName", "email", "phone", "address", "description"] as const;

/** A payment to a vendor, in the vendor's currency (its own decimals). */
export function vendorPaymentSchema(currency: string, locale?: string) {
  return z.object({
    amount: moneyField(currency, { locale }).refine((value) => value > 0n, problem("amountZero")),
    notes: freeText(500),
    /** Given by the dialog per opening: a double click books once. */
    idempotencyKey: z.string().max(100).optional(),
  });
}

export type VendorPaymentInput = z.input<ReturnType<typeof vendorPaymentSchema>>;
export type VendorPaymentValues = z.output<ReturnType<typeof vendorPaymentSchema>>;
export const VENDOR_PAYMENT_FIELDS = ["amount", "notes"] as const;
