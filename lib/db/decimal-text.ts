/**
 * A NUMERIC column's exact decimal text, as Prisma returns it (a decimal.js
 * Decimal). decimal.js keeps every digit and toFixed() without arguments
 * never rounds or switches to an exponent: no float is involved.
 */
export const exactText = (value: { toFixed(): string }): string => value.toFixed();
