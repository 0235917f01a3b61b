// The simulator's default calls are priced at every level of their chain in
// the demo tree (prisma/seed.ts), so they are allowed and charged, and its
// "refused" calls go where no demo tariff has a rate.
import { describe, expect, it } from "vitest";
import { DEMO_TREE } from "@/prisma/seed";
import { callSeconds, DEMO_DESTINATIONS, DEMO_PHONES, destinationsOf, numberIn, randomSource, UNPRICED_COUNTRY } from "./simulate-plan";
import { normalizeCld } from "@/lib/calls/rating";

type Demo = (typeof DEMO_TREE)[number];
interface Node {
  customer: Demo;
  parent: Node | null;
}

function nodes(list: Demo[], parent: Node | null = null): Node[] {
  return list.flatMap((customer) => {
    const node = { customer, parent };
    return [node, ...nodes(customer.children ?? [], node)];
  });
}
const ALL = nodes(DEMO_TREE);
const tariffNamed = (name: string) => ALL.flatMap((n) => n.customer.tariffs ?? []).find((t) => t.name === name);
const prices = (rates: Record<string, string>, country: string) => Object.keys(rates).some((prefix) => country.startsWith(prefix));

/** The tariffs a call of `login`'s accounts is rated by, the account's first; Root's own tariffs (the top level's) are not in DEMO_TREE. */
function chainTariffs(login: string) {
  const start = ALL.find((n) => n.customer.login === login)!;
  const tariffs = [start.customer.tariffs![0]!];
  for (let node: Node | null = start; node; node = node.parent) {
    const assigned = tariffNamed(node.customer.tariff);
    if (assigned) tariffs.push(assigned);
  }
  return tariffs;
}

describe("the simulator's plan", () => {
  it("covers every demo customer, and calls only countries every tariff on the chain prices", () => {
    expect(Object.keys(DEMO_DESTINATIONS).sort()).toEqual(ALL.map((n) => n.customer.login).sort());
    for (const [login, countries] of Object.entries(DEMO_DESTINATIONS)) {
      for (const country of countries) {
        for (const tariff of chainTariffs(login)) expect(prices(tariff.rates, country), `${login} -> ${country} in ${tariff.name}`).toBe(true);
      }
      // And no country left out that the account's own tariff prices all the way up.
      const all = ["1", "44", "49", "7", UNPRICED_COUNTRY];
      expect(all.filter((c) => chainTariffs(login).every((t) => prices(t.rates, c)))).toEqual(countries);
    }
  });

  it("dials refused calls where no demo tariff has a rate", () => {
    for (const node of ALL) for (const tariff of node.customer.tariffs ?? []) expect(prices(tariff.rates, UNPRICED_COUNTRY), tariff.name).toBe(false);
  });

  it("writes numbers as people do, which normalize to the country's digits", () => {
    const random = randomSource(1);
    for (const country of ["1", "44", "49", "7", "33"]) {
      for (let i = 0; i < 50; i++) {
        const digits = normalizeCld(numberIn(country, random));
        expect(digits).toMatch(new RegExp(`^${country}\\d{6,}$`));
      }
    }
  });

  it("places calls from the demo phones, the same ones for the same seed", () => {
    expect(DEMO_PHONES).toContain("acme-100");
    expect(DEMO_PHONES).not.toContain("bolt-100");
    expect(destinationsOf("kazan-101")).toEqual(["49", "7"]);
    const [a, b] = [randomSource(42), randomSource(42)];
    expect(Array.from({ length: 5 }, () => callSeconds(90, a))).toEqual(Array.from({ length: 5 }, () => callSeconds(90, b)));
    const lengths = Array.from({ length: 2000 }, () => callSeconds(90, a));
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1);
    const mean = lengths.reduce((x, y) => x + y, 0) / lengths.length;
    expect(mean).toBeGreaterThan(75);
    expect(mean).toBeLessThan(105);
  });
});
