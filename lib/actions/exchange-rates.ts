"use server";
// Server actions on the viewer's exchange rates (lib/exchange-rates); the display currency is the profile's (lib/actions/profile.ts).
import { z } from "zod";
import { currencyField } from "@/lib/forms/fields";
import { exchangeRateSchema } from "@/lib/exchange-rates/exchange-rate-schema";
import { deleteExchangeRate, setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
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
