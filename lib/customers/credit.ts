// Available credit and the "Blocked" badge (docs/domain.md): what a customer
// may still spend is its balance plus its credit limit; with nothing left it
// shows as blocked. Amounts are scaled integers (lib/money).

export function availableCredit(balance: bigint, creditLimit: bigint): bigint {
  return balance + creditLimit;
}

export function isOutOfCredit(balance: bigint, creditLimit: bigint): boolean {
  return availableCredit(balance, creditLimit) <= 0n;
}

/**
 * The debt a credit limit leaves uncovered: the customer owes it and,
 * with this limit, shows as blocked until it pays. Undefined when there is
 * no debt or the limit leaves credit to spend.
 */
export function uncoveredDebt(balance: bigint, creditLimit: bigint): bigint | undefined {
  return balance < 0n && isOutOfCredit(balance, creditLimit) ? -balance : undefined;
}
