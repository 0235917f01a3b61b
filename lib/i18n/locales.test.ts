import { describe, expect, it } from "vitest";
import { isLocale, negotiateLocale } from "./locales";

describe("negotiateLocale", () => {
  it("picks the browser's preferred supported language", () => {
    expect(negotiateLocale("ru-RU,ru;q=0.9,en-US;q=0.8")).toBe("ru");
    expect(negotiateLocale("en-GB,en;q=0.9")).toBe("en");
  });

  it("follows q-values rather than order", () => {
    expect(negotiateLocale("en;q=0.5, ru;q=0.9")).toBe("ru");
  });

  it("skips unsupported languages and falls back to English", () => {
    expect(negotiateLocale("de-DE,ru;q=0.4")).toBe("ru");
    expect(negotiateLocale("fr")).toBe("en");
    expect(negotiateLocale("ru;q=0")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
  });

  it("knows exactly its catalogues", () => {
    expect(isLocale("ru")).toBe(true);
    expect(isLocale("de")).toBe(false);
  });
});
