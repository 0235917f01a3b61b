// Every kind of bad input gets its own message, in English and Russian, at
// the exact path of the value; never zod's text, never the bare "invalid".
import { describe, expect, it } from "vitest";
import { z } from "zod";
import "@/lib/errors/problem"; // the app's zod configuration: unnamed checks say "invalid"
import { problem } from "@/lib/errors/problem";
import { describeIssues, fieldPath, problemLine } from "./issues";

const schema = z.strictObject({
  name: z.string().min(2).max(5),
  code: z.string().length(3),
  count: z.int().min(1).max(10),
  ratio: z.number().gt(0).lt(1),
  step: z.int().multipleOf(5),
  kind: z.enum(["a", "b"]),
  at: z.iso.datetime({ offset: true }),
  digits: z.string().regex(/^[0-9]+$/),
  items: z.array(z.object({ n: z.int() })).min(1).max(2),
  flag: z.boolean(),
  named: z.string().refine((s) => s === "ok", problem("tooLong", { max: 3 })),
});

const good = { name: "abc", code: "abc", count: 5, ratio: 0.5, step: 10, kind: "a", at: "2026-12-01T09:30:00Z", digits: "12", items: [{ n: 1 }], flag: true, named: "ok" };

function messages(input: unknown, locale: "en" | "ru" = "en") {
  const parsed = schema.safeParse(input, { reportInput: true });
  expect(parsed.success).toBe(false);
  return Object.fromEntries(describeIssues(parsed.error!.issues, locale).map((p) => [p.field, p.message]));
}

describe("API input problems", () => {
  it("accepts the good input", () => {
    expect(schema.safeParse(good).success).toBe(true);
  });

  it("names what each field needed", () => {
    expect(
      messages({ ...good, name: "a", code: "abcd", count: 0, ratio: 1, step: 7, kind: "c", at: "yesterday", digits: "1a", items: [], flag: "yes", named: "no", extra: 1 }),
    ).toEqual({
      name: "must be at least 2 characters long",
      code: "must be exactly 3 characters long",
      count: "must be at least 1",
      ratio: "must be less than 1",
      step: "must be a multiple of 5",
      kind: 'must be one of: "a", "b"',
      at: "must be a date and time in ISO 8601 with a time zone, like 2026-12-01T09:30:00Z",
      digits: "does not have the expected form (pattern /^[0-9]+$/)",
      items: "must have at least 1 item",
      flag: "must be true or false",
      named: "At most 3 characters.",
      extra: "is not a field of this request",
    });
  });

  it("tells a missing value from a wrong type, at the nested path", () => {
    expect(messages({ ...good, name: undefined, count: 1.5, items: [{ n: "1" }, {}] })).toEqual({
      name: "is required",
      count: "must be a whole number",
      "items[0].n": "must be a number",
      "items[1].n": "is required",
    });
    expect(messages({ ...good, items: [{ n: 1 }, { n: 2 }, { n: 3 }] })).toEqual({ items: "must have at most 2 items" });
    expect(messages({ ...good, name: "abcdefg", ratio: 0 })).toEqual({ name: "must be at most 5 characters long", ratio: "must be greater than 0" });
  });

  it("speaks Russian when asked", () => {
    expect(messages({ ...good, name: "a", count: 11, flag: 1 }, "ru")).toEqual({
      name: "должно содержать не менее 2 символов",
      count: "должно быть не больше 10",
      flag: "должно быть true или false",
    });
  });

  it("writes paths as JSON readers do", () => {
    expect(fieldPath(["records", 3, "duration"])).toBe("records[3].duration");
    expect(fieldPath([0, "cld"])).toBe("[0].cld");
    expect(problemLine({ field: "", message: "is required" })).toBe("the body: is required");
    expect(problemLine({ field: "a.b", message: "must be a list" })).toBe("a.b: must be a list");
  });
});
