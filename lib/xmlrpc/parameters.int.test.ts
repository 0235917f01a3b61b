// Sippy's leniency on the customer methods, against a real database: the
// whole struct a Sippy script sends is accepted (what Switchboard does not
// model is ignored), and a name Sippy does not know is refused before
// anything is written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { double, type XmlRpcValue } from "./codec";
import { toFault } from "./faults";
import { METHODS } from "./methods";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

async function api(viewer: Viewer, method: string, params: Record<string, XmlRpcValue>) {
  try {
    return { ok: (await METHODS[method]!(params, { viewer, ip: null })) as Record<string, XmlRpcValue> };
  } catch (error) {
    const fault = toFault(error);
    if (!fault) throw error;
    return { fault: fault.code, message: fault.message };
  }
}

/** Everything a refused call could have touched. */
const state = async (viewer: Viewer) => ({
  customers: await db.customer.findMany({ where: { path: { startsWith: viewer.path } }, orderBy: { id: "asc" } }),
  ledger: await db.transaction.count(),
  audit: await db.auditLog.count(),
});

let t: Tree;
beforeEach(async () => {
  t = await buildTree(db);
});

describe("customer methods take Sippy's whole struct", () => {
  it("createCustomer with the parameters Sippy documents: the modelled ones are stored, the others ignored", async () => {
    const login = unique("sippy");
    // As Sippy's own API test fixtures send it (values for the unmodelled ones are arbitrary).
    const sent = {
      name: `Sippy ${login}`,
      web_login: login,
      web_password: "Web-pass-2026!",
      i_tariff: t.tariffs.A1.id,
      i_routing_group: 4,
      balance: 100,
      credit_limit: double("20.5"),
      accounts_mgmt: 7,
      customers_mgmt: 3,
      system_mgmt: 0,
      accounts_matching_rule: "1",
      mail_from: "billing@example.com",
      payment_currency: "USD",
      payment_method: 1,
      min_payment_amount: double("2.2"),
      api_access: 1,
      api_password: "Api-pass-2026!",
      api_mgmt: 1,
      tariffs_mgmt: 7,
      max_depth: 1,
      use_own_tariff: 1,
      vouchers_mgmt: 0,
      description: "From a Sippy script",
      callshop_enabled: true,
      overcommit_protection: true,
      overcommit_limit: double("0.000000001"),
      did_pool_enabled: true,
      ivr_apps_enabled: true,
      asr_acd_enabled: true,
      debit_credit_cards_enabled: true,
      conferencing_enabled: true,
      share_payment_processors: true,
      dncl_enabled: true,
      i_time_zone: 1,
      i_lang: "ru",
      i_export_type: 1,
      start_page: 3,
      css: "<head> <style> body {background-color: lightgreen;} </style> </head>",
      dns_alias: "portal.example.com",
      company_name: "Sippy Ltd",
      salutation: "Ms",
      first_name: "Ann",
      last_name: "Lee",
      mid_init: "M",
      street_addr: "1 Main St",
      state: "CA",
      postal_code: "94000",
      country: "US",
      contact: "Ann Lee",
      phone: "+1 555 0100",
      fax: "+1 555 0101",
      alt_phone: "+1 555 0102",
      alt_contact: "Bob",
      email: "ann@example.com",
      cc: "cc@example.com",
      bcc: "bcc@example.com",
      city: "Springfield",
      i_password_policy: 1,
    };
    const created = await api(t.viewers.A, "createCustomer", sent);
    expect(created).toMatchObject({ ok: { result: "OK" } });
    const row = await db.customer.findUniqueOrThrow({ where: { id: (created as { ok: { i_customer: number } }).ok.i_customer } });
    expect(row).toMatchObject({
      name: `Sippy ${login}`,
      webLogin: login,
      tariffId: t.tariffs.A1.id,
      balance: 100_000_000n,
      creditLimit: 20_500_000n,
      language: "ru",
      maxDepth: 1,
      company: "Sippy Ltd",
      contactName: "Ann Lee",
      email: "ann@example.com",
      phone: "+1 555 0100",
      address: "1 Main St",
      description: "From a Sippy script",
    });
  });

  it("refuses a name Sippy does not know, on every customer method, and writes nothing", async () => {
    const A = t.viewers.A;
    const child = t.rows.A1.id;
    const cases: [string, Record<string, XmlRpcValue>, string][] = [
      ["createCustomer", { name: unique("Typo"), web_login: unique("typo"), web_password: "Web-pass-2026!", i_tariff: t.tariffs.A1.id, vm_enabled: 1 }, "vm_enabled"],
      ["updateCustomer", { i_customer: child, name: "Renamed", nmae: "x" }, "nmae"],
      ["getCustomerInfo", { i_customer: child, username: "x" }, "username"],
      ["listCustomers", { limit: 10, page: 2 }, "page"],
      ["deleteCustomer", { i_customer: child, force: true }, "force"],
      ["blockCustomer", { i_customer: child, reason: "x" }, "reason"],
      ["unblockCustomer", { i_customer: child, i_account: 1 }, "i_account"],
      ["customerAddFunds", { i_customer: child, ammount: 5, currency: "USD" }, "ammount"],
      ["customerCredit", { i_customer: child, amount: 5, currency: "USD", notes: "x" }, "notes"],
      ["customerDebit", { i_customer: child, amount: 5, currency: "USD", i_account: 3 }, "i_account"],
      ["getAuditLogs", { limit: 10, i_customer: child }, "i_customer"],
      ["getDictionary", { name: "languages", lang: "en" }, "lang"],
    ];
    for (const [method, params, unknown] of cases) {
      const before = await state(A);
      expect(await api(A, method, params), method).toEqual({ fault: 400, message: `Unknown parameter ${unknown}: ${method} does not take it.` });
      expect(await state(A), `${method}: nothing written`).toEqual(before);
    }
  });

  it("updateCustomer refuses balance, pointing to the funds methods", async () => {
    const before = await state(t.viewers.A);
    expect(await api(t.viewers.A, "updateCustomer", { i_customer: t.rows.A1.id, name: "Richer", balance: 1_000_000 })).toEqual({
      fault: 400,
      message: "Bad parameter balance: change the balance with customerAddFunds, customerCredit or customerDebit",
    });
    expect(await state(t.viewers.A)).toEqual(before);
  });
});
