// Reading a method's one struct parameter: each getter names the parameter
// in its fault, so a script author sees exactly what to fix.
import { isDouble, type XmlRpcValue } from "./codec";
import { ApiFault, FAULT } from "./faults";

export type Struct = Record<string, XmlRpcValue>;

export function structParam(params: XmlRpcValue[]): Struct {
  const [first] = params;
  if (params.length !== 1 || first === null || typeof first !== "object" || Array.isArray(first) || Buffer.isBuffer(first) || "kind" in first) {
    throw new ApiFault(FAULT.badParameter, "Bad parameters: the method takes one struct");
  }
  return first as Struct;
}

export const bad = (name: string, what: string) => new ApiFault(FAULT.badParameter, `Bad parameter ${name}: ${what}`);

export function int(s: Struct, name: string): number | undefined;
export function int(s: Struct, name: string, required: true): number;
export function int(s: Struct, name: string, required = false): number | undefined {
  const v = s[name];
  if (v === undefined || v === null) {
    if (required) throw bad(name, "required");
    return undefined;
  }
  if (typeof v !== "number") throw bad(name, "expected an int");
  return v;
}

export function str(s: Struct, name: string): string | undefined;
export function str(s: Struct, name: string, required: true): string;
export function str(s: Struct, name: string, required = false): string | undefined {
  const v = s[name];
  if (v === undefined || v === null) {
    if (required) throw bad(name, "required");
    return undefined;
  }
  if (typeof v !== "string") throw bad(name, "expected a string");
  return v;
}

/** An amount as exact decimal text: a <double>, an <int> or a numeric string; never a float. */
export function amount(s: Struct, name: string, required = false): string | undefined {
  const v = s[name];
  if (v === undefined || v === null) {
    if (required) throw bad(name, "required");
    return undefined;
  }
  if (isDouble(v)) return v.text;
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v.trim();
  throw bad(name, "expected a double");
}

/** 0/1 ints and booleans as booleans. */
export function flag(s: Struct, name: string): boolean | undefined {
  const v = s[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw bad(name, "expected 0 or 1");
}

/** Whether an amount's text (as amount() returns it) is zero: Sippy's default for values Switchboard keeps elsewhere. */
export const isZeroAmount = (text: string) => /^[+-]?(0+\.?0*|\.0+)([eE][+-]?\d+)?$/.test(text.trim());
