// Rights a parent grants a sub-customer (Sippy's names). Stored as a bitmask
// in customers.rights; a customer can grant only rights it holds itself.
export const RIGHT_GROUPS = ["customers", "accounts", "tariffs", "vouchers"] as const;
export const RIGHT_OPERATIONS = ["add", "edit", "delete"] as const;

export const RIGHT_NAMES = [
  ...RIGHT_GROUPS.flatMap((group) => RIGHT_OPERATIONS.map((op) => `${group}_${op}` as const)),
  "system_mgmt",
  "api_access",
] as const;
export type RightName = (typeof RIGHT_NAMES)[number];

const BIT = Object.fromEntries(RIGHT_NAMES.map((name, index) => [name, 1 << index])) as Record<RightName, number>;
export const ALL_RIGHTS = RIGHT_NAMES.reduce((mask, name) => mask | BIT[name], 0);

/** Levels Root may have below it. */
export const ROOT_MAX_DEPTH = 10;

export function hasRight(mask: number, name: RightName): boolean {
  return (mask & BIT[name]) !== 0;
}

export function toMask(names: readonly RightName[]): number {
  return names.reduce((mask, name) => mask | BIT[name], 0);
}

export function fromMask(mask: number): RightName[] {
  return RIGHT_NAMES.filter((name) => hasRight(mask, name));
}

/** The rights in `wanted` that `granter` does not hold. */
export function rightsBeyond(wanted: number, granter: number): RightName[] {
  return fromMask(wanted & ~granter);
}
