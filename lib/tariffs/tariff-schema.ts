// The tariff form, shared by the dialog and the server actions.
import { z } from "zod";
import { currencyField } from "@/lib/forms/fields";
import { freeText, nameText } from "@/lib/forms/text";

export const tariffSchema = z.object({
  name: nameText(100),
  currency: currencyField(),
  description: freeText(500),
});

export type TariffInput = z.input<typeof tariffSchema>;
export type TariffValues = z.output<typeof tariffSchema>;
