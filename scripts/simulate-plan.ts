// What `npm run simulate` dials: the demo tree's SIP phones (prisma/seed.ts:
// "<login>-100" to "-102" of every demo customer) and, for each, the
// countries every tariff on its chain prices (so its calls are allowed and
// charged at every level); refused calls dial a country no demo tariff
// prices. Numbers are written the way people and switches write them
// (spaces, dashes, a leading +), which the API normalizes.
// Kept apart from simulate.ts (which only speaks HTTP) for its unit test.

/** The countries each demo customer's phones may call (checked against prisma/seed.ts by simulate-plan.test.ts). */
export const DEMO_DESTINATIONS: Record<string, string[]> = {
  acme: ["1", "44", "49", "7"],
  "acme-retail": ["1", "44"],
  "joes-pizza": ["1", "44"],
  bolt: ["1", "44"],
  volga: ["1", "49", "7"],
  kazan: ["49", "7"],
};

/** A country no demo tariff prices: calls there are refused (no rate). */
export const UNPRICED_COUNTRY = "33";

/** Customers whose phones do not call by default: Bolt Networks holds no money in the demo (every call of its would be refused, -20). */
const SILENT = new Set(["bolt"]);

/** The phones that call by default. */
export const DEMO_PHONES = Object.keys(DEMO_DESTINATIONS)
  .filter((login) => !SILENT.has(login))
  .flatMap((login) => [100, 101, 102].map((n) => `${login}-${n}`));

/** A small seeded random source (mulberry32): the same seed, the same run. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (random: Random, count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join("");

/** A realistic number in a country: its area or mobile codes, in the local written style. */
export function numberIn(country: string, random: Random): string {
  switch (country) {
    case "1":
      return `+1 ${pick(random, ["212", "415", "646", "312", "617"])}-555-${digits(random, 4)}`;
    case "44":
      return pick(random, [`+44 20 7946 ${digits(random, 4)}`, `+44 7700 9${digits(random, 5)}`]);
    case "49":
      return pick(random, [`+49 30 ${digits(random, 8)}`, `+49 89 ${digits(random, 7)}`, `0049 151 ${digits(random, 8)}`]);
    case "7":
      return `+7 (${pick(random, ["495", "812", "843"])}) ${digits(random, 3)}-${digits(random, 2)}-${digits(random, 2)}`;
    case "33":
      return `+33 1 ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`;
    default:
      return `+${country}${digits(random, 9)}`;
  }
}

/** The country an account's calls may go to: its demo customer's list, or every demo country for an account the plan does not know. */
export function destinationsOf(account: string): string[] {
  const login = account.replace(/-\d+$/, "");
  return DEMO_DESTINATIONS[login] ?? ["1", "44", "49", "7"];
}

/** An answered call's length: exponential around `mean` seconds, at least 1. */
export function callSeconds(mean: number, random: Random): number {
  return Math.max(1, Math.round(-Math.log(1 - random()) * mean));
}

/** SIP codes of calls nobody answered: busy, cancelled, unavailable. */
export const UNANSWERED_RESULTS = [486, 487, 480] as const;
