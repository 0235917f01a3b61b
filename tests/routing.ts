// Routing data for the tests (nothing here imports vitest): vendors, their
// connections, destination sets with routes and routing groups, inserted with
// Prisma directly (the system pages that make them are built elsewhere), each
// uniquely named.
import type { Db } from "@/lib/db/create-client";
import { textKey } from "@/lib/forms/text";
import type { RoutingPolicy } from "@/lib/routing/decide";
import { money } from "./call-chain";
import { unique } from "./db";

export async function makeVendor(db: Db, currency = "USD", options: { archived?: boolean; name?: string } = {}) {
  const name = options.name ?? unique("Vendor");
  return db.vendor.create({ data: { name, nameKey: options.archived ? null : textKey(name), currency, archivedAt: options.archived ? new Date() : null } });
}

export async function makeConnection(db: Db, vendorId: number, options: { blocked?: boolean; archived?: boolean; port?: number; host?: string; name?: string } = {}) {
  const name = options.name ?? unique("gw");
  return db.connection.create({
    data: {
      vendorId,
      name,
      nameKey: options.archived ? null : textKey(name),
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 5090,
      protocol: "udp",
      blocked: options.blocked ?? false,
      archivedAt: options.archived ? new Date() : null,
    },
  });
}

export interface RouteSpec {
  prefix: string;
  /** price_n per minute ("0.01"); price_1 the same unless given. */
  price: string;
  price1?: string;
  interval1?: number;
  intervalN?: number;
  connectFee?: string;
  preference?: number;
  forbidden?: boolean;
}

export async function makeDestinationSet(db: Db, currency: string, routes: RouteSpec[], options: { archived?: boolean } = {}) {
  const name = unique("Set");
  const set = await db.destinationSet.create({ data: { name, nameKey: options.archived ? null : textKey(name), currency, archivedAt: options.archived ? new Date() : null } });
  if (routes.length) {
    await db.destinationRoute.createMany({
      data: routes.map((r) => ({
        destinationSetId: set.id,
        prefix: r.prefix,
        price1: money(r.price1 ?? r.price),
        priceN: money(r.price),
        interval1: r.interval1 ?? 60,
        intervalN: r.intervalN ?? 60,
        connectFee: r.connectFee ? money(r.connectFee) : 0n,
        preference: r.preference ?? 10,
        forbidden: r.forbidden ?? false,
      })),
    });
  }
  return set;
}

/** A routing group with its entries, in this order (entry ids ascending), optionally assigned to top-level customers. */
export async function makeRoutingGroup(db: Db, policy: RoutingPolicy, entries: { connectionId: number; destinationSetId: number }[], assignTo: number[] = []) {
  const name = unique("Group");
  const group = await db.routingGroup.create({ data: { name, nameKey: textKey(name), policy } });
  const made = [];
  for (const e of entries) made.push(await db.routingGroupEntry.create({ data: { routingGroupId: group.id, ...e } }));
  if (assignTo.length) await db.customer.updateMany({ where: { id: { in: assignTo } }, data: { routingGroupId: group.id } });
  return { group, entries: made };
}

/** A vendor with one connection and one destination set: an entry's worth. */
export async function makeCarrier(db: Db, currency: string, routes: RouteSpec[], options: { blocked?: boolean; vendorArchived?: boolean; port?: number } = {}) {
  const vendor = await makeVendor(db, currency, { archived: options.vendorArchived });
  const connection = await makeConnection(db, vendor.id, { blocked: options.blocked, port: options.port });
  const set = await makeDestinationSet(db, currency, routes);
  return { vendor, connection, set, entry: { connectionId: connection.id, destinationSetId: set.id } };
}
