"use server";

import { revalidatePath } from "next/cache";
import { requireViewer } from "@/lib/auth/viewer";
import { requestAddress } from "@/lib/auth/request-address";
import { parseInput, runAction } from "@/lib/forms/run-action";
import { tariffSchema, type TariffInput } from "@/lib/tariffs/tariff-schema";
import { createTariff, deleteTariff, updateTariff } from "@/lib/tariffs/tariffs";

export async function createTariffAction(input: TariffInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const tariff = await createTariff(viewer, parseInput(tariffSchema, input), await requestAddress());
    revalidatePath("/tariffs");
    return { id: tariff.id, name: tariff.name };
  });
}

export async function updateTariffAction(id: number, input: TariffInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const tariff = await updateTariff(viewer, Number(id), parseInput(tariffSchema, input), await requestAddress());
    revalidatePath("/tariffs");
    return { id: tariff.id, name: tariff.name };
  });
}

export async function deleteTariffAction(id: number) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const tariff = await deleteTariff(viewer, Number(id), await requestAddress());
    revalidatePath("/tariffs");
    return { name: tariff.name };
  });
}
