// Hidden text against a real entry point: the XML-RPC methods validate with
// the same schemas as the web dialogs' server actions, then call the domain
// functions. Text with an invisible or direction-changing character must be
// refused, naming the field and the character, and write nothing: no
// customer, no change, no ledger row, no audit record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { createTariff } from "@/lib/tariffs/tariffs";
import { InputError } from "@/lib/forms/parse-input";
import { METHODS, type CallContext } from "@/lib/xmlrpc/methods";
import { toFault } from "@/lib/xmlrpc/faults";

let db: Db;
let viewer: Viewer;
let ctx: CallContext;
let tariffId: number;
let child: { id: number };

const OVERRIDE = "invoice \u202Etxt.exe"; // reads "invoice exe.txt"

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  const reseller = await makeCustomer(db, top);
  viewer = viewerOf(reseller);
  ctx = { viewer, ip: null };
  tariffId = (await createTariff(viewer, { name: unique("Retail"), currency: "USD", description: "" }, null)).id;
  child = await makeCustomer(db, reseller, {
    tariffId,
    maxDepth: 0,
    contact: { company: "", contactName: "", email: "", phone: "", address: "", description: "Original description" },
  });
});

afterAll(() => db.$disconnect());

async function counts() {
  const [customers, transactions, audit] = await Promise.all([db.customer.count(), db.transaction.count(), db.auditLog.count()]);
  const stored = await db.customer.findUniqueOrThrow({ where: { id: child.id }, select: { name: true, description: true, balance: true } });
  return { customers, transactions, audit, stored };
}

/** Calls an API method that must be refused on input; returns its field problems and the API's fault text. */
async function refusedWithoutWriting(method: keyof typeof METHODS, params: Record<string, unknown>) {
  const before = await counts();
  const error = await METHODS[method]!(params as never, ctx).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  expect(await counts()).toEqual(before);
  return { fieldErrors: (error as InputError).fieldErrors, fault: toFault(error)?.message };
}

describe("text with invisible characters is refused at the API and writes nothing", () => {
  it("createCustomer: a name with a right-to-left override", async () => {
    const refused = await refusedWithoutWriting("createCustomer", {
      name: OVERRIDE,
      web_login: unique("hidden-text"),
      web_password: "Secret-pass-1",
      i_tariff: tariffId,
      time_zone: "UTC",
    });
    expect(refused.fieldErrors).toEqual({ name: "invisibleCharacters?char=U%2B202E" });
    expect(refused.fault).toBe("Bad parameter name: Remove invisible or direction-changing characters (found U+202E).");
  });

  it("createCustomer: a web login with a zero-width space", async () => {
    const refused = await refusedWithoutWriting("createCustomer", {
      name: unique("Hidden login"),
      web_login: `${unique("hidden")}\u200B`,
      web_password: "Secret-pass-1",
      i_tariff: tariffId,
      time_zone: "UTC",
    });
    expect(refused.fieldErrors).toEqual({ webLogin: "invisibleCharacters?char=U%2B200B" });
  });

  it("updateCustomer: a description with a directional isolate; the stored one is unchanged", async () => {
    const refused = await refusedWithoutWriting("updateCustomer", { i_customer: child.id, description: "VIP\u2066 customer" });
    expect(refused.fieldErrors).toEqual({ description: "invisibleCharacters?char=U%2B2066" });
    expect((await db.customer.findUniqueOrThrow({ where: { id: child.id } })).description).toBe("Original description");
  });

  it("updateCustomer: a company name stacked with combining marks", async () => {
    const refused = await refusedWithoutWriting("updateCustomer", { i_customer: child.id, company_name: "Z\u0351\u0360\u0346\u033Ealgo" });
    expect(refused.fieldErrors).toEqual({ company: "tooManyMarks?max=3" });
  });

  it("customerAddFunds: payment notes with a right-to-left override book nothing", async () => {
    const refused = await refusedWithoutWriting("customerAddFunds", {
      i_customer: child.id,
      amount: "10",
      currency: "USD",
      payment_notes: OVERRIDE,
    });
    expect(refused.fieldErrors).toEqual({ notes: "invisibleCharacters?char=U%2B202E" });
  });

  it("accepts the same calls with the text made visible (the refusals above were about the text alone)", async () => {
    await METHODS.updateCustomer!({ i_customer: child.id, description: "VIP customer" } as never, ctx);
    await METHODS.customerAddFunds!({ i_customer: child.id, amount: "10", currency: "USD", payment_notes: "invoice txt.exe" } as never, ctx);
    const stored = await db.customer.findUniqueOrThrow({ where: { id: child.id } });
    expect({ description: stored.description, balance: stored.balance }).toEqual({ description: "VIP customer", balance: 10_000_000n });
  });
});
