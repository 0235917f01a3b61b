// The system settings against a real database: vendors (with "Pay vendor"
// in the ledger), connections, routing groups with their entries and
// assignment; the delegation rule (Root, or a customer directly under Root
// holding system_mgmt; everyone else "not found", through the API too:
// "Method not found"); every refusal writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeCustomer } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { toMask } from "@/lib/customers/rights";
import { DomainError } from "@/lib/errors/domain-error";
import { parseInput } from "@/lib/forms/parse-input";
import { toFault } from "@/lib/xmlrpc/faults";
import { METHODS } from "@/lib/xmlrpc/methods";
import type { XmlRpcValue } from "@/lib/xmlrpc/codec";
import { connectionSchema } from "./connection-schema";
import { createConnection, deleteConnection } from "./connections";
import { routingEntrySchema } from "./routing-group-schema";
import { addRoutingEntry, assignRoutingGroup, createRoutingGroup, customerRouting, deleteRoutingGroup, getRoutingGroup, removeRoutingEntry } from "./routing-groups";
import { vendorPaymentSchema, vendorSchema } from "./vendor-schema";
import { createVendor, deleteVendor, getVendor, listVendors, listVendorTransactions, payVendor, updateVendor } from "./vendors";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.61";
const LIST = { page: 1, pageSize: 100, sort: "name" as const, dir: "asc" as const, q: "" };
const vendor = (name: string, currency = "USD") => parseInput(vendorSchema, { name, currency, contactName: "Ops", email: "ops@example.com", phone: "+1 555 0100", address: "", description: "" });
const connection = (name: string, host = "192.0.2.10", port = "5060") => parseInput(connectionSchema, { name, host, port, protocol: "udp", capacity: "", blocked: false });

/** The problem code a call is refused with (its field too), or "ok". */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof DomainError) return error.field ? `${error.problem.split("?")[0]}@${error.field}` : error.problem.split("?")[0]!;
    throw error;
  }
}

async function makeSet(currency: string) {
  const name = unique("Set");
  return db.destinationSet.create({ data: { name, nameKey: name.toLowerCase(), currency } });
}

let t: Tree;
let root: Viewer;
beforeEach(async () => {
  t = await buildTree(db);
  root = t.viewers.R;
});

describe("vendors", () => {
  it("adds, edits and deletes a vendor, its currency fixed once it has ledger rows, names unique among live vendors", async () => {
    const name = unique("Carrier");
    const created = await createVendor(root, vendor(name), IP);
    expect(await refusal(createVendor(root, vendor(name.toUpperCase()), IP))).toBe("vendorNameTaken@name");
    await updateVendor(root, created.id, vendor(name, "EUR"), IP);
    expect((await getVendor(root, created.id))!.currency).toBe("EUR");
    await payVendor(root, created.id, parseInput(vendorPaymentSchema("EUR"), { amount: "1", notes: "" }), IP);
    expect(await refusal(updateVendor(root, created.id, vendor(name, "USD"), IP))).toBe("vendorCurrencyFixed@currency");
    expect((await getVendor(root, created.id))!.currencyLocked).toBe(true);
    await deleteVendor(root, created.id, IP);
    expect(await getVendor(root, created.id)).toBeNull();
    // The name is free again once archived.
    await createVendor(root, vendor(name), IP);
    const audit = await db.auditLog.findMany({ where: { resource: `vendors:i_vendor=${created.id}` }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["create", "update", "vendor_payment", "delete"]);
  });

  it("Pay vendor books a 'vendor_payment' row in the vendor's currency, lowers what the switch owes, and books once per key", async () => {
    const v = await createVendor(root, vendor(unique("Carrier"), "EUR"), IP);
    await db.vendor.update({ where: { id: v.id }, data: { balance: 10_000_000n } }); // owed 10 EUR (as calls would leave it)
    const pay = (amount: string, key?: string) => payVendor(root, v.id, parseInput(vendorPaymentSchema("EUR"), { amount, notes: "March invoice", idempotencyKey: key }), IP);
    const first = await pay("2.50", "k-1");
    expect(first).toMatchObject({ balanceAfter: 7_500_000n, created: true });
    expect(await pay("2.50", "k-1")).toMatchObject({ balanceAfter: 7_500_000n, created: false });
    expect(await refusal(pay("3", "k-1"))).toBe("keyReused");
    await pay("10");
    expect((await getVendor(root, v.id))!.balance).toBe(-2_500_000n); // paid ahead
    const rows = await listVendorTransactions(root, v.id, { page: 1, pageSize: 10 });
    expect(rows.total).toBe(2);
    expect(rows.rows.map((r) => [r.type, r.amount, r.balanceAfter])).toEqual([
      ["vendor_payment", -10_000_000n, -2_500_000n],
      ["vendor_payment", -2_500_000n, 7_500_000n],
    ]);
    const row = await db.transaction.findFirstOrThrow({ where: { vendorId: v.id }, orderBy: { id: "asc" } });
    expect(row).toMatchObject({ customerId: null, accountId: null, enteredCurrency: "EUR", enteredAmount: 2_500_000n, notes: "March invoice" });
    // Zero and more decimals than the currency has are the form's refusals.
    expect(() => parseInput(vendorPaymentSchema("EUR"), { amount: "0", notes: "" })).toThrow(DomainError);
    expect(() => parseInput(vendorPaymentSchema("EUR"), { amount: "1.005", notes: "" })).toThrow(DomainError);
  });
});

describe("connections and routing groups", () => {
  it("pairs a connection only with a destination set in its vendor's currency, once; a used connection and an assigned group cannot be deleted", async () => {
    const usd = await createVendor(root, vendor(unique("Carrier")), IP);
    const gw = await createConnection(root, usd.id, connection("gw-1", "sip.example.net", "5080"), IP);
    expect(await refusal(createConnection(root, usd.id, connection("GW-1"), IP))).toBe("connectionNameTaken@name");
    const [usdSet, eurSet] = [await makeSet("USD"), await makeSet("EUR")];
    const group = await createRoutingGroup(root, { name: unique("Group"), policy: "preference", description: "" }, IP);
    const entry = (setId: number) => parseInput(routingEntrySchema, { connectionId: String(gw.id), destinationSetId: String(setId) });

    const audit = await db.auditLog.count();
    expect(await refusal(addRoutingEntry(root, group.id, entry(eurSet.id), IP))).toBe("routingEntryCurrency@destinationSetId");
    expect(await db.auditLog.count()).toBe(audit);
    const added = await addRoutingEntry(root, group.id, entry(usdSet.id), IP);
    expect(await refusal(addRoutingEntry(root, group.id, entry(usdSet.id), IP))).toBe("routingEntryTaken@connectionId");
    expect((await getRoutingGroup(root, group.id))!.entries.map((e) => [e.connectionName, e.host, e.port, e.destinationSetName])).toEqual([["gw-1", "sip.example.net", 5080, usdSet.name]]);

    expect(await refusal(deleteConnection(root, gw.id, IP))).toBe("connectionInUse");
    expect(await refusal(deleteVendor(root, usd.id, IP))).toBe("vendorHasConnections");

    // Assigned to a customer directly under Root only; inherited below, read-only.
    expect(await refusal(assignRoutingGroup(root, t.rows.A.id, group.id, IP))).toBe("routingGroupTopLevel@routingGroupId");
    await assignRoutingGroup(root, t.rows.Top.id, group.id, IP);
    expect(await customerRouting(root, t.rows.Top)).toMatchObject({ group: { id: group.id }, inherited: false });
    expect(await customerRouting(root, t.rows.A1x)).toMatchObject({ group: { id: group.id }, inherited: true, topLevel: { id: t.rows.Top.id } });
    expect(await refusal(deleteRoutingGroup(root, group.id, IP))).toBe("routingGroupAssigned");

    await assignRoutingGroup(root, t.rows.Top.id, null, IP);
    await removeRoutingEntry(root, group.id, added.id, IP);
    await deleteConnection(root, gw.id, IP);
    await deleteRoutingGroup(root, group.id, IP);
    expect(await getRoutingGroup(root, group.id)).toBeNull();
  });

  it("refuses a host that is not a host name or address, a port out of range, a capacity below 1", () => {
    const parse = (host: string, port: string, capacity: string) => connectionSchema.safeParse({ name: "x", host, port, protocol: "udp", capacity, blocked: false });
    expect(parse("gw.example.com", "5060", "").success).toBe(true);
    expect(parse("2001:db8::1", "5060", "30").success).toBe(true);
    expect(parse("gw example", "5060", "").error?.issues[0]?.message).toBe("connectionHost");
    expect(parse("999.1.1.1", "5060", "").error?.issues[0]?.message).toBe("connectionHost");
    expect(parse("gw.example.com", "70000", "").error?.issues[0]?.message).toBe("connectionPort");
    expect(parse("gw.example.com", "5060", "0").error?.issues[0]?.message).toMatch(/^connectionCapacity/);
  });
});

describe("delegation", () => {
  const withRights = (v: Viewer, rights: Parameters<typeof toMask>[0]) => ({ ...v, rights: toMask(rights) });

  it("a customer directly under Root with system_mgmt manages the settings but cannot assign; without it, or deeper, everything is 'not found' and writes nothing", async () => {
    const delegate = withRights(t.viewers.Top, ["system_mgmt"]);
    const v = await createVendor(delegate, vendor(unique("Delegated")), IP);
    expect((await listVendors(delegate, LIST)).rows.some((r) => r.id === v.id)).toBe(true);
    const group = await createRoutingGroup(delegate, { name: unique("Group"), policy: "least_cost", description: "" }, IP);
    expect(await refusal(assignRoutingGroup(delegate, t.rows.Top.id, group.id, IP))).toBe("notFound");

    // A group Root gives to the delegate and to another top-level customer: the delegate
    // sees itself named and the other only counted, on the group's page and in the refusal.
    const sibling = await makeCustomer(db, t.rows.R, { name: unique("Sibling"), tariffId: (await makeTariff(db, t.rows.R.id)).id });
    const shared = await createRoutingGroup(root, { name: unique("Shared"), policy: "least_cost", description: "" }, IP);
    await assignRoutingGroup(root, sibling.id, shared.id, IP);
    await assignRoutingGroup(root, t.rows.Top.id, shared.id, IP);
    const seen = (await getRoutingGroup(delegate, shared.id))!;
    expect(seen.customers).toEqual([{ id: t.rows.Top.id, name: t.rows.Top.name, self: true }]);
    expect(seen.otherCustomers).toBe(1);
    expect((await getRoutingGroup(root, shared.id))!.customers.map((c) => c.name).sort()).toEqual([sibling.name, t.rows.Top.name].sort());
    const refused = await deleteRoutingGroup(delegate, shared.id, IP).then(
      () => "",
      (error: DomainError) => error.problem,
    );
    expect(refused).toMatch(/^routingGroupAssigned/);
    expect(decodeURIComponent(refused)).toContain(t.rows.Top.name);
    expect(decodeURIComponent(refused)).not.toContain(sibling.name);

    const audit = await db.auditLog.count();
    for (const outsider of [withRights(t.viewers.Top, []), withRights(t.viewers.A, ["system_mgmt"])]) {
      expect(await refusal(listVendors(outsider, LIST))).toBe("notFound");
      expect(await refusal(getVendor(outsider, v.id))).toBe("notFound");
      expect(await refusal(createVendor(outsider, vendor(unique("Nope")), IP))).toBe("notFound");
      expect(await refusal(payVendor(outsider, v.id, parseInput(vendorPaymentSchema("USD"), { amount: "1", notes: "" }), IP))).toBe("notFound");
      expect(await refusal(customerRouting(outsider, t.rows.A))).toBe("notFound");
    }
    expect(await db.auditLog.count()).toBe(audit);
  });
});

describe("XML-RPC", () => {
  type Answer = { ok: Record<string, XmlRpcValue> } | { fault: number; message: string };
  async function api(viewer: Viewer, method: string, params: Record<string, XmlRpcValue>): Promise<Answer> {
    try {
      return { ok: (await METHODS[method]!(params, { viewer, ip: IP })) as Record<string, XmlRpcValue> };
    } catch (error) {
      const fault = toFault(error);
      if (!fault) throw error;
      return { fault: fault.code, message: fault.message };
    }
  }
  const ok = async (viewer: Viewer, method: string, params: Record<string, XmlRpcValue>) => {
    const answer = await api(viewer, method, params);
    if (!("ok" in answer)) throw new Error(`${method}: ${answer.fault} ${answer.message}`);
    return answer.ok;
  };

  it("builds a vendor, a connection, a routing group and a member with Sippy's names", async () => {
    const name = unique("Api carrier");
    const { i_vendor } = await ok(root, "addVendor", { name, base_currency: "EUR", contact: "NOC", street_addr: "1 Quay", balance: 0, web_login: "ignored" });
    const { i_connection } = await ok(root, "createVendorConnection", { i_vendor: i_vendor!, name: "edge", destination: "203.0.113.7:5070", capacity: -1 });
    const info = await ok(root, "getVendorConnectionInfo", { i_connection: i_connection! });
    expect(info.connection).toMatchObject({ host: "203.0.113.7", port: 5070, protocol: "udp", capacity: -1, blocked: false, destination: "203.0.113.7:5070" });
    expect((await ok(root, "getVendorInfo", { i_vendor: i_vendor! })).vendor).toMatchObject({ name, base_currency: "EUR", contact: "NOC", street_addr: "1 Quay" });
    expect(((await ok(root, "listVendors", { name_pattern: `${name.slice(0, 8)}%` })).vendors as { i_vendor: number }[]).map((v) => v.i_vendor)).toContain(i_vendor);

    const set = await makeSet("EUR");
    const { i_routing_group } = await ok(root, "addRoutingGroup", { name: unique("Api group"), policy: "prefix_length" });
    const { i_routing_group_member } = await ok(root, "addRoutingGroupMember", { i_routing_group: i_routing_group!, i_connection: i_connection!, i_destination_set: set.id, preference: 5 });
    expect(((await ok(root, "listRoutingGroupMembers", { i_routing_group: i_routing_group! })).list as { i_routing_group_member: number; currency: string }[])[0]).toMatchObject({
      i_routing_group_member,
      currency: "EUR",
    });
    expect(await api(root, "addVendor", { name: unique("x"), base_currency: "EUR", balance: 5 })).toMatchObject({ fault: 400 });
    expect(await api(root, "createVendorConnection", { i_vendor: i_vendor!, name: "bad", destination: "not a host" })).toEqual({
      fault: 400,
      message: "Bad parameter destination: A host name (gateway.example.com) or an IP address.",
    });
  });

  it("to anyone without the system right, each method is one that does not exist, whatever its parameters", async () => {
    const outsider = { ...t.viewers.A, rights: toMask(["system_mgmt", "api_access"]) };
    const audit = await db.auditLog.count();
    for (const [method, params] of [
      ["listVendors", {}],
      ["addVendor", { name: "x", base_currency: "USD" }],
      ["addRoutingGroup", { typo: 1 }],
      ["delRoutingGroupMember", { i_routing_group: 1, i_routing_group_member: 1 }],
    ] as const) {
      expect(await api(outsider, method, params)).toEqual({ fault: -32601, message: `Method not found: ${method}.` });
    }
    expect(await db.auditLog.count()).toBe(audit);
    // The delegate sees them.
    expect(await api({ ...t.viewers.Top, rights: toMask(["system_mgmt"]) }, "listVendors", {})).toHaveProperty("ok");
  });
});
