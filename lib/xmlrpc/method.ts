// What every XML-RPC method shares: how it is called, its "OK" result, how
// it writes exact amounts as <double>, its "not found", and the trusted-mode
// parameters (i_wholesaler, i_customer) that name the customer to act as.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { findCustomer } from "@/lib/customers/customers";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";
import { double, type XmlRpcValue } from "./codec";
import { ApiFault, FAULT } from "./faults";
import { timeZoneName } from "./dictionaries";
import { int, str, type Struct } from "./params";

export interface CallContext {
  viewer: Viewer;
  ip: string | null;
}
export type Method = (s: Struct, ctx: CallContext) => Promise<XmlRpcValue>;

export const OK = { result: "OK" } as const;

/** An exact amount as short decimal text: 49.88, not 49.880000. */
export const decimal = (value: bigint) => toShortDecimalString(value, STORED_SCALE);
/** An exact amount as a <double>, e.g. -49.88; `reverse` applies Sippy's balance sign. */
export const money = (value: bigint, reverse = false) => double(decimal(reverse ? -value : value));

export const notFound = () => new ApiFault(FAULT.notFound, "Not found.");

const WHY_YOU = {
  i_wholesaler: "only a customer's parent changes it",
  i_customer: "a customer changes only its own tariffs and accounts",
} as const;

/**
 * The customer to act as, named by a trusted-mode parameter (`i_wholesaler`
 * for customer methods, `i_customer` for tariff and account methods), or the
 * caller when absent. Switchboard has no trusted mode: reads may name anyone
 * in the caller's subtree; changes only the caller itself (only a customer's
 * parent changes it; only an owner its tariffs and accounts). Outside the
 * subtree is "not found".
 */
export async function actingAs(s: Struct, ctx: CallContext, param: "i_wholesaler" | "i_customer", change: boolean): Promise<number> {
  const id = int(s, param);
  if (id === undefined || id === ctx.viewer.id) return ctx.viewer.id;
  if (!(await findCustomer(ctx.viewer, "view", id))) throw notFound();
  if (change) throw new ApiFault(FAULT.notAllowed, `Not allowed: ${WHY_YOU[param]}, so ${param} must be you.`);
  return id;
}

/** A time zone by Sippy's i_time_zone (getDictionary's ids), or by its IANA name (`time_zone`, an extension). */
export function timeZoneFrom(s: Struct): string | undefined {
  const id = int(s, "i_time_zone");
  if (id !== undefined) {
    const name = timeZoneName(id);
    if (!name) throw new ApiFault(FAULT.badParameter, "Bad parameter i_time_zone: not in getDictionary({name: 'timezones'})");
    return name;
  }
  return str(s, "time_zone"); // extension: the IANA name itself
}
