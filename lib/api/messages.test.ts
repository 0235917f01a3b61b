// The API's and the API keys page's words exist in both catalogues, key for
// key, and every one of them renders (a stray ICU character would otherwise
// reach a caller as the message's key).
import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

const NAMESPACES = ["api", "apiKeys"] as const;

function leaves(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}

// Every placeholder any of these messages uses (a plural needs a number).
const values = {
  ...{ max: 5, method: "GET", path: "/x", count: 2, first: "a: b", requestId: "r", field: "f", message: "m", expected: "e" },
  ...{ minimum: 1, maximum: 3, length: 2, pattern: "/^1$/", format: "email", values: '"a"', divisor: "5", name: "n", prefix: "p", date: "1 Dec 2026" },
  ...{ account: "alice", cld: "4930", callId: "c-1" },
};

describe.each(NAMESPACES)("the %s messages", (namespace) => {
  it("have the same keys in English and Russian", () => {
    expect(leaves((ru as Record<string, unknown>)[namespace] ?? {}).sort()).toEqual(leaves((en as Record<string, unknown>)[namespace] ?? {}).sort());
  });

  it.each([
    ["en", en],
    ["ru", ru],
  ] as const)("all render in %s", (locale, messages) => {
    const errors: string[] = [];
    const t = createTranslator({ locale, messages: messages as typeof en, onError: (e) => errors.push(e.message) });
    for (const key of leaves((messages as Record<string, unknown>)[namespace] ?? {})) {
      const text = (t as unknown as (k: string, v: unknown) => string)(`${namespace}.${key}`, values);
      expect(text, key).not.toBe(`${namespace}.${key}`);
    }
    expect(errors).toEqual([]);
  });
});
