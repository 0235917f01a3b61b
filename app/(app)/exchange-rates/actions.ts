"use server";

import { revalidatePath } from "next/cache";
import { requireViewer } from "@/lib/auth/viewer";
import { requestAddress } from "@/lib/auth/request-address";
import { parseInput, runAction } from "@/lib/forms/run-action";
import { currencyField } from "@/lib/forms/fields";
import { displayCurrencySchema, exchangeRateSchema, type ExchangeRateInput } from "@/lib/exchange-rates/exchange-rate-schema";
import { deleteExchangeRate, setDisplayCurrency, setExchangeRate } from "@/lib/exchange-rates/exchange-rates";

export async function setExchangeRateAction(input: ExchangeRateInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const values = parseInput(exchangeRateSchema, input);
    const saved = await setExchangeRate(viewer, values.currency, values.rate, await requestAddress());
    revalidatePath("/exchange-rates");
    return saved;
  });
}

export async function deleteExchangeRateAction(currency: string) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const code = parseInput(currencyField(), currency);
    const deleted = await deleteExchangeRate(viewer, code, await requestAddress());
    revalidatePath("/exchange-rates");
    return deleted;
  });
}

export async function setDisplayCurrencyAction(currency: string) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const values = parseInput(displayCurrencySchema, { currency });
    const saved = await setDisplayCurrency(viewer, values.currency, await requestAddress());
    revalidatePath("/", "layout");
    return saved;
  });
}
