// A route as the JSON API writes it: in the authorization answer
// (POST /api/v1/authorize) and in "Test a route" (POST /api/v1/route-test).
import { z } from "zod";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";
import type { Route } from "./decide";

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

