// Sippy's tariff methods and the rate methods, on the same domain functions
// as the Tariffs pages (lib/tariffs): the same schemas validate, the same
// access rules scope, the same audit records are written
// (`tariffs:i_tariff=N`, `rates:i_tariff=N:prefix=P`). Only names are mapped:
// Sippy's i_tariff, i_rate, price_1... to the forms' fields.
import "server-only";
import { parseInput } from "@/lib/forms/parse-input";
import { rateSchema, type RateInput } from "@/lib/tariffs/rate-schema";
import { deleteRate, getRate, importRates, listRates, createRate, updateRate, type RateRow } from "@/lib/tariffs/rates";
import { tariffSchema } from "@/lib/tariffs/tariff-schema";
import { createTariff, deleteTariff, findTariff, getTariff, updateTariff } from "@/lib/tariffs/tariffs";
import type { MethodName } from "./parameter-lists";
import { actingAs, decimal, money, notFound, OK, type CallContext, type Method } from "./method";
import { amount, bad, flag, int, isZeroAmount, str, type Struct } from "./params";

type TariffMethodName = Extract<
  MethodName,
  | "createTariff"
  | "updateTariff"
  | "deleteTariff"
  | "getTariffInfo"
  | "getTariffRatesList"
  | "addTariffRate"
  | "updateTariffRate"
  | "deleteTariffRate"
  | "deleteAllRatesInTariff"
>;

/** Tariffs are always the caller's own: i_customer, when given, must be the caller. */
const asCaller = (s: Struct, ctx: CallContext) => actingAs(s, ctx, "i_customer", true);

/**
 * Sippy's tariff-wide values. Switchboard has ordinary tariffs only, and
 * keeps the connect fee, free seconds and grace period per rate: 0 (Sippy's
 * default) is accepted, anything else is refused rather than silently not
 * charged.
 */
function checkTariffWideValues(s: Struct) {
  const type = int(s, "i_tariff_type");
  if (type !== undefined && type !== 1) throw bad("i_tariff_type", "Switchboard has ordinary tariffs only (type 1)");
  const fee = amount(s, "connect_fee");
  if (fee !== undefined && !isZeroAmount(fee)) throw bad("connect_fee", "Switchboard keeps the connect fee per rate: set connect_fee with addTariffRate");
  for (const name of ["free_seconds", "grace_period"] as const) {
    const value = int(s, name);
    if (value !== undefined && value !== 0) throw bad(name, `Switchboard keeps ${name} per rate: set it with addTariffRate`);
  }
}

const createTariffMethod: Method = async (s, ctx) => {
  await asCaller(s, ctx);
  checkTariffWideValues(s);
  const values = parseInput(tariffSchema, {
    name: str(s, "name") ?? "",
    currency: str(s, "currency", true),
    description: str(s, "description") ?? "",
  });
  const tariff = await createTariff(ctx.viewer, values, ctx.ip);
  return { ...OK, i_tariff: tariff.id };
};

const updateTariffMethod: Method = async (s, ctx) => {
  await asCaller(s, ctx);
  const current = await findTariff(ctx.viewer, "edit", int(s, "i_tariff", true));
  if (!current) throw notFound();
  checkTariffWideValues(s);
  const values = parseInput(tariffSchema, {
    name: str(s, "name") ?? current.name,
    currency: str(s, "currency") ?? current.currency,
    description: str(s, "description") ?? current.description,
  });
  await updateTariff(ctx.viewer, current.id, values, ctx.ip);
  return OK;
};

const deleteTariffMethod: Method = async (s, ctx) => {
  await asCaller(s, ctx);
  await deleteTariff(ctx.viewer, int(s, "i_tariff", true), ctx.ip);
  return OK;
};

const getTariffInfo: Method = async (s, ctx) => {
  await asCaller(s, ctx);
  const tariff = await getTariff(ctx.viewer, int(s, "i_tariff", true));
  if (!tariff) throw notFound();
  return {
    ...OK,
    tariff: { i_tariff: tariff.id, name: tariff.name, currency: tariff.currency, description: tariff.description, i_tariff_type: 1 },
  };
};

const rateOut = (r: RateRow) => ({
  i_rate: r.id,
  prefix: r.prefix,
  price_1: money(r.price1),
  price_n: money(r.priceN),
  interval_1: r.interval1,
  interval_n: r.intervalN,
  forbidden: r.forbidden,
  connect_fee: money(r.connectFee),
  free_seconds: r.freeSeconds,
  grace_period: r.gracePeriod,
});

/** Sippy's paging of rates: ordered by prefix, limit 1-1000 (default 50). */
const getTariffRatesList: Method = async (s, ctx) => {
  await asCaller(s, ctx);
  const offset = int(s, "offset") ?? 0;
  const limit = int(s, "limit") ?? 50;
  if (offset < 0) throw bad("offset", "0 or more");
  if (limit < 1 || limit > 1000) throw bad("limit", "from 1 to 1000");
  const params = { page: 1, pageSize: limit, sort: "prefix" as const, dir: "asc" as const, q: "" };
  const page = await listRates(ctx.viewer, int(s, "i_tariff", true), params, { skip: offset, take: limit });
  if (!page) throw notFound();
  return { ...OK, rates: page.rows.map(rateOut) };
};

/** A whole number of seconds, as the form's text. */
function seconds(s: Struct, name: string): string | undefined {
  const value = int(s, name);
  return value === undefined ? undefined : String(value);
}

/** The rate form's input from a struct, over `base` (the form's defaults, or the current rate). */
function rateInput(s: Struct, base: RateInput): RateInput {
  return {
    prefix: str(s, "prefix") ?? base.prefix,
    price1: amount(s, "price_1") ?? base.price1,
    priceN: amount(s, "price_n") ?? base.priceN,
    interval1: seconds(s, "interval_1") ?? base.interval1,
    intervalN: seconds(s, "interval_n") ?? base.intervalN,
    connectFee: amount(s, "connect_fee") ?? base.connectFee,
    freeSeconds: seconds(s, "free_seconds") ?? base.freeSeconds,
    gracePeriod: seconds(s, "grace_period") ?? base.gracePeriod,
    forbidden: flag(s, "forbidden") ?? base.forbidden,
  };
}

/** The tariff whose rates change: the caller's own (with the tariffs edit right), or "not found". */
async function editableTariff(s: Struct, ctx: CallContext) {
  await asCaller(s, ctx);
  const tariff = await findTariff(ctx.viewer, "edit", int(s, "i_tariff", true));
  if (!tariff) throw notFound();
  return tariff;
}

const addTariffRate: Method = async (s, ctx) => {
  const tariff = await editableTariff(s, ctx);
  // The dialog's defaults: one-minute intervals, no fee, no free seconds, no grace period.
  const input = rateInput(s, {
    prefix: str(s, "prefix", true),
    price1: amount(s, "price_1", true)!,
    priceN: amount(s, "price_n", true)!,
    ...{ interval1: "60", intervalN: "60", connectFee: "0", freeSeconds: "0", gracePeriod: "0", forbidden: false },
  });
  const rate = await createRate(ctx.viewer, tariff.id, parseInput(rateSchema(tariff.currency, "en"), input), ctx.ip);
  return { ...OK, i_rate: rate.id };
};

const updateTariffRate: Method = async (s, ctx) => {
  const tariff = await editableTariff(s, ctx);
  const current = await getRate(ctx.viewer, tariff.id, int(s, "i_rate", true));
  if (!current) throw notFound();
  const input = rateInput(s, {
    prefix: current.prefix,
    price1: decimal(current.price1),
    priceN: decimal(current.priceN),
    interval1: String(current.interval1),
    intervalN: String(current.intervalN),
    connectFee: decimal(current.connectFee),
    freeSeconds: String(current.freeSeconds),
    gracePeriod: String(current.gracePeriod),
    forbidden: current.forbidden,
  });
  await updateRate(ctx.viewer, tariff.id, current.id, parseInput(rateSchema(tariff.currency, "en"), input), ctx.ip);
  return OK;
};

const deleteTariffRate: Method = async (s, ctx) => {
  await asCaller(s, ctx);
  await deleteRate(ctx.viewer, int(s, "i_tariff", true), int(s, "i_rate", true), ctx.ip);
  return OK;
};

/** Sippy 2024's method: every rate of the tariff at once (the CSV import's "replace" with an empty file). */
const deleteAllRatesInTariff: Method = async (s, ctx) => {
  const tariff = await editableTariff(s, ctx);
  await importRates(ctx.viewer, tariff.id, [], true, ctx.ip);
  return OK;
};

export const TARIFF_METHODS: Record<TariffMethodName, Method> = {
  createTariff: createTariffMethod,
  updateTariff: updateTariffMethod,
  deleteTariff: deleteTariffMethod,
  getTariffInfo,
  getTariffRatesList,
  addTariffRate,
  updateTariffRate,
  deleteTariffRate,
  deleteAllRatesInTariff,
};
