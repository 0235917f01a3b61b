"use server";
// Server actions on the viewer's exchange rates and display currency (lib/exchange-rates).
import { z } from "zod";
import { currencyField } from "@/lib/forms/fields";
import { displayCurrencySchema, exchangeRateSchema } from "@/lib/exchange-rates/exchange-rate-schema";
import { deleteExchangeRate, setDisplayCurrency, setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { serverAction } from "./server-action";

const RATES = { path: "/exchange-rates" };

export const setExchangeRateAction = serverAction(
  { input: () => exchangeRateSchema, access: ["exchangeRate", "edit"], revalidate: RATES },
  ({ viewer, ip, input }) => setExchangeRate(viewer, input.currency, input.rate, ip),
);

export const deleteExchangeRateAction = serverAction(
  { input: () => z.object({ currency: currencyField() }), access: ["exchangeRate", "edit"], revalidate: RATES },
  ({ viewer, ip, input }) => deleteExchangeRate(viewer, input.currency, ip),
);

// The display currency changes every page's amounts: the whole app is refreshed.
export const setDisplayCurrencyAction = serverAction(
  { input: () => displayCurrencySchema, access: ["exchangeRate", "edit"], revalidate: { path: "/", layout: true } },
  ({ viewer, ip, input }) => setDisplayCurrency(viewer, input.currency, ip),
);
