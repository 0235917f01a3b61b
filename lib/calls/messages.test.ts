// The Calls pages' strings exist in every catalogue: the same keys in
// Russian as in English (next-intl type-checks the keys against English only).
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

const keys = (value: unknown, prefix = ""): string[] =>
  value && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`)) : [prefix.slice(0, -1)];

describe("the calls catalogues", () => {
  it.each(["calls", "activeCalls"] as const)("%s has the same keys in Russian", (namespace) => {
    expect(keys(ru[namespace]).sort()).toEqual(keys(en[namespace]).sort());
  });
  it("names the navigation entries in both languages", () => {
    expect([en.nav.calls, en.nav.activeCalls, ru.nav.calls, ru.nav.activeCalls].every(Boolean)).toBe(true);
  });
});
