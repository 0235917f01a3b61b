// The authorization matrix: every rule of the access rules table, for every
// relation, against the real database, through the domain functions that
// pages, server actions and API methods call. What is expected is read from
// docs/domain.md ("Access rules") itself; the probes are typed by the rules
// of lib/access/rules.ts, so a new action cannot be added without a probe
// here, a row there, and the unit test keeps the two in step.
//
// The viewer is A, in the tree of tests/tree.ts:
//   R -> Top -> { A, B };  A -> { A1, A2 };  B -> { B1 };  A1 -> { A1x };  U -> { U1 }
import { readFileSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, makeTariff, NODES, type Node, type Tree } from "@/tests/tree";
import { chargeCalls } from "@/tests/calls";
import { listCalls } from "@/lib/calls/list";
import { pathIds } from "@/lib/customers/scope";
import { formatSippyDate } from "@/lib/xmlrpc/sippy-date";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { archiveCustomer, createCustomer, getCustomerDetail, listCustomers, mayAct, setBlocked, updateCustomer } from "@/lib/customers/customers";
import { createCustomerSchema, editCustomerSchema } from "@/lib/customers/customer-schema";
import { listTransactions, runMaintenance } from "@/lib/ledger/maintenance";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { createTariff, deleteTariff, findTariff, getTariff, listTariffs, updateTariff } from "@/lib/tariffs/tariffs";
import { deleteExchangeRate, listExchangeRates, setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { listRecentAudit } from "@/lib/audit/list-audit";
import { startImpersonation } from "@/lib/auth/impersonation";
import { writeAudit } from "@/lib/audit/write-audit";
import { authenticateApi } from "@/lib/xmlrpc/authenticate-api";
import { makeNonce } from "@/lib/xmlrpc/digest";
import { digestHa1 } from "@/lib/auth/api-password";
import { parseRate } from "@/lib/money";
import { METHODS } from "@/lib/xmlrpc/methods";
import { ApiFault } from "@/lib/xmlrpc/faults";
import { parseRulesMarkdown } from "./rules-table";
import { makeAccount } from "@/tests/factories";
import { archiveAccount, createAccount, getAccountDetail, runAccountMaintenance, setAccountBlocked, updateAccount } from "@/lib/accounts/accounts";
import { createAccountSchema, editAccountSchema } from "@/lib/accounts/account-schema";
import { createApiKey, findApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/api-keys";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { authorizeCall } from "@/lib/calls/authorize";
import { listActiveCalls } from "@/lib/calls/active-calls";
import { chargeBatch } from "@/lib/calls/charge";
import { makeVoucherBatch, voucherBatchValues } from "@/tests/vouchers";
import { createVoucherBatch, deleteVoucherBatch, setBatchDisabled } from "@/lib/vouchers/batches";
import { getVoucherBatch, listVoucherBatches } from "@/lib/vouchers/list";
import { redeemVoucher } from "@/lib/vouchers/redeem";
import { createVendor, listVendors } from "@/lib/system/vendors";
import { assignRoutingGroup } from "@/lib/system/routing-groups";
import { RELATIONS, type Action, type Relation, type Resource } from "./rules";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.45";
const LIST = { page: 1, pageSize: 100, sort: "name" as const, dir: "asc" as const, q: "" };
const VOUCHER_LIST = { page: 1, pageSize: 100, q: "" };
const TARIFFS = { page: 1, pageSize: 100, sort: "name" as const, dir: "asc" as const, q: "" };

/** A probe tries the action on one target and says whether it went through; a refusal must change nothing. */
type Probe = (v: Viewer, target: Target) => Promise<unknown>;
interface Target {
  t: Tree;
  /** The customer, tariff, rate currency or audit record the relation points at. */
  id: number;
  key?: string;
}
/** The targets that stand for each relation of viewer A. */
type Targets<R extends Resource> = Record<Relation<R>, ((t: Tree, v: Viewer) => Promise<Target>)[]>;

const node = (n: Node) => async (t: Tree) => ({ t, id: t.rows[n].id });

const CUSTOMER_TARGETS: Targets<"customer"> = {
  self: [node("A")],
  child: [node("A2")], // childless, so that deleting it is allowed
  descendant: [node("A1x")],
  outside: [node("Top"), node("B"), node("B1"), node("U1")],
};

/** A new tariff of A's with nobody on it (deletable); its parent's for "assignee"; others' for "outside". */
const TARIFF_TARGETS: Targets<"tariff"> = {
  owner: [async (t) => ({ t, id: (await makeTariff(db, t.rows.A.id)).id })],
  assignee: [async (t) => ({ t, id: t.tariffs.A.id })],
  outside: [async (t) => ({ t, id: t.tariffs.B1.id }), async (t) => ({ t, id: t.tariffs.U1.id })],
};

/** A's own EUR rate, or Top's GBP rate, which A only inherits. */
const RATE_TARGETS: Targets<"exchangeRate"> = {
  owner: [async (t) => ({ t, id: 0, key: (await setExchangeRate(t.viewers.A, "EUR", rate("0.9"), null)).currency })],
  outside: [async (t) => ({ t, id: 0, key: (await setExchangeRate(t.viewers.Top, "GBP", rate("0.8"), null)).currency })],
};

/** An audit record written by A, by a customer below it, or by someone else (its parent; nobody). */
const auditBy = (n: Node | null) => async (t: Tree) => {
  const resource = unique("matrix:record");
  await writeAudit(db, { actor: n ? { id: t.rows[n].id, path: t.rows[n].path } : null, action: "probe", resource, ip: IP });
  const row = await db.auditLog.findFirstOrThrow({ where: { resource } });
  return { t, id: Number(row.id) };
};
const AUDIT_TARGETS: Targets<"audit"> = {
  self: [auditBy("A")],
  child: [auditBy("A1")],
  descendant: [auditBy("A1x")],
  outside: [auditBy("Top"), auditBy(null), auditBy("B1")],
};

/** An account owned by A, by a customer below it, or by someone else. */
const accountOf = (n: Node) => async (t: Tree) => {
  const tariff = await makeTariff(db, t.rows[n].id);
  return { t, id: (await makeAccount(db, t.rows[n], tariff)).id };
};
const ACCOUNT_TARGETS: Targets<"account"> = {
  owner: [accountOf("A")],
  ancestor: [accountOf("A1"), accountOf("A1x")],
  outside: [accountOf("Top"), accountOf("B1"), accountOf("U1")],
};

const API_TARGETS: Targets<"api"> = { self: [async (t) => ({ t, id: t.rows.A.id })] };

/**
 * A call charged on a new account of A's, of a customer below it, or of
 * someone else (`id` the account, `key` the call id): every tariff on the
 * chain gets a rate for 99, so the call is rated at every level; the call is
 * also in progress (an active call with the same id).
 */
const callOf = (n: Node) => async (t: Tree) => {
  const tariff = await makeTariff(db, t.rows[n].id);
  const chain = pathIds(t.rows[n].path).map((id) => NODES.find((node) => t.rows[node].id === id)!);
  const tariffIds = [tariff.id, ...chain.flatMap((node) => (node in t.tariffs ? [t.tariffs[node as keyof Tree["tariffs"]].id] : []))];
  const rate = { prefix: "99", price1: 60_000n, priceN: 60_000n, interval1: 1, intervalN: 1 };
  await db.tariffRate.createMany({ data: tariffIds.map((tariffId) => ({ tariffId, ...rate })), skipDuplicates: true });
  const account = await makeAccount(db, t.rows[n], tariff);
  const [charged] = await chargeCalls(db, [{ accountId: account.id, cld: "9912345", connectTime: new Date(), duration: 30 }]);
  if (charged!.cdrId === null) throw new Error(`the probe's call on ${n} was not rated`);
  // The same call id stands for a call in progress on that account (the Active calls list).
  const expiresAt = new Date(Date.now() + 600_000);
  await db.activeCall.create({ data: { callId: charged!.callId, accountId: account.id, ownerPath: t.rows[n].path, cli: "1", cld: "9912345", maxDuration: 60, expiresAt } });
  return { t, id: account.id, key: charged!.callId };
};
const CALL_TARGETS: Targets<"call"> = {
  owner: [callOf("A")],
  ancestor: [callOf("A1"), callOf("A1x")],
  outside: [callOf("Top"), callOf("B1"), callOf("U1")],
};

/** An API key of A's own, or of a customer above, below or beside it (`key` holds the whole token). */
const apiKeyOf = (n: Node) => async (t: Tree) => {
  const created = await createApiKey(t.viewers[n], { name: unique("Matrix key") }, IP);
  return { t, id: created.id, key: created.token };
};
const API_KEY_TARGETS: Targets<"apiKey"> = {
  owner: [apiKeyOf("A")],
  outside: [apiKeyOf("Top"), apiKeyOf("A1"), apiKeyOf("B1")],
};

/**
 * A batch of one voucher of A's, or of a customer above, below or beside it
 * (`key` holds "number:PIN"). A redeems it for an account of A's own.
 */
const batchOf = (n: Node) => async (t: Tree) => {
  const batch = await makeVoucherBatch(t.viewers[n], { count: "1" });
  return { t, id: batch.id, key: `${batch.vouchers[0]!.number}:${batch.vouchers[0]!.pin}` };
};
const VOUCHER_TARGETS: Targets<"voucher"> = {
  owner: [batchOf("A")],
  outside: [batchOf("Top"), batchOf("A1"), batchOf("B1")],
};
async function ownAccount(v: Viewer) {
  const tariff = await makeTariff(db, v.id);
  return makeAccount(db, { id: v.id, path: v.path }, tariff);
}

function rate(text: string) {
  const parsed = parseRate(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.rate;
}

async function editValues(t: Tree, id: number) {
  const row = await db.customer.findUniqueOrThrow({ where: { id } });
  const input = {
    ...{ name: unique("Renamed"), tariffId: String(row.tariffId), timeZone: "UTC", webLogin: row.webLogin, language: "en" },
    ...{ creditLimit: "10", rights: [], maxDepth: "0", password: "", company: "", contactName: "", email: "", phone: "", address: "", description: "" },
  };
  return editCustomerSchema({ tariffs: new Map([[row.tariffId!, "USD"]]) }).parse(input);
}

function createValues(tariffId: number) {
  return createCustomerSchema({ tariffs: new Map([[tariffId, "USD"]]), locale: "en" }).parse({
    ...{ name: unique("Assigned"), tariffId: String(tariffId), timeZone: "UTC", webLogin: unique("assigned"), language: "en" },
    ...{ creditLimit: "0", rights: [], maxDepth: "0", company: "", contactName: "", email: "", phone: "", address: "", description: "" },
    ...{ password: "Secret-pass-1", initialBalance: "0" },
  });
}

async function accountValues(v: Viewer, username = unique("matrix-acct")) {
  const tariffId = await ownTariff(v);
  const ctx = { tariffs: new Map([[tariffId, "USD"]]), locale: "en" };
  const fields = { username, authname: "", tariffId: String(tariffId), creditLimit: "0", maxSessions: "", maxCreditTime: "", lifetimeDays: "" };
  const more = { expiresOn: "", timeZone: "UTC", language: "en" as const, description: "", blocked: false };
  return {
    create: createAccountSchema(ctx).parse({ ...fields, ...more, voipPassword: "Voip-pass-123", webPassword: "Web-pass-1234", initialBalance: "0" }),
    edit: editAccountSchema(ctx).parse({ ...fields, ...more, voipPassword: "", webPassword: "", description: "edited" }),
  };
}
const accountOwner = async (id: number) => (await db.account.findUniqueOrThrow({ where: { id } })).customerId;

const funds = () => maintenanceSchema("en").parse({ action: "add_funds", amount: "1.00", currency: "USD", notes: "matrix", idempotencyKey: randomUUID() });

/** A Digest-signed XML-RPC request from `login`, as a client that knows the API password would send it. */
async function apiRequest(t: Tree, id: number) {
  const login = t.rows.A.webLogin;
  const password = "Api-password-1";
  const ha1 = digestHa1(login, password);
  await db.customer.update({ where: { id }, data: { apiDigestHa1: ha1 } });
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const nonce = makeNonce(SECRET);
  const [uri, nc, cnonce] = ["/xmlapi/xmlapi", "00000001", randomUUID()];
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(`POST:${uri}`)}`);
  const header = `Digest username="${login}", realm="switchboard", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
  return new Request(`http://localhost${uri}`, { method: "POST", headers: { authorization: header } });
}
const SECRET = "matrix-secret";

// The system settings are judged by the viewer's own place: the target names
// the customer who stands in the relation (Top, directly under Root: the
// delegate; A: outside), acting with the rights the matrix gives the probe.
const SYSTEM_TARGETS: Targets<"system"> = {
  delegate: [node("Top")],
  outside: [node("A")],
};
const vendorValues = (name: string) => ({ name, currency: "USD", contactName: "", email: "", phone: "", address: "", description: "" });
const systemViewer = (v: Viewer, { t, id }: Target): Viewer => {
  if (v.isRoot) return v;
  const standIn = Object.values(t.viewers).find((w) => w.id === id)!;
  return { ...standIn, rights: v.rights };
};

// Each probe resolves to something (allowed) or to null/false/a refusal (not allowed).
const PROBES: { [R in Resource]: { targets: Targets<R>; probes: Record<Action<R>, Probe> } } = {
  customer: {
    targets: CUSTOMER_TARGETS,
    probes: {
      view: (v, { id }) => getCustomerDetail(v, id),
      listChildren: (v, { id }) => listCustomers(v, id, LIST),
      transactions: (v, { id }) => listTransactions(v, id),
      // New customers go under the viewer itself; the rule's predicate for any other parent must refuse.
      create: async (v, { id }) => (await mayAct(v, "create", id)) && id === v.id && createCustomer(v, createValues(await ownTariff(v)), IP),
      edit: async (v, { t, id }) => updateCustomer(v, id, await editValues(t, id), IP),
      block: (v, { id }) => setBlocked(v, id, true, IP),
      funds: (v, { id }) => runMaintenance(v, id, funds(), IP),
      delete: (v, { id }) => archiveCustomer(v, id, IP),
      // Logging in as it: a refusal is null; an allowed one is audited on both sides (lib/auth/impersonation.ts).
      impersonate: async (v, { id }) => {
        const started = await startImpersonation(v, id, IP);
        return started.ok ? started : null;
      },
    },
  },
  tariff: {
    targets: TARIFF_TARGETS,
    probes: {
      list: async (v, { id }) => (await listTariffs(v, TARIFFS)).rows.some((r) => r.id === id),
      read: (v, { id }) => getTariff(v, id),
      // A tariff is created as the viewer's own; the rule's predicate must not reach anyone else's.
      create: async (v, { id }) =>
        (await findTariff(v, "create", id)) && createTariff(v, { name: unique("Created"), currency: "USD", description: "" }, IP),
      edit: (v, { id }) => updateTariff(v, id, { name: unique("Edited"), currency: "USD", description: "edited" }, IP),
      delete: (v, { id }) => deleteTariff(v, id, IP),
      assign: (v, { id }) => createCustomer(v, createValues(id), IP),
    },
  },
  exchangeRate: {
    targets: RATE_TARGETS,
    probes: {
      read: async (v, { key }) => (await listExchangeRates(v)).history[key!] !== undefined,
      edit: (v, { key }) => deleteExchangeRate(v, key!, IP),
    },
  },
  audit: {
    targets: AUDIT_TARGETS,
    probes: { read: async (v, { id }) => (await listRecentAudit(v, 500))?.some((r) => Number(r.id) === id) ?? false },
  },
  account: {
    targets: ACCOUNT_TARGETS,
    probes: {
      view: (v, { id }) => getAccountDetail(v, id),
      // A new account's owner is the target account's owner.
      create: async (v, { id }) => createAccount(v, await accountOwner(id), (await accountValues(v)).create, IP),
      edit: async (v, { id }) => {
        const { username } = await db.account.findUniqueOrThrow({ where: { id } });
        return updateAccount(v, id, (await accountValues(v, username)).edit, IP);
      },
      block: (v, { id }) => setAccountBlocked(v, id, true, IP),
      funds: (v, { id }) => runAccountMaintenance(v, id, funds(), IP),
      delete: (v, { id }) => archiveAccount(v, id, IP),
    },
  },
  api: {
    targets: API_TARGETS,
    probes: {
      call: async (v, { t, id }) => {
        // The API loads its caller from the database: give the row the viewer's rights.
        await db.customer.update({ where: { id }, data: { rights: v.rights } });
        const auth = await authenticateApi(await apiRequest(t, id), SECRET, IP);
        return auth.ok && auth.viewer.id === v.id;
      },
    },
  },
  call: {
    targets: CALL_TARGETS,
    probes: {
      // The Calls data (the page, its tabs, the export) and the Active calls list (page and API) must agree.
      view: async (v, { id, key }) => {
        const page = await listCalls(v, { accountId: id }, { size: 10 });
        const listed = "notFound" in page ? false : page.rows.some((r) => r.callId === key);
        const active = (await listActiveCalls(v, { limit: 10_000 })).calls.some((c) => c.callId === key);
        if (listed !== active) throw new Error(`the Calls list says ${listed}, Active calls ${active}`);
        return listed;
      },
      // Authorization and charging a record (JSON API, CSV import) must agree. Reached: allowed, or
      // refused for the call itself; out of reach: "no such account" / "unknown account".
      charge: async (v, { id }) => {
        const { username } = await db.account.findUniqueOrThrow({ where: { id } });
        const outcome = await authorizeCall(v, { account: username, callId: unique("matrix-auth"), cli: "1", cld: "9912345" });
        const authorized = outcome.allowed || outcome.reason !== "accountNotFound";
        const [charged] = await chargeBatch(db, v, [{ callId: unique("matrix-cdr"), account: username, cli: "1", cld: "9912345", connectTime: new Date().toISOString(), duration: 0, result: 487 }], { source: "api" });
        const reached = charged!.outcome === "charged";
        if (authorized !== reached) throw new Error(`authorize says ${authorized}, charging ${reached} (${JSON.stringify(charged, (_, x) => (typeof x === "bigint" ? String(x) : x))})`);
        return reached;
      },
    },
  },
  apiKey: {
    targets: API_KEY_TARGETS,
    probes: {
      list: async (v, { id }) => (await listApiKeys(v)).some((k) => k.id === id),
      // A key is created as the viewer's own; the rule's predicate must not reach anyone else's.
      create: async (v, { id }) => (await findApiKey(v, "create", id)) && createApiKey(v, { name: unique("Created key") }, IP),
      revoke: (v, { id }) => revokeApiKey(v, id, IP),
      use: async (v, { id, key }) => {
        // The API loads the key's owner from the database: give A's row the viewer's rights.
        await db.customer.update({ where: { id: v.id }, data: { rights: v.rights } });
        const auth = await authenticateApiKey(`Bearer ${key}`);
        return auth.ok && auth.key.id === id && auth.viewer.id === v.id;
      },
    },
  },
  system: {
    targets: SYSTEM_TARGETS,
    probes: {
      // Through the real domain functions: list the vendors, add one, give Top (directly under Root) a routing group.
      view: async (v, target) => listVendors(systemViewer(v, target), { ...LIST, q: "" }),
      manage: async (v, target) => createVendor(systemViewer(v, target), vendorValues(unique("Matrix vendor")), IP),
      assign: async (v, target) => {
        const group = await db.routingGroup.create({ data: { name: unique("Matrix group"), policy: "least_cost" } });
        return assignRoutingGroup(systemViewer(v, target), target.t.rows.Top.id, group.id, IP);
      },
    },
  },
  voucher: {
    targets: VOUCHER_TARGETS,
    probes: {
      view: async (v, { id }) => (await getVoucherBatch(v, id)) !== null && (await listVoucherBatches(v, VOUCHER_LIST)).rows.some((b) => b.id === id),
      // A batch is created as the viewer's own; the rule must not reach anyone else's.
      create: async (v, { id }) => (await getVoucherBatch(v, id)) && createVoucherBatch(v, voucherBatchValues({ count: "1" }), IP),
      edit: (v, { id }) => setBatchDisabled(v, id, true, IP).then(() => true),
      delete: (v, { id }) => deleteVoucherBatch(v, id, IP).then(() => true),
      redeem: async (v, { key }) => {
        const [number, pin] = key!.split(":");
        const account = await ownAccount(v);
        return redeemVoucher({ kind: "customer", viewer: v, accountId: account.id, loginKeys: [] }, { number: number!, pin: pin! }, IP);
      },
    },
  },
};

/**
 * The same customer and account rules through Sippy's XML-RPC methods, as
 * an API client calls them: the web and the API must not disagree. Every
 * customer and account action names its method, or says why it has none.
 */
const api = (method: keyof typeof METHODS, params: (target: Target, v: Viewer) => Record<string, unknown>) => (v: Viewer, target: Target) =>
  METHODS[method]!(params(target, v) as never, { viewer: v, ip: IP });
const API_PROBES: Record<Action<"customer">, Probe | "no API method"> = {
  view: api("getCustomerInfo", ({ id }) => ({ i_customer: id })),
  listChildren: api("listCustomers", ({ id }) => ({ i_wholesaler: id })),
  transactions: "no API method",
  create: api("createCustomer", ({ id, t }) => ({
    i_wholesaler: id,
    name: unique("Via API"),
    web_login: unique("via-api"),
    web_password: "Secret-pass-1",
    i_tariff: t.tariffs.A1.id,
  })),
  // The tree's customers all have max depth 5, which their parent (5 too) may not grant: the edit sets a grantable one.
  edit: api("updateCustomer", ({ id }) => ({ i_customer: id, name: unique("Renamed via API"), max_depth: 0 })),
  block: api("blockCustomer", ({ id }) => ({ i_customer: id })),
  funds: api("customerAddFunds", ({ id }) => ({ i_customer: id, amount: "1", currency: "USD" })),
  delete: api("deleteCustomer", ({ id }) => ({ i_customer: id })),
  impersonate: "no API method",
};

/** The account rules through Sippy's account methods; the target is an account, `create` makes one for the target's owner. */
const ACCOUNT_API_PROBES: Record<Action<"account">, Probe | "no API method"> = {
  view: api("getAccountInfo", ({ id }) => ({ i_account: id })),
  create: async (v, target) => {
    const owner = await accountOwner(target.id);
    const i_tariff = await ownTariff(v);
    return api("createAccount", () => ({
      i_customer: owner,
      username: unique("via-api"),
      web_password: "Web-pass-1234",
      voip_password: "Voip-pass-123",
      i_tariff,
    }))(v, target);
  },
  edit: api("updateAccount", ({ id }) => ({ i_account: id, description: unique("edited via API") })),
  block: api("blockAccount", ({ id }) => ({ i_account: id })),
  funds: api("accountAddFunds", ({ id }) => ({ i_account: id, amount: "1", currency: "USD" })),
  delete: api("deleteAccount", ({ id }) => ({ i_account: id })),
};

/**
 * The call rules through Sippy's CDR methods: the account's records
 * (getAccountCDRs) and its owner's own view (getCustomerCDRs) must both hold
 * the call, or both answer "not found".
 */
const CALL_API_PROBES: Record<Action<"call">, Probe | "no API method"> = {
  view: async (v, { id, key }) => {
    const window = { start_date: formatSippyDate(new Date(Date.now() - 3600_000)), end_date: formatSippyDate(new Date(Date.now() + 3600_000)), type: "all" };
    const holds = async (run: Promise<unknown>) => {
      try {
        return ((await run) as { cdrs: { call_id: string }[] }).cdrs.some((c) => c.call_id === key);
      } catch (error) {
        if (error instanceof ApiFault && error.code === 404) return false;
        throw error;
      }
    };
    const owner = await accountOwner(id);
    const records = await holds(api("getAccountCDRs", () => ({ i_account: id, ...window }))(v, { t: null as never, id }));
    const view = await holds(api("getCustomerCDRs", () => ({ i_customer: owner, ...window }))(v, { t: null as never, id }));
    if (records !== view) throw new Error(`getAccountCDRs (${records}) and getCustomerCDRs (${view}) disagree on account ${id}`);
    return records;
  },
  // Charging is the JSON API's (POST /api/v1/cdrs) and the CSV import's; Sippy's XML-RPC has no such method.
  charge: "no API method",
};

/**
 * The voucher rules through Sippy's rechargeVoucher: a voucher of A's tops up
 * an account of A's own; anyone else's is answered like a wrong number.
 * Batches are managed in the browser and the JSON API only.
 */
const VOUCHER_API_PROBES: Record<Action<"voucher">, Probe | "no API method"> = {
  view: "no API method",
  create: "no API method",
  edit: "no API method",
  delete: "no API method",
  redeem: async (v, target) => {
    const [number, pin] = target.key!.split(":");
    const account = await ownAccount(v);
    return api("rechargeVoucher", () => ({ i_account: account.id, voucher_id: number, secret_pin: pin }))(v, target);
  },
};

/** The resources whose rules the XML-RPC API also answers, with the targets to probe them on. */
const VIA_API: Partial<Record<Resource, { targets: Record<string, ((t: Tree, v: Viewer) => Promise<Target>)[]>; probes: Record<string, Probe | "no API method"> }>> = {
  customer: { targets: CUSTOMER_TARGETS, probes: API_PROBES },
  account: { targets: ACCOUNT_TARGETS, probes: ACCOUNT_API_PROBES },
  call: { targets: CALL_TARGETS, probes: CALL_API_PROBES },
  voucher: { targets: VOUCHER_TARGETS, probes: VOUCHER_API_PROBES },
};

async function ownTariff(v: Viewer) {
  return (await makeTariff(db, v.id)).id;
}

/** How a probe ended: allowed, or refused (null, false, a domain refusal, an API "not found" or "not allowed"). Anything else fails the test. */
async function outcome(promise: Promise<unknown>): Promise<"allowed" | "refused"> {
  try {
    const value = await promise;
    return value === null || value === false || value === undefined ? "refused" : "allowed";
  } catch (error) {
    if (error instanceof DomainError) return "refused";
    if (error instanceof ApiFault && (error.code === 404 || error.code === 403)) return "refused";
    throw error;
  }
}

/** Refusals that are themselves audited (a refused API login is a security event); every other refusal writes nothing. */
const AUDITED_REFUSALS = new Set(["api.call", "voucher.redeem"]);
const writesOnRefusal = (resource: string, action: string) => (AUDITED_REFUSALS.has(`${resource}.${action}`) ? 1 : 0);

const DOCUMENTED = parseRulesMarkdown(readFileSync(new URL("../../docs/domain.md", import.meta.url), "utf8"));

/** A viewer A without one right, or with none. */
const without = (v: Viewer, right: string | null): Viewer => ({ ...v, rights: right ? ALL_RIGHTS & ~toMask([right as never]) : 0 });

describe("the access rules table of docs/domain.md, probed", () => {
  let t: Tree;
  beforeEach(async () => {
    t = await buildTree(db);
  });

  it("has a row for every probe and a probe for every row", () => {
    const probed = Object.entries(PROBES).flatMap(([resource, { probes }]) => Object.keys(probes).map((a) => `${resource}.${a}`));
    expect(DOCUMENTED.map((r) => `${r.resource}.${r.action}`).sort()).toEqual(probed.sort());
  });

  for (const row of DOCUMENTED) {
    const resource = row.resource as Resource;
    const entry = PROBES[resource] as unknown as { targets: Record<string, ((t: Tree, v: Viewer) => Promise<Target>)[]>; probes: Record<string, Probe> };
    for (const relation of RELATIONS[resource] as readonly string[]) {
      const expected = row.allow.includes(relation) ? "allowed" : "refused";
      it(`${resource}.${row.action} on ${relation}: ${expected}`, async () => {
        for (const makeTarget of entry.targets[relation]!) {
          const viewer = t.viewers.A;
          const target = await makeTarget(t, viewer);
          const audit = await db.auditLog.count();
          const result = await outcome(entry.probes[row.action]!(viewer, target));
          expect(result, `${resource}.${row.action} on ${relation} target ${target.id}${target.key ?? ""}`).toBe(expected);
          // A refusal changes nothing; reads write nothing either.
          if (result === "refused") expect(await db.auditLog.count()).toBe(audit + writesOnRefusal(resource, row.action));
        }
      });
    }
    if (row.right) {
      it(`${resource}.${row.action} needs ${row.right}`, async () => {
        const relation = row.allow[0]!;
        const target = await entry.targets[relation]![0]!(t, t.viewers.A);
        const audit = await db.auditLog.count();
        expect(await outcome(entry.probes[row.action]!(without(t.viewers.A, row.right), target))).toBe("refused");
        expect(await db.auditLog.count()).toBe(audit + writesOnRefusal(resource, row.action));
      });
    }
    const apiEntry = VIA_API[resource];
    const viaApi = apiEntry?.probes[row.action];
    if (apiEntry && viaApi && viaApi !== "no API method") {
      it(`${resource}.${row.action} through the XML-RPC API agrees, on every relation`, async () => {
        for (const relation of RELATIONS[resource] as readonly string[]) {
          for (const makeTarget of apiEntry.targets[relation]!) {
            const target = await makeTarget(t, t.viewers.A);
            const audit = await db.auditLog.count();
            const result = await outcome(viaApi(t.viewers.A, target));
            expect(result, `API ${row.action} on ${relation} target ${target.id}`).toBe(row.allow.includes(relation) ? "allowed" : "refused");
            if (result === "refused") expect(await db.auditLog.count()).toBe(audit + writesOnRefusal(resource, row.action));
          }
        }
      });
    }
    if (row.root) {
      it(`${resource}.${row.action}: Root sees all`, async () => {
        for (const relation of RELATIONS[resource] as readonly string[]) {
          for (const makeTarget of entry.targets[relation]!) {
            const target = await makeTarget(t, t.viewers.A);
            expect(await outcome(entry.probes[row.action]!(without(t.viewers.R, null), target))).toBe("allowed");
          }
        }
      });
    }
  }
});
