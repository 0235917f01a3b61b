// Accounts as they cross to the browser: amounts as scaled-integer strings,
// dates as ISO strings, and never a secret (no hash, digest or realm: the
// domain's detail and rows carry none, and these mappings pick fields by name).
import type { AccountDetail, AccountRow } from "./accounts";

/** What the edit dialog needs of an account the viewer may edit. */
export function toAccountForEdit(a: AccountDetail) {
  return {
    id: a.id,
    username: a.username,
    authname: a.authname,
    tariffId: a.tariffId,
    currency: a.currency,
    balance: String(a.balance),
    creditLimit: String(a.creditLimit),
    maxSessions: a.maxSessions,
    maxCreditTime: a.maxCreditTime,
    lifetimeDays: a.lifetimeDays,
    expiresAt: a.expiresAt?.toISOString() ?? null,
    timeZone: a.timeZone,
    language: a.language,
    description: a.description,
    blocked: a.blocked,
  };
}
export type AccountForEdit = ReturnType<typeof toAccountForEdit>;

export function toAccountTableRow(a: AccountRow) {
  return {
    id: a.id,
    username: a.username,
    description: a.description,
    tariffName: a.tariffName,
    currency: a.currency,
    balance: String(a.balance),
    creditLimit: String(a.creditLimit),
    available: String(a.available),
    state: a.state,
    blocked: a.state === "blocked",
    maxSessions: a.maxSessions,
    firstUseAt: a.firstUseAt?.toISOString() ?? null,
    expiresAt: a.expiresAt?.toISOString() ?? null,
    batchTag: a.batchTag,
    createdAt: a.createdAt.toISOString(),
  };
}
export type AccountTableRow = ReturnType<typeof toAccountTableRow>;
