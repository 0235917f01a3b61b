// The currencies a customer may sell vouchers in: its own base currency and
// every currency its effective exchange rates (its own, then its ancestors')
// name, since a redemption converts with exactly those rates (redeem.ts).
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { loadRateTable } from "@/lib/exchange-rates/exchange-rates";

/** Base currency first, then the others in alphabetical order. */
export async function voucherCurrencies(viewer: Pick<Viewer, "path">): Promise<string[]> {
  const table = await loadRateTable(viewer);
  return [table.base, ...[...table.rates.keys()].filter((code) => code !== table.base).sort()];
}
