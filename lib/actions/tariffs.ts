"use server";
// Server actions on tariffs and their rates (lib/tariffs), judged by the
// tariff's access rules.
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { checkRatesCsv, type CsvProblem } from "@/lib/tariffs/rate-csv";
import { rateSchema } from "@/lib/tariffs/rate-schema";
import { createRate, deleteRate, importRates, updateRate } from "@/lib/tariffs/rates";
import { tariffSchema } from "@/lib/tariffs/tariff-schema";
import { createTariff, deleteTariff, findTariff, updateTariff } from "@/lib/tariffs/tariffs";
import { serverAction } from "./server-action";

const TARIFFS = { path: "/tariffs" };
const TARIFF_PAGE = { path: (ids: { tariffId: number }) => `/tariffs/${ids.tariffId}` };

export const createTariffAction = serverAction(
  { input: () => tariffSchema, access: ["tariff", "create"], revalidate: TARIFFS },
  async ({ viewer, ip, input }) => {
    const tariff = await createTariff(viewer, input, ip);
    return { id: tariff.id, name: tariff.name };
  },
);

export const updateTariffAction = serverAction(
  { ids: ["id"], input: () => tariffSchema, access: ["tariff", "edit"], revalidate: TARIFFS },
  async ({ viewer, ip, ids, input }) => {
    const tariff = await updateTariff(viewer, ids.id, input, ip);
    return { id: tariff.id, name: tariff.name };
  },
);

export const deleteTariffAction = serverAction({ ids: ["id"], access: ["tariff", "delete"], revalidate: TARIFFS }, async ({ viewer, ip, ids }) => {
  const tariff = await deleteTariff(viewer, ids.id, ip);
  return { name: tariff.name };
});

/** The rate form is parsed in the tariff's currency: the tariff the viewer may edit, or "not found". */
async function rateForm(viewer: Viewer, tariffId: number) {
  const tariff = await findTariff(viewer, "edit", tariffId);
  if (!tariff) throw new DomainError(problem("notFound"));
  return rateSchema(tariff.currency, viewer.language);
}

export const createRateAction = serverAction(
  { ids: ["tariffId"], input: (viewer, ids) => rateForm(viewer, ids.tariffId), access: ["tariff", "edit"], revalidate: TARIFF_PAGE },
  async ({ viewer, ip, ids, input }) => {
    await createRate(viewer, ids.tariffId, input, ip);
    return { prefix: input.prefix };
  },
);

export const updateRateAction = serverAction(
  { ids: ["tariffId", "rateId"], input: (viewer, ids) => rateForm(viewer, ids.tariffId), access: ["tariff", "edit"], revalidate: TARIFF_PAGE },
  async ({ viewer, ip, ids, input }) => {
    await updateRate(viewer, ids.tariffId, ids.rateId, input, ip);
    return { prefix: input.prefix };
  },
);

export const deleteRateAction = serverAction(
  { ids: ["tariffId", "rateId"], access: ["tariff", "edit"], revalidate: TARIFF_PAGE },
  async ({ viewer, ip, ids }) => {
    const rate = await deleteRate(viewer, ids.tariffId, ids.rateId, ip);
    return { prefix: rate.prefix };
  },
);

export type ImportOutcome = { imported: number; problems?: undefined } | { imported: 0; problems: CsvProblem[]; rejected: number };

const importSchema = z.object({ csv: z.string({ error: problem("importUnreadable") }), replace: z.boolean() });

/** Re-checks the whole file on the server, then imports all of it or nothing. */
export const importRatesAction = serverAction(
  { ids: ["tariffId"], input: () => importSchema, access: ["tariff", "edit"], revalidate: TARIFF_PAGE },
  async ({ viewer, ip, ids, input }): Promise<ImportOutcome> => {
    const tariff = await findTariff(viewer, "edit", ids.tariffId);
    if (!tariff) throw new DomainError(problem("notFound"));
    const checked = await checkRatesCsv(input.csv, tariff.currency);
    if (checked.rejected > 0) return { imported: 0, problems: checked.problems, rejected: checked.rejected };
    return importRates(viewer, tariff.id, checked.rates, input.replace, ip);
  },
);
