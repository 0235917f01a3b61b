// A table-driven check of a form schema against bad input: each field, one
// at a time, gets empty, oversized, wrongly typed, control-character and
// other hostile values while every other field stays valid. A refusal must
// land on that field (issue.path[0]) with a message that is a catalogued
// problem code (messages/en.json "problems"), never zod's own English, so the
// dialog can show it beside the field. Inputs the documented rules accept
// are listed as accepted, with the value the schema makes of them.
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { decodeProblem } from "@/lib/errors/problem";

const KNOWN_PROBLEMS = new Set(Object.keys(en.problems));

export const LONG_TEXT = "a".repeat(10_000);
export const LONG_DIGITS = "9".repeat(10_000);
export const SCRIPT = "<script>alert(1)</script>";
export const SQL_DROP = "'; DROP TABLE accounts; --";

/** What a case must produce: a refusal (optionally with a given encoded problem, or just its code) or an acceptance. */
export type Outcome = { refused: string | null } | { accepted: string; value?: unknown };
export const refused = (expected: string | null = null): Outcome => ({ refused: expected });
export const accepted = (why: string, value?: unknown): Outcome => ({ accepted: why, value });

export interface Case {
  input: string;
  value: unknown;
  outcome: Outcome;
  /** Other fields this case needs changed (a JPY tariff, a matching username). */
  with?: Record<string, unknown>;
}

export const wrongTypes = (outcome: Outcome): Case[] =>
  (
    [
      ["a number (42)", 42],
      ["an object ({})", {}],
      ["an array ([])", []],
      ["null", null],
      ["true", true],
      ["undefined (field missing)", undefined],
    ] as const
  ).map(([input, value]) => ({ input, value, outcome }));

/**
 * Control characters inside an otherwise valid value (`sample`): NUL, BEL,
 * ESC and DEL in the middle, a C1 control, a right-to-left override.
 */
export function controlCharacters(sample: string, outcome: Outcome | ((char: string) => Outcome)): Case[] {
  const at = Math.max(1, Math.floor(sample.length / 2));
  return (
    [
      ["NUL", "\u0000"],
      ["BEL", "\u0007"],
      ["ESC", "\u001b"],
      ["DEL", "\u007f"],
      ["a C1 control (U+0085)", "\u0085"],
      ["a right-to-left override (U+202E)", "\u202e"],
    ] as const
  ).map(([name, char]) => ({
    input: `a control character: ${name}`,
    value: `${sample.slice(0, at)}${char}${sample.slice(at)}`,
    outcome: typeof outcome === "function" ? outcome(char) : outcome,
  }));
}

/** The classes every string field gets. */
export function hostile(o: { empty: Outcome; tooLong: Outcome; wrongType: Outcome; script: Outcome; sqlDrop: Outcome; longValue?: string }): Case[] {
  return [
    { input: "empty", value: "", outcome: o.empty },
    { input: "10,000 characters", value: o.longValue ?? LONG_TEXT, outcome: o.tooLong },
    ...wrongTypes(o.wrongType),
    { input: SCRIPT, value: SCRIPT, outcome: o.script },
    { input: SQL_DROP, value: SQL_DROP, outcome: o.sqlDrop },
  ];
}

/** Every class refused with one problem (closed-list and pattern fields). */
export const allRefused = (code: string, longValue?: string) =>
  hostile({ empty: refused(code), tooLong: refused(code), wrongType: refused(code), script: refused(code), sqlDrop: refused(code), longValue });

export interface SchemaUnderTest {
  name: string;
  schema: { safeParse(input: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } };
  valid: Record<string, unknown>;
  fields: Record<string, Case[]>;
}

function describeOutcome(outcome: Outcome): string {
  if ("accepted" in outcome) return `accepted (${outcome.accepted})`;
  return outcome.refused ? `refused with ${outcome.refused}` : "refused with a known problem";
}

function inputFor(valid: Record<string, unknown>, field: string, c: Case): Record<string, unknown> {
  const input: Record<string, unknown> = { ...valid, ...c.with, [field]: c.value };
  if (c.value === undefined) delete input[field]; // a field the request left out
  return input;
}

const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** One test per case; plus: the valid input passes, and the table covers every field. */
export function runSchemaTable(schemas: SchemaUnderTest[]) {
  for (const s of schemas) {
    describe(s.name, () => {
      it("accepts its valid base input (every case changes one field of it)", () => {
        expect(s.schema.safeParse(s.valid).error?.issues ?? []).toEqual([]);
      });

      it("covers every field", () => {
        expect(Object.keys(s.fields).sort()).toEqual(Object.keys(s.valid).sort());
      });

      for (const [field, cases] of Object.entries(s.fields)) {
        for (const c of cases) {
          const label = printable(c.input.length > 60 ? `${c.input.slice(0, 57)}...` : c.input);
          it(`${field}: ${label} -> ${describeOutcome(c.outcome)}`, () => {
            const result = s.schema.safeParse(inputFor(s.valid, field, c));
            if ("accepted" in c.outcome) {
              expect(result.error?.issues ?? []).toEqual([]);
              if (c.outcome.value !== undefined) expect((result.data as Record<string, unknown>)[field]).toEqual(c.outcome.value);
              return;
            }
            expect(result.success).toBe(false);
            const issues = (result.error?.issues ?? []).map((issue) => ({ field: String(issue.path[0]), message: issue.message, code: decodeProblem(issue.message).code }));
            expect(issues.length).toBeGreaterThan(0);
            // Every issue is on this field (the others are valid) ...
            expect(issues.map((i) => i.field)).toEqual(issues.map(() => field));
            // ... and says a catalogued problem, never zod's own English.
            expect(issues.filter((i) => !KNOWN_PROBLEMS.has(i.code)).map((i) => i.message)).toEqual([]);
            const expected = c.outcome.refused;
            if (expected) {
              if (expected.includes("?")) expect(issues.map((i) => i.message)).toContain(expected);
              else expect(issues.map((i) => i.code)).toContain(expected);
            }
          });
        }
      }
    });
  }
}
