// What an audit record says, as data: its target parsed from the resource
// string (Sippy's "customers:i_customer=42", "rates:i_tariff=3:prefix=44",
// the ledger's "add:i_account=9:amount=5.00 USD") and its before/after
// values as typed changes (money stays an exact integer at scale 6, rights
// become their names, a tariff id its tariff). Pure: names are looked up by
// lib/audit/audit-log.ts, words by lib/audit/audit-text.ts.
import { fromMask } from "@/lib/customers/rights";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";

/** A customer (an actor, or a name in a value) and its name, or null when the viewer is not shown it. */
export interface Named {
  id: number;
  name: string | null;
}

type WithName = { name?: string | null };
export type AuditTarget =
  | ({ kind: "customer" | "account" | "tariff" | "apiKey" | "voucherBatch"; id: number } & WithName)
  | ({ kind: "rate"; id: number; prefix: string } & WithName)
  | ({ kind: "exchangeRate"; id: number; currency: string } & WithName)
  | ({ kind: "funds"; holder: "customer" | "account"; id: number } & WithName)
  | { kind: "voucher"; number: string }
  | { kind: "login"; login: string }
  | { kind: "other"; text: string };

export type ChangeValue =
  | { kind: "none" }
  | { kind: "text"; text: string }
  /** An exact decimal ("0.0123", "1.08695652174"), written in the viewer's locale. */
  | { kind: "decimal"; text: string }
  /** An amount at scale 6 in a currency. */
  | { kind: "money"; amount: string; currency: string }
  | { kind: "bool"; value: boolean }
  | { kind: "rights"; names: string[] }
  | { kind: "date"; iso: string }
  | { kind: "tariff"; id: number; name: string | null }
  /** A secret that changed (a password): never its value. */
  | { kind: "secret" };

export interface AuditChange {
  field: string;
  /** Absent: the record has no value before (a creation) or after (a deletion). */
  before?: ChangeValue;
  after?: ChangeValue;
}

const ID = "(\\d{1,10})";
const PATTERNS: [RegExp, (m: RegExpExecArray) => AuditTarget][] = [
  [new RegExp(`^customers:i_customer=${ID}$`), (m) => ({ kind: "customer", id: Number(m[1]) })],
  [new RegExp(`^accounts:i_account=${ID}$`), (m) => ({ kind: "account", id: Number(m[1]) })],
  [new RegExp(`^tariffs:i_tariff=${ID}$`), (m) => ({ kind: "tariff", id: Number(m[1]) })],
  [new RegExp(`^rates:i_tariff=${ID}:prefix=(.*)$`), (m) => ({ kind: "rate", id: Number(m[1]), prefix: m[2]! })],
  [new RegExp(`^exchange_rates:i_customer=${ID}:currency=(.*)$`), (m) => ({ kind: "exchangeRate", id: Number(m[1]), currency: m[2]! })],
  [new RegExp(`^api_keys:id=${ID}$`), (m) => ({ kind: "apiKey", id: Number(m[1]) })],
  [new RegExp(`^voucher_batches:i_batch=${ID}$`), (m) => ({ kind: "voucherBatch", id: Number(m[1]) })],
  [/^vouchers:voucher_id=(.*)$/, (m) => ({ kind: "voucher", number: m[1]! })],
  [/^login:(?:web_login|username)=(.*)$/s, (m) => ({ kind: "login", login: m[1]! })],
  [new RegExp(`^(?:add|credit|debit|opening):i_(customer|account)=${ID}(?::.*)?$`), (m) => ({ kind: "funds", holder: m[1] as "customer" | "account", id: Number(m[2]) })],
];

export function parseResource(resource: string): AuditTarget {
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(resource);
    if (m) return build(m);
  }
  return { kind: "other", text: resource };
}

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Tariff ids named in a record's values (their names are looked up with the rest). */
export function tariffIdsIn(value: unknown): number[] {
  const id = asObject(value).tariffId;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? [id] : [];
}

/** Amounts the code stores as integers at scale 6 without a currency beside them. */
const SCALED = new Set(["creditLimit", "price1", "priceN", "connectFee"]);
const SECRETS = new Set(["password", "apiPassword", "webPassword"]);
const INTEGER = /^-?\d{1,30}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function valueOf(key: string, v: unknown, tariffs: Map<number, string | null>): ChangeValue {
  if (v === null || v === undefined || v === "") return { kind: "none" };
  if (SECRETS.has(key)) return { kind: "secret" };
  if (SCALED.has(key) && typeof v === "string" && INTEGER.test(v)) return { kind: "decimal", text: toShortDecimalString(BigInt(v), STORED_SCALE) };
  if (key === "rate" && typeof v === "string") return { kind: "decimal", text: v };
  if (key === "rights" && typeof v === "number") return { kind: "rights", names: fromMask(v) };
  if (key === "tariffId" && typeof v === "number") return { kind: "tariff", id: v, name: tariffs.get(v) ?? null };
  if (typeof v === "boolean") return { kind: "bool", value: v };
  if (typeof v === "number") return { kind: "decimal", text: String(v) };
  if (typeof v === "string" && key.endsWith("At") && ISO_TIME.test(v)) return { kind: "date", iso: v };
  if (typeof v === "string") return { kind: "text", text: v };
  return { kind: "text", text: JSON.stringify(v) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changes a record holds: every field whose value differs before and
 * after (an update's unchanged fields are left out), every field of a
 * creation (after only) or a deletion (before only). A booking records the
 * balance after and the signed amount: the balance before is their
 * difference, so it too reads as before and after.
 */
export function describeChanges(target: AuditTarget, before: unknown, after: unknown, tariffs: Map<number, string | null>): AuditChange[] {
  const b = asObject(before);
  const a = asObject(after);
  if (target.kind === "funds" && typeof a.amount === "string" && INTEGER.test(a.amount) && typeof a.balanceAfter === "string" && INTEGER.test(a.balanceAfter)) {
    const currency = typeof a.currency === "string" ? a.currency : "";
    const amount = BigInt(a.amount);
    const balanceAfter = BigInt(a.balanceAfter);
    const money = (value: bigint): ChangeValue => ({ kind: "money", amount: String(value), currency });
    const changes: AuditChange[] = [
      { field: "balance", before: money(balanceAfter - amount), after: money(balanceAfter) },
      { field: "amount", after: money(amount) },
    ];
    if (typeof a.notes === "string" && a.notes) changes.push({ field: "notes", after: { kind: "text", text: a.notes } });
    return changes;
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const changes: AuditChange[] = [];
  for (const key of keys) {
    const inBefore = key in b;
    const inAfter = key in a;
    if (inBefore && inAfter && same(b[key], a[key])) continue;
    changes.push({
      field: key,
      ...(inBefore ? { before: valueOf(key, b[key], tariffs) } : {}),
      ...(inAfter ? { after: valueOf(key, a[key], tariffs) } : {}),
    });
  }
  return changes;
}
