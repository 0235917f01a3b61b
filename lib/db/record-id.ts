// Record ids are PostgreSQL `integer` serials. Anything else that reaches the
// data layer (1.5, 2^40, NaN, "abc", a negative number) names no record: it
// is answered like an id that does not exist, before the database sees it
// (where 2^40 would be an "out of range" error rather than "not found").
export const MAX_RECORD_ID = 2_147_483_647;

export function isRecordId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_RECORD_ID;
}
