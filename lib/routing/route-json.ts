// A route as the JSON API writes it: in the authorization answer
// (POST /api/v1/authorize) and in "Test a route" (POST /api/v1/route-test).
import { z } from "zod";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";
import type { Route } from "./decide";
import type { RouteTestResult } from "./route-test";

const money = (description: string) => z.string().meta({ description: `${description}: a decimal string, exact (like every amount of the API).` });

export const routeAnswer = z.object({
  connectionId: z.int().meta({ description: "The connection to send the call to; report it as the record's connectionId." }),
  connection: z.string().meta({ description: "The connection's name." }),
  host: z.string().meta({ description: "The gateway's host name or IP address." }),
  port: z.int(),
  protocol: z.enum(["udp", "tcp", "tls"]),
  vendorId: z.int(),
  vendor: z.string().meta({ description: "The vendor's name." }),
  destinationSetId: z.int().meta({ description: "The destination set that prices the call for this vendor." }),
  prefix: z.string().meta({ description: "The set's longest prefix matching the number." }),
  currency: z.string().meta({ description: "The vendor's prices' currency (ISO 4217)." }),
  price1: money("Per minute, for the first interval"),
  priceN: money("Per minute, for every next interval"),
  interval1: z.int(),
  intervalN: z.int(),
  connectFee: money("Charged once per answered call"),
});

/** A route as the API writes it. */
export function routeJson(route: Route): z.input<typeof routeAnswer> {
  const { entry, terms } = route;
  return {
    connectionId: entry.connectionId,
    connection: entry.connection,
    host: entry.host,
    port: entry.port,
    protocol: entry.protocol as "udp" | "tcp" | "tls",
    vendorId: entry.vendorId,
    vendor: entry.vendor,
    destinationSetId: entry.destinationSetId,
    prefix: terms.prefix,
    currency: entry.currency,
    price1: toShortDecimalString(terms.price1, STORED_SCALE),
    priceN: toShortDecimalString(terms.priceN, STORED_SCALE),
    interval1: terms.interval1,
    intervalN: terms.intervalN,
    connectFee: toShortDecimalString(terms.connectFee, STORED_SCALE),
  };
}


const amount = (v: bigint | null) => (v === null ? null : toShortDecimalString(v, STORED_SCALE));

const rateAnswer = z
  .object({
    prefix: z.string(),
    price1: z.string(),
    priceN: z.string(),
    interval1: z.int(),
    intervalN: z.int(),
    connectFee: z.string(),
    freeSeconds: z.int(),
    gracePeriod: z.int(),
  })
  .nullable();

/** "Test a route" (POST /api/v1/route-test): the whole decision, amounts as exact decimal strings. */
export const routeTestAnswer = z.object({
  account: z.object({ id: z.int(), username: z.string(), currency: z.string() }),
  cld: z.string(),
  digits: z.string().nullable().meta({ description: "The digits matched against prefixes (null: not a number)." }),
  allowed: z.boolean(),
  maxDuration: z.int().nullable().meta({ description: "Seconds the call may last (null when refused)." }),
  refusal: z
    .object({ result: z.int().meta({ description: "Sippy's result code, as POST /api/v1/authorize answers it." }), reason: z.string(), level: z.int().optional() })
    .nullable(),
  levels: z
    .array(
      z.object({
        level: z.int().meta({ description: "0 the account, 1 its owner, ... up to the customer under Root." }),
        kind: z.enum(["account", "customer"]),
        id: z.int(),
        name: z.string(),
        currency: z.string(),
        available: z.string().meta({ description: "Balance + credit limit." }),
        tariffId: z.int().nullable(),
        rate: rateAnswer,
        refusal: z.enum(["noRate", "forbidden"]).nullable(),
        maxDuration: z.int().nullable().meta({ description: "The longest call this level can pay for (null: no limit; 0: none)." }),
        marginPerMinute: z.string().nullable().meta({ description: "What the level below pays per minute (price_n, converted) minus what this level pays its parent, in its currency." }),
      }),
    )
    .meta({ description: "The account, then each chargeable customer up to the one directly under Root." }),
  root: z.object({
    id: z.int(),
    name: z.string(),
    currency: z.string(),
    revenuePerMinute: z.string().nullable().meta({ description: "What the top-level customer pays Root per minute (price_n), in Root's currency." }),
    marginPerMinute: z.string().nullable().meta({ description: "Root's revenue per minute minus the first route's cost per minute, in Root's currency." }),
  }),
  routingGroup: z.object({ id: z.int(), name: z.string(), policy: z.enum(["least_cost", "preference", "prefix_length"]) }).nullable(),
  routes: z.array(
    routeAnswer.extend({
      rootPriceN: z.string().nullable().meta({ description: "price_n in Root's currency (null: Root has no rate for the vendor's currency)." }),
    }),
  ),
  skipped: z.array(
    z.object({
      connectionId: z.int(),
      connection: z.string(),
      vendor: z.string(),
      destinationSetId: z.int(),
      reason: z.enum(["groupArchived", "blocked", "connectionArchived", "vendorArchived", "setArchived", "noPrice", "forbidden"]),
    }),
  ),
});

export function routeTestJson(r: RouteTestResult): z.input<typeof routeTestAnswer> {
  return {
    account: r.account,
    cld: r.cld,
    digits: r.digits,
    allowed: r.refusal === null,
    maxDuration: r.maxDuration,
    refusal: r.refusal,
    levels: r.levels.map((l) => ({
      level: l.level,
      kind: l.kind,
      id: l.id,
      name: l.name,
      currency: l.currency,
      available: amount(l.available)!,
      tariffId: l.tariffId,
      rate: l.rate && {
        prefix: l.rate.prefix,
        price1: amount(l.rate.price1)!,
        priceN: amount(l.rate.priceN)!,
        interval1: l.rate.interval1,
        intervalN: l.rate.intervalN,
        connectFee: amount(l.rate.connectFee)!,
        freeSeconds: l.rate.freeSeconds,
        gracePeriod: l.rate.gracePeriod,
      },
      refusal: l.refusal,
      maxDuration: l.maxDuration,
      marginPerMinute: amount(l.marginPerMinute),
    })),
    root: { ...r.root, revenuePerMinute: amount(r.root.revenuePerMinute), marginPerMinute: amount(r.root.marginPerMinute) },
    routingGroup: r.routing?.group ?? null,
    routes: (r.routing?.routes ?? []).map((route) => ({ ...routeJson(route), rootPriceN: amount(route.rootPriceN) })),
    skipped: (r.routing?.skipped ?? []).map((s) => ({
      connectionId: s.entry.connectionId,
      connection: s.entry.connection,
      vendor: s.entry.vendor,
      destinationSetId: s.entry.destinationSetId,
      reason: s.reason,
    })),
  };
}
