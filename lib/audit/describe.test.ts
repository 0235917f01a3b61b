import { describe, expect, it } from "vitest";
import { toMask } from "@/lib/customers/rights";
import { describeChanges, parseResource } from "./describe";
import { changeText, formatDecimal, targetText, valueText } from "./audit-text";
import { parseAuditParams } from "./audit-filters";

const EN = { locale: "en", timeZone: "UTC" };
const RU = { locale: "ru", timeZone: "UTC" };

describe("audit records as data and words", () => {
  it("parses every resource string the code writes", () => {
    expect(parseResource("customers:i_customer=42")).toEqual({ kind: "customer", id: 42 });
    expect(parseResource("accounts:i_account=7")).toEqual({ kind: "account", id: 7 });
    expect(parseResource("tariffs:i_tariff=3")).toEqual({ kind: "tariff", id: 3 });
    expect(parseResource("rates:i_tariff=3:prefix=4420")).toEqual({ kind: "rate", id: 3, prefix: "4420" });
    expect(parseResource("exchange_rates:i_customer=5:currency=EUR")).toEqual({ kind: "exchangeRate", id: 5, currency: "EUR" });
    expect(parseResource("api_keys:id=9")).toEqual({ kind: "apiKey", id: 9 });
    expect(parseResource("voucher_batches:i_batch=2")).toEqual({ kind: "voucherBatch", id: 2 });
    expect(parseResource("vouchers:voucher_id=0001")).toEqual({ kind: "voucher", number: "0001" });
    expect(parseResource("login:web_login=acme")).toEqual({ kind: "login", login: "acme" });
    expect(parseResource("login:username=alice")).toEqual({ kind: "login", login: "alice" });
    expect(parseResource("debit:i_customer=42:amount=50.12 USD")).toEqual({ kind: "funds", holder: "customer", id: 42 });
    expect(parseResource("add:i_account=8:amount=1 EUR")).toEqual({ kind: "funds", holder: "account", id: 8 });
    expect(parseResource("probe:x")).toEqual({ kind: "other", text: "probe:x" });
    expect(targetText({ kind: "customer", id: 1, name: null }, "en")).toBe("Customer “a customer above you”");
  });

  it("lists only what changed, typed: money exact, rights by name, tariffs by name, secrets hidden", () => {
    const tariffs = new Map([[3, "Retail"], [4, "Wholesale"]]);
    const changes = describeChanges(
      { kind: "customer", id: 1 },
      { name: "Acme", creditLimit: "50000000", rights: toMask(["customers_add"]), tariffId: 3, blocked: false },
      { name: "Acme", creditLimit: "1234567", rights: 0, tariffId: 4, blocked: true, password: "changed" },
      tariffs,
    );
    expect(changes.map((c) => changeText(c, EN))).toEqual([
      "Credit limit: 50 → 1.234567",
      "Rights: customers_add → none",
      "Tariff: Retail → Wholesale",
      "Blocked: No → Yes",
      "Web password: changed (not shown)",
    ]);
    expect(changeText(changes[0]!, RU)).toBe("Кредитный лимит: 50 → 1,234567");
  });

  it("reads a booking's balance before from its balance after and its signed amount", () => {
    const [balance, amount] = describeChanges(
      { kind: "funds", holder: "customer", id: 1 },
      undefined,
      { amount: "-50120000", currency: "USD", balanceAfter: "-20000000", notes: "", transaction: "9" },
      new Map(),
    );
    expect(changeText(balance!, EN)).toBe("Balance: $30.12 → -$20.00");
    expect(valueText(amount!.after!, EN)).toBe("-$50.12");
  });

  it("shows a creation's values and a deletion's, and what is gone", () => {
    expect(describeChanges({ kind: "other", text: "x" }, { rate: "0.5" }, undefined, new Map()).map((c) => changeText(c, EN))).toEqual(["Rate: 0.5 (removed)"]);
    expect(describeChanges({ kind: "other", text: "x" }, undefined, { expiresAt: "2026-12-01T10:00:00.000Z" }, new Map()).map((c) => changeText(c, RU))).toEqual([
      "Истекает: 1 дек. 2026 г., 10:00",
    ]);
  });

  it("writes exact decimals in the locale, zero and signs included, every digit kept", () => {
    expect(formatDecimal("0", "en")).toBe("0");
    expect(formatDecimal("-0.5", "ru")).toBe("-0,5");
    expect(formatDecimal("1234567.000000000000000000123", "en")).toBe("1,234,567.000000000000000000123");
    expect(formatDecimal("-1234.5", "ru")).toBe("-1\u00a0234,5");
    expect(formatDecimal("n/a", "en")).toBe("n/a");
  });

  it("reads filters forgivingly, and names a bad date", () => {
    const parsed = parseAuditParams({ action: "drop_table", resource: "nope", actor: " acme ", before: "12x", size: "7" }, "UTC");
    expect(parsed.filters).toEqual({ actor: "acme" });
    expect(parsed.cursor).toEqual({});
    expect(parsed.size).toBe(50);
    expect(parseAuditParams({ before: "99", after: "5" }, "UTC").cursor).toEqual({ before: 99n });
    expect(parseAuditParams({ from: "yesterday" }, "UTC").errors).toEqual({ from: "from" });
    expect(parseAuditParams({ to: "2026-02-30" }, "UTC").errors).toEqual({ to: "to" });
    expect(parseAuditParams({ from: "2026-12-02", to: "2026-12-01" }, "UTC").errors).toEqual({ to: "range" });
  });
});
