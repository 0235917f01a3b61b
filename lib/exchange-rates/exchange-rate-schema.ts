// The exchange rate form: "1 <base> = rate <currency>".
import { z } from "zod";
import { currencyField, rateField } from "@/lib/forms/fields";

export const exchangeRateSchema = z.object({
  currency: currencyField(),
  rate: rateField(),
});

export type ExchangeRateInput = z.input<typeof exchangeRateSchema>;
export type ExchangeRateValues = z.output<typeof exchangeRateSchema>;
