// Sippy's leniency, one rule for every method: a parameter Sippy documents
// for the method is accepted (used when Switchboard models it, else
// ignored), and any other name is refused with fault 400 naming it, before
// the method reads anything. A script written for Sippy keeps working; a
// typo ("ammount") never passes silently.
import { ApiFault, FAULT } from "./faults";
import { PARAMETERS, type MethodName } from "./parameter-lists";
import type { Struct } from "./params";

const MAX_NAME_LENGTH = 64;
const MAX_NAMED = 5;

/**
 * A parameter name as the fault shows it: control and format characters
 * written out ("<U+0001>"), so that the answer stays well-formed XML and a
 * direction override cannot disguise the name; long names cut.
 */
export function shownName(name: string): string {
  const chars = [...name];
  const cut = chars.length > MAX_NAME_LENGTH ? chars.slice(0, MAX_NAME_LENGTH).join("") + "…" : name;
  return cut.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** The names in `s` that `method` neither reads nor knows from Sippy's documentation. */
export function unknownParameters(method: MethodName, s: Struct): string[] {
  const { read, ignored } = PARAMETERS[method];
  const known = new Set<string>([...read, ...ignored]);
  return Object.keys(s).filter((name) => !known.has(name));
}

/** Refuses, with fault 400, a struct holding a name the method does not know. */
export function checkParameters(method: MethodName, s: Struct): void {
  const unknown = unknownParameters(method, s);
  if (unknown.length === 0) return;
  const named = unknown.slice(0, MAX_NAMED).map(shownName).join(", ") + (unknown.length > MAX_NAMED ? ", …" : "");
  const noun = unknown.length === 1 ? "parameter" : "parameters";
  throw new ApiFault(FAULT.badParameter, `Unknown ${noun} ${named}: ${method} does not take ${unknown.length === 1 ? "it" : "them"}.`);
}

type Run<C, R> = (s: Struct, ctx: C) => Promise<R>;

/** Every method, each behind the check of its own parameter list. */
export function withParameterChecks<C, R>(methods: Record<MethodName, Run<C, R>>): Record<MethodName, Run<C, R>> {
  const checked = {} as Record<MethodName, Run<C, R>>;
  for (const name of Object.keys(methods) as MethodName[]) {
    const run = methods[name];
    checked[name] = async (s, ctx) => {
      checkParameters(name, s);
      return run(s, ctx);
    };
  }
  return checked;
}
