import { describe, expect, it } from "vitest";
import * as iso4217 from "dinero.js/bigint/currencies";
import { CURRENCY_CODES, currencyExponent, currencyOf, isCurrencyCode, STORED_SCALE } from "./currencies";

describe("currencies", () => {
  it("lists every ISO 4217 code dinero ships, sorted, once", () => {
    const shipped = Object.values(iso4217).map((currency) => currency.code);
    expect(CURRENCY_CODES).toEqual([...shipped].sort());
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect(CURRENCY_CODES).toEqual(expect.arrayContaining(["EUR", "JPY", "KWD", "RUB", "USD"]));
  });

  it("gives dinero's own currency objects", () => {
    expect(currencyOf("USD")).toBe(iso4217.USD);
    expect(currencyOf("KWD")).toBe(iso4217.KWD);
  });

  it("knows each currency's minor unit", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
  });

  it("stores every currency finer than its minor unit", () => {
    expect(STORED_SCALE).toBe(6);
    for (const code of CURRENCY_CODES) expect(currencyExponent(code)).toBeLessThanOrEqual(STORED_SCALE);
  });

  it("recognises only exact ISO codes", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(isCurrencyCode("XXX")).toBe(false);
    expect(isCurrencyCode("")).toBe(false);
    expect(isCurrencyCode(840)).toBe(false);
    expect(isCurrencyCode(undefined)).toBe(false);
    expect(isCurrencyCode("toString")).toBe(false);
  });

  it("refuses unknown codes", () => {
    expect(() => currencyOf("XXX")).toThrow(RangeError);
    expect(() => currencyExponent("usd")).toThrow(RangeError);
  });
});
