import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { parseRate, type Rate } from "@/lib/money";
import { setExchangeRate, deleteExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { displayCurrencyChoices, updateProfile } from "./profile";
import { profileSchema } from "./profile-schema";

let db: Db;
let top: Viewer;
let customer: Viewer;
const IP = "203.0.113.14";

const r = (text: string): Rate => {
  const parsed = parseRate(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.rate;
};
const stored = async (id: number) =>
  db.customer.findUniqueOrThrow({ where: { id }, select: { language: true, timeZone: true, displayCurrency: true } });
const audits = (id: number) => db.auditLog.findMany({ where: { actorId: id, resource: `customers:i_customer=${id}` }, orderBy: { id: "asc" } });

beforeAll(async () => {
  db = testDb();
  const topRow = await makeCustomer(db, null, { baseCurrency: "USD" });
  const customerRow = await makeCustomer(db, topRow, { baseCurrency: "USD" });
  [top, customer] = [viewerOf(topRow), viewerOf(customerRow)];
  await setExchangeRate(top, "EUR", r("0.92"), null);
  await setExchangeRate(customer, "GBP", r("0.79"), null);
});

afterAll(() => db.$disconnect());

describe("the profile: language, time zone and display currency", () => {
  it("offers the base currency and every currency with an own or inherited rate, nothing else", async () => {
    expect(await displayCurrencyChoices(customer)).toEqual(["EUR", "GBP", "USD"]);
  });

  it("saves all three on the customer's own row and audits only what changed, before and after", async () => {
    const values = profileSchema.parse({ language: "ru", timeZone: "Europe/Moscow", displayCurrency: "eur" });
    await updateProfile(customer, values, IP);
    expect(await stored(customer.id)).toEqual({ language: "ru", timeZone: "Europe/Moscow", displayCurrency: "EUR" });
    const [record] = await audits(customer.id);
    expect(record).toMatchObject({
      action: "update",
      ip: IP,
      before: { language: customer.language, timeZone: customer.timeZone, displayCurrency: "USD" },
      after: { language: "ru", timeZone: "Europe/Moscow", displayCurrency: "EUR" },
    });
    // Saving the same values again changes nothing and writes no record.
    await updateProfile({ ...customer, language: "ru", timeZone: "Europe/Moscow", displayCurrency: "EUR" }, values, IP);
    expect(await audits(customer.id)).toHaveLength(1);
  });

  it("refuses a display currency without a rate, beside its field, changing nothing", async () => {
    const before = await stored(customer.id);
    const values = profileSchema.parse({ language: "en", timeZone: "UTC", displayCurrency: "JPY" });
    expect(await refusal(updateProfile(customer, values, IP))).toMatchObject({ code: "noRate", values: { currency: "JPY" }, field: "displayCurrency" });
    expect(await stored(customer.id)).toEqual(before);
    expect(await audits(customer.id)).toHaveLength(1);
  });

  it("keeps the current display currency when its rate went away, but no longer offers it", async () => {
    await updateProfile(customer, profileSchema.parse({ language: "ru", timeZone: "Europe/Moscow", displayCurrency: "GBP" }), IP);
    await deleteExchangeRate(customer, "GBP", null);
    expect(await displayCurrencyChoices(customer)).toEqual(["EUR", "USD"]);
    await updateProfile(customer, profileSchema.parse({ language: "en", timeZone: "Europe/Moscow", displayCurrency: "GBP" }), IP);
    expect(await stored(customer.id)).toEqual({ language: "en", timeZone: "Europe/Moscow", displayCurrency: "GBP" });
    const last = (await audits(customer.id)).at(-1);
    expect(last).toMatchObject({ before: { language: "ru" }, after: { language: "en" } });
  });

  it("refuses a time zone or language that does not exist, naming the field", () => {
    const result = profileSchema.safeParse({ language: "de", timeZone: "Mars/Base", displayCurrency: "USD" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(paths).toEqual(expect.arrayContaining([["language", "invalid"], ["timeZone", "timeZone"]]));
  });
});
