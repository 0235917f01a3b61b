"use server";

import { revalidatePath } from "next/cache";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { requestAddress } from "@/lib/auth/request-address";
import { DomainError } from "@/lib/forms/domain-error";
import { problem } from "@/lib/forms/problem";
import { parseInput, runAction } from "@/lib/forms/run-action";
import { checkRatesCsv, type CsvProblem } from "@/lib/tariffs/rate-csv";
import { rateSchema, type RateInput } from "@/lib/tariffs/rate-schema";
import { createRate, deleteRate, importRates, updateRate } from "@/lib/tariffs/rates";
import { getTariff } from "@/lib/tariffs/tariffs";

/** The viewer's own tariff, whose currency the rate form is parsed in. */
async function ownTariff(viewer: Viewer, tariffId: number) {
  const tariff = await getTariff(viewer, Number(tariffId));
  if (!tariff?.editable) throw new DomainError(problem("notFound"));
  return tariff;
}

export async function createRateAction(tariffId: number, input: RateInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const tariff = await ownTariff(viewer, tariffId);
    const values = parseInput(rateSchema(tariff.currency, viewer.language), input);
    await createRate(viewer, tariff.id, values, await requestAddress());
    revalidatePath(`/tariffs/${tariff.id}`);
    return { prefix: values.prefix };
  });
}

export async function updateRateAction(tariffId: number, rateId: number, input: RateInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const tariff = await ownTariff(viewer, tariffId);
    const values = parseInput(rateSchema(tariff.currency, viewer.language), input);
    await updateRate(viewer, tariff.id, Number(rateId), values, await requestAddress());
    revalidatePath(`/tariffs/${tariff.id}`);
    return { prefix: values.prefix };
  });
}

export async function deleteRateAction(tariffId: number, rateId: number) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const rate = await deleteRate(viewer, Number(tariffId), Number(rateId), await requestAddress());
    revalidatePath(`/tariffs/${tariffId}`);
    return { prefix: rate.prefix };
  });
}

export type ImportOutcome = { imported: number; problems?: undefined } | { imported: 0; problems: CsvProblem[]; rejected: number };

/** Re-checks the whole file on the server, then imports all of it or nothing. */
export async function importRatesAction(tariffId: number, csv: string, replace: boolean) {
  return runAction<ImportOutcome>(async () => {
    const viewer = await requireViewer();
    const tariff = await ownTariff(viewer, tariffId);
    if (typeof csv !== "string") throw new DomainError(problem("importUnreadable"));
    const checked = await checkRatesCsv(csv, tariff.currency);
    if (checked.rejected > 0) return { imported: 0, problems: checked.problems, rejected: checked.rejected };
    const { imported } = await importRates(viewer, tariff.id, checked.rates, replace === true, await requestAddress());
    revalidatePath(`/tariffs/${tariff.id}`);
    return { imported };
  });
}
