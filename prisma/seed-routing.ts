// The demo's routing (docs/domain.md, "Routing decisions and vendor cost"):
// two vendors, one billing in USD and one in EUR, a connection each on
// loopback (ports 5091 and 5092: nothing listens there unless a test or an
// operator puts a gateway there), a destination set each pricing every
// prefix the demo tariffs price, and one least-cost routing group assigned
// to the demo's resellers (the customers directly under Root). So a fresh
// `npm start` + `npm run simulate` routes its calls, and the Calls page
// shows Root each call's vendor and margin. Vendors cost less than Root's
// wholesale prices; which vendor is cheaper depends on the prefix (Root's
// EUR rate compares them), so both carry calls.
import type { DbOrTx } from "../lib/db/types";
import { parseAmount, STORED_SCALE } from "../lib/money";
import { textKey } from "../lib/forms/text";

interface DemoVendor {
  name: string;
  currency: string;
  connection: { name: string; port: number };
  set: string;
  /** prefix -> price per minute, as typed (60/60 s intervals). */
  routes: Record<string, string>;
}

export const DEMO_VENDORS: DemoVendor[] = [
  {
    name: "Atlantic Carrier",
    currency: "USD",
    connection: { name: "atlantic-gw1", port: 5091 },
    set: "Atlantic USD",
    routes: { "1": "0.004", "44": "0.01", "49": "0.009", "7": "0.025" },
  },
  {
    name: "Euro Transit",
    currency: "EUR",
    connection: { name: "eurotransit-gw1", port: 5092 },
    set: "Euro Transit EUR",
    // With Root's 1 USD = 0.92 EUR: 1 -> 0.00457, 44 -> 0.00924, 49 -> 0.01033, 7 -> 0.02174 USD.
    routes: { "1": "0.0042", "44": "0.0085", "49": "0.0095", "7": "0.02" },
  },
];

export const DEMO_ROUTING_GROUP = "Demo least cost";

const price = (text: string, currency: string) => {
  const parsed = parseAmount(text, currency, { maxDecimals: STORED_SCALE });
  if (!parsed.ok) throw new Error(`bad demo price ${text}`);
  return parsed.value;
};

/** The vendors, connections, sets and the routing group, assigned to every customer directly under Root. */
export async function seedDemoRouting(tx: DbOrTx, rootId: number) {
  const group = await tx.routingGroup.create({
    data: { name: DEMO_ROUTING_GROUP, nameKey: textKey(DEMO_ROUTING_GROUP), policy: "least_cost", description: "Demo: the cheaper vendor first, per prefix" },
  });
  for (const v of DEMO_VENDORS) {
    const vendor = await tx.vendor.create({ data: { name: v.name, nameKey: textKey(v.name), currency: v.currency, description: "Demo vendor" } });
    const connection = await tx.connection.create({
      data: { vendorId: vendor.id, name: v.connection.name, nameKey: textKey(v.connection.name), host: "127.0.0.1", port: v.connection.port, protocol: "udp" },
    });
    const set = await tx.destinationSet.create({ data: { name: v.set, nameKey: textKey(v.set), currency: v.currency, description: "Demo destination set" } });
    await tx.destinationRoute.createMany({
      data: Object.entries(v.routes).map(([prefix, text]) => ({
        destinationSetId: set.id,
        prefix,
        price1: price(text, v.currency),
        priceN: price(text, v.currency),
        interval1: 60,
        intervalN: 60,
      })),
    });
    await tx.routingGroupEntry.create({ data: { routingGroupId: group.id, connectionId: connection.id, destinationSetId: set.id } });
  }
  await tx.customer.updateMany({ where: { parentId: rootId }, data: { routingGroupId: group.id } });
}
