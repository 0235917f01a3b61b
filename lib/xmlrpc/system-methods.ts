// Sippy's vendor, vendor connection and routing group methods, on the same
// domain functions as the System pages (lib/system): the same schemas, the
// same `system` rule, the same audit records. Only names are mapped (Sippy's
// i_vendor, base_currency, street_addr... to the forms' fields).
//
// Nobody learns these methods exist unless the system rule lets it see the
// system settings: to anyone else each answers exactly what a method that does
// not exist answers ("Method not found"), before its parameters are looked at.
import "server-only";
import { InputError, parseInput } from "@/lib/forms/parse-input";
import { connectionSchema, type ConnectionInput } from "@/lib/system/connection-schema";
import { createConnection, deleteConnection, getConnection, listConnections, updateConnection, type ConnectionRow } from "@/lib/system/connections";
import { routingEntrySchema, routingGroupSchema, type RoutingGroupInput } from "@/lib/system/routing-group-schema";
import {
  addRoutingEntry,
  createRoutingGroup,
  deleteRoutingGroup,
  getRoutingGroup,
  listRoutingGroups,
  removeRoutingEntry,
  updateRoutingGroup,
  type RoutingEntryRow,
} from "@/lib/system/routing-groups";
import { maySystem } from "@/lib/system/system-access";
import { vendorSchema, type VendorInput } from "@/lib/system/vendor-schema";
import { createVendor, deleteVendor, getVendor, listVendors, updateVendor } from "@/lib/system/vendors";
import { ApiFault, FAULT } from "./faults";
import type { MethodName } from "./parameter-lists";
import { money, notFound, OK, type CallContext, type Method } from "./method";
import { bad, flag, int, isZeroAmount, amount, str, type Struct } from "./params";

type SystemMethodName = Extract<
  MethodName,
  | "createVendor"
  | "addVendor"
  | "updateVendor"
  | "deleteVendor"
  | "getVendorInfo"
  | "listVendors"
  | "createVendorConnection"
  | "addVendorConnection"
  | "updateVendorConnection"
  | "deleteVendorConnection"
  | "getVendorConnectionInfo"
  | "listVendorConnections"
  | "addRoutingGroup"
  | "updateRoutingGroup"
  | "delRoutingGroup"
  | "getRoutingGroupInfo"
  | "listRoutingGroups"
  | "addRoutingGroupMember"
  | "delRoutingGroupMember"
  | "listRoutingGroupMembers"
>;

/** Parses with the form's schema; a field's problem is named by its API parameter. */
function parseApi<T>(schema: Parameters<typeof parseInput<T>>[0], input: unknown, names: Record<string, string>): T {
  try {
    return parseInput(schema, input);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(Object.fromEntries(Object.entries(error.fieldErrors).map(([field, message]) => [names[field] ?? field, message])));
  }
}

/** Sippy's LIKE pattern (name_pattern: % any run, _ one character), matched case-insensitively. */
function likeMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined || pattern === "") return () => true;
  const source = [...pattern].map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  const regex = new RegExp(`^${source}$`, "is");
  return (name) => regex.test(name);
}

/** Sippy's paging: offset 0 or more, limit 1-1000 (default 1000, the most listed at once). */
function paging(s: Struct) {
  const offset = int(s, "offset") ?? 0;
  const limit = int(s, "limit") ?? 1000;
  if (offset < 0) throw bad("offset", "0 or more");
  if (limit < 1 || limit > 1000) throw bad("limit", "from 1 to 1000");
  return { offset, limit };
}

// ------------------------------------------------------------ vendors

const VENDOR_NAMES = { currency: "base_currency", contactName: "contact", address: "street_addr" };

/** The vendor form's input from a struct, over `base` (empty, or the current vendor). */
function vendorInput(s: Struct, base: VendorInput): VendorInput {
  // A vendor's balance moves only with ledger rows (calls, "Pay vendor"): a starting balance is refused, 0 accepted.
  const balance = amount(s, "balance");
  if (balance !== undefined && !isZeroAmount(balance)) throw bad("balance", "a vendor's balance moves only with calls it carries and payments to it");
  return {
    name: str(s, "name") ?? base.name,
    currency: str(s, "base_currency") ?? base.currency,
    contactName: str(s, "contact") ?? base.contactName,
    email: str(s, "email") ?? base.email,
    phone: str(s, "phone") ?? base.phone,
    address: str(s, "street_addr") ?? base.address,
    description: str(s, "description") ?? base.description,
  };
}

const EMPTY_VENDOR: VendorInput = { name: "", currency: "", contactName: "", email: "", phone: "", address: "", description: "" };

const createVendorMethod: Method = async (s, ctx) => {
  const values = parseApi(vendorSchema, vendorInput(s, { ...EMPTY_VENDOR, currency: str(s, "base_currency") ?? "USD" }), VENDOR_NAMES);
  const vendor = await createVendor(ctx.viewer, values, ctx.ip);
  return { ...OK, i_vendor: vendor.id };
};

const updateVendorMethod: Method = async (s, ctx) => {
  const current = await getVendor(ctx.viewer, int(s, "i_vendor", true));
  if (!current) throw notFound();
  const values = parseApi(vendorSchema, vendorInput(s, current), VENDOR_NAMES);
  await updateVendor(ctx.viewer, current.id, values, ctx.ip);
  return OK;
};

const deleteVendorMethod: Method = async (s, ctx) => {
  await deleteVendor(ctx.viewer, int(s, "i_vendor", true), ctx.ip);
  return OK;
};

const vendorOut = (v: { id: number; name: string; currency: string; balance: bigint; contactName: string; email: string }, more: Record<string, string> = {}) => ({
  i_vendor: v.id,
  name: v.name,
  base_currency: v.currency,
  // What the switch owes the vendor: positive when it owes (Sippy's vendor balance).
  balance: money(v.balance),
  contact: v.contactName,
  email: v.email,
  ...more,
});

const getVendorInfo: Method = async (s, ctx) => {
  const vendor = await getVendor(ctx.viewer, int(s, "i_vendor", true));
  if (!vendor) throw notFound();
  return { ...OK, vendor: vendorOut(vendor, { phone: vendor.phone, street_addr: vendor.address, description: vendor.description }) };
};

const listVendorsMethod: Method = async (s, ctx) => {
  const { offset, limit } = paging(s);
  const matches = likeMatcher(str(s, "name_pattern"));
  const all = await listVendors(ctx.viewer, { page: 1, pageSize: 100_000, sort: "name", dir: "asc", q: "" });
  return { ...OK, vendors: all.rows.filter((v) => matches(v.name)).slice(offset, offset + limit).map((v) => vendorOut(v)) };
};

// ------------------------------------------------------------ connections

const CONNECTION_NAMES = { host: "destination", port: "destination" };

/** "host", "host:port" or "[v6]:port", as Sippy's destination; a separate port wins. */
function splitDestination(destination: string): { host: string; port?: string } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(destination);
  if (v6) return { host: v6[1]!, port: v6[2] };
  const parts = destination.split(":");
  if (parts.length === 2) return { host: parts[0]!, port: parts[1] };
  return { host: destination };
}

function connectionInput(s: Struct, base: ConnectionInput): ConnectionInput {
  const destination = str(s, "destination");
  const split = destination === undefined ? undefined : splitDestination(destination.trim());
  const capacity = int(s, "capacity");
  if (capacity !== undefined && capacity < -1) throw bad("capacity", "-1 for no limit, or 1 or more");
  return {
    name: str(s, "name") ?? base.name,
    host: split?.host ?? base.host,
    port: int(s, "port") !== undefined ? String(int(s, "port")) : (split?.port ?? base.port),
    protocol: (str(s, "protocol") as ConnectionInput["protocol"] | undefined) ?? base.protocol,
    capacity: capacity === undefined ? base.capacity : capacity === -1 ? "" : String(capacity),
    blocked: flag(s, "blocked") ?? base.blocked,
  };
}

const connectionOut = (c: ConnectionRow) => ({
  i_connection: c.id,
  i_vendor: c.vendorId,
  name: c.name,
  destination: c.host.includes(":") ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`,
  host: c.host,
  port: c.port,
  protocol: c.protocol,
  capacity: c.capacity ?? -1,
  blocked: c.blocked,
});

const createConnectionMethod: Method = async (s, ctx) => {
  const vendorId = int(s, "i_vendor", true);
  const input = connectionInput(s, { name: "", host: "", port: "5060", protocol: "udp", capacity: "", blocked: false });
  const connection = await createConnection(ctx.viewer, vendorId, parseApi(connectionSchema, input, CONNECTION_NAMES), ctx.ip);
  return { ...OK, i_connection: connection.id };
};

const updateConnectionMethod: Method = async (s, ctx) => {
  const current = await getConnection(ctx.viewer, int(s, "i_connection", true));
  if (!current) throw notFound();
  const input = connectionInput(s, {
    name: current.name,
    host: current.host,
    port: String(current.port),
    protocol: current.protocol as ConnectionInput["protocol"],
    capacity: current.capacity === null ? "" : String(current.capacity),
    blocked: current.blocked,
  });
  await updateConnection(ctx.viewer, current.id, parseApi(connectionSchema, input, CONNECTION_NAMES), ctx.ip);
  return OK;
};

const deleteConnectionMethod: Method = async (s, ctx) => {
  await deleteConnection(ctx.viewer, int(s, "i_connection", true), ctx.ip);
  return OK;
};

const getConnectionInfo: Method = async (s, ctx) => {
  const connection = await getConnection(ctx.viewer, int(s, "i_connection", true));
  if (!connection) throw notFound();
  return { ...OK, connection: connectionOut(connection) };
};

const listConnectionsMethod: Method = async (s, ctx) => {
  const vendor = await getVendor(ctx.viewer, int(s, "i_vendor", true));
  if (!vendor) throw notFound();
  return { ...OK, connections: (await listConnections(ctx.viewer, vendor.id)).map(connectionOut) };
};

// ------------------------------------------------------------ routing groups

function groupInput(s: Struct, base: RoutingGroupInput): RoutingGroupInput {
  return {
    name: str(s, "name") ?? base.name,
    policy: (str(s, "policy") as RoutingGroupInput["policy"] | undefined) ?? base.policy,
    description: str(s, "description") ?? base.description,
  };
}

const addRoutingGroup: Method = async (s, ctx) => {
  const values = parseApi(routingGroupSchema, groupInput(s, { name: "", policy: "least_cost", description: "" }), {});
  const group = await createRoutingGroup(ctx.viewer, values, ctx.ip);
  return { ...OK, i_routing_group: group.id };
};

async function liveGroup(s: Struct, ctx: CallContext) {
  const group = await getRoutingGroup(ctx.viewer, int(s, "i_routing_group", true));
  if (!group) throw notFound();
  return group;
}

const updateRoutingGroupMethod: Method = async (s, ctx) => {
  const group = await liveGroup(s, ctx);
  await updateRoutingGroup(ctx.viewer, group.id, parseApi(routingGroupSchema, groupInput(s, group), {}), ctx.ip);
  return OK;
};

const delRoutingGroup: Method = async (s, ctx) => {
  await deleteRoutingGroup(ctx.viewer, int(s, "i_routing_group", true), ctx.ip);
  return OK;
};

const memberOut = (groupId: number) => (e: RoutingEntryRow) => ({
  i_routing_group_member: e.id,
  i_routing_group: groupId,
  i_connection: e.connectionId,
  i_vendor: e.vendorId,
  i_destination_set: e.destinationSetId,
  connection_name: e.connectionName,
  vendor_name: e.vendorName,
  destination_set_name: e.destinationSetName,
  currency: e.currency,
  blocked: e.blocked,
});

const getRoutingGroupInfo: Method = async (s, ctx) => {
  const group = await liveGroup(s, ctx);
  return {
    ...OK,
    routing_group: {
      i_routing_group: group.id,
      name: group.name,
      policy: group.policy,
      description: group.description,
      members: group.entries.map(memberOut(group.id)),
      customers: group.customers.map((c) => ({ i_customer: c.id, name: c.name })),
    },
  };
};

const listRoutingGroupsMethod: Method = async (s, ctx) => {
  const only = int(s, "i_routing_group");
  const matches = likeMatcher(str(s, "name_pattern"));
  const all = await listRoutingGroups(ctx.viewer, { page: 1, pageSize: 100_000, sort: "name", dir: "asc", q: "" });
  return {
    ...OK,
    list: all.rows
      .filter((g) => (only === undefined || g.id === only) && matches(g.name))
      .map((g) => ({ i_routing_group: g.id, name: g.name, policy: g.policy, description: g.description, members: g.entryCount })),
  };
};

const addRoutingGroupMember: Method = async (s, ctx) => {
  const group = await liveGroup(s, ctx);
  const values = parseApi(
    routingEntrySchema,
    { connectionId: String(int(s, "i_connection", true)), destinationSetId: String(int(s, "i_destination_set", true)) },
    { connectionId: "i_connection", destinationSetId: "i_destination_set" },
  );
  const entry = await addRoutingEntry(ctx.viewer, group.id, values, ctx.ip);
  return { ...OK, i_routing_group_member: entry.id };
};

const delRoutingGroupMember: Method = async (s, ctx) => {
  const group = await liveGroup(s, ctx);
  await removeRoutingEntry(ctx.viewer, group.id, int(s, "i_routing_group_member", true), ctx.ip);
  return OK;
};

const listRoutingGroupMembers: Method = async (s, ctx) => {
  const group = await liveGroup(s, ctx);
  return { ...OK, list: group.entries.map(memberOut(group.id)) };
};


export const SYSTEM_METHODS: Record<SystemMethodName, Method> = {
  createVendor: createVendorMethod,
  addVendor: createVendorMethod,
  updateVendor: updateVendorMethod,
  deleteVendor: deleteVendorMethod,
  getVendorInfo,
  listVendors: listVendorsMethod,
  createVendorConnection: createConnectionMethod,
  addVendorConnection: createConnectionMethod,
  updateVendorConnection: updateConnectionMethod,
  deleteVendorConnection: deleteConnectionMethod,
  getVendorConnectionInfo: getConnectionInfo,
  listVendorConnections: listConnectionsMethod,
  addRoutingGroup,
  updateRoutingGroup: updateRoutingGroupMethod,
  delRoutingGroup,
  getRoutingGroupInfo,
  listRoutingGroups: listRoutingGroupsMethod,
  addRoutingGroupMember,
  delRoutingGroupMember,
  listRoutingGroupMembers,
};

/** What the endpoint answers for a method that does not exist (app/xmlapi/xmlapi/route.ts). */
export const methodNotFound = (name: string) => new ApiFault(FAULT.methodNotFound, `Method not found: ${name.slice(0, 64)}.`);

/**
 * Hides the system methods (`names`, here SYSTEM_METHODS' and any other
 * system area's) from whoever may not see the system settings: to them each
 * is a method that does not exist, before its parameters are checked. Wraps
 * the table after the parameter checks.
 */
export function hideSystemMethods<R>(
  methods: Record<string, (s: Struct, ctx: CallContext) => Promise<R>>,
  names: readonly string[],
): Record<string, (s: Struct, ctx: CallContext) => Promise<R>> {
  const hidden = { ...methods };
  for (const name of names) {
    const run = methods[name];
    if (!run) continue;
    hidden[name] = async (s, ctx) => {
      if (!maySystem(ctx.viewer, "view")) throw methodNotFound(name);
      return run(s, ctx);
    };
  }
  return hidden;
}
