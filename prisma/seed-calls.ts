// The demo tree's week of calls (first start, after the tree is written): a
// switch's records for the demo phones, charged through the very path the
// API uses (chargeBatch, as Root, source "seed"), so every page shows calls,
// revenue, cost and margin from the first start, and ledger:verify holds.
//
// Deterministic (a fixed pseudo-random sequence, times relative to the
// seeding), realistic: numbers in the countries the demo tariffs price (and
// a few to France, which Acme's retail tariff does not price: unrated, for
// Root's "Unrated calls" page), mostly office hours in the caller's time
// zone, a fifth not answered, durations from seconds to a quarter hour.
// Each record names the connection of the first route the routing decision
// gives (seed-routing.ts), so the vendors carry the week too.
// The phones get a top-up first (RUB phones start with 10 RUB, which a
// week of calls would exhaust), so they stay active for `npm run simulate`.
// Bolt Networks has neither balance nor credit (it could not call), so its
// accounts have no history; prepaid cards neither (they start unused).
import type { Db } from "../lib/db/create-client";
import type { Principal } from "../lib/access/access";
import { book } from "../lib/ledger/book";
import { chargeBatch } from "../lib/calls/charge";
import { MAX_CDR_BATCH } from "../lib/calls/cdr-schema";
import { loadChains } from "../lib/calls/chain";
import { normalizeCld } from "../lib/calls/rating";
import { decideRoutes, groupKey, loadRoutingGroups } from "../lib/routing/decide";

/** Calls per phone per day, on average. */
const CALLS_PER_DAY = 8;
const DAYS = 7;

/** Numbers by country: real area codes, random subscriber numbers. */
const NUMBERS: Record<string, string[]> = {
  us: ["1212555", "1312555", "1415555", "1617555"],
  uk: ["442079460", "441614960", "447700900"],
  de: ["4930901820", "498912345", "494012345"],
  ru: ["7495123", "7812123", "7843123"],
  fr: ["33142685"],
};

/** Where each demo customer's phones call, by weight (the chain prices every one of them, France excepted). */
const DESTINATIONS: Record<string, [country: keyof typeof NUMBERS, weight: number][]> = {
  acme: [
    ["us", 6],
    ["uk", 2],
    ["de", 1],
    ["ru", 1],
    ["fr", 0.15],
  ],
  "acme-retail": [
    ["us", 8],
    ["uk", 2],
  ],
  "joes-pizza": [
    ["us", 9],
    ["uk", 1],
  ],
  volga: [
    ["ru", 7],
    ["de", 2],
    ["us", 1],
  ],
  kazan: [
    ["ru", 9],
    ["de", 1],
  ],
};

/** A top-up per phone before its calls, in its currency. */
const TOP_UP: Record<string, bigint> = { USD: 20_000_000n, RUB: 2_000_000_000n };

/** mulberry32: a small deterministic generator. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let r = random() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weighted) if ((r -= w) <= 0) return value;
  return weighted.at(-1)![0];
}

/** The hour offset of a time zone at `at` (whole hours are enough for office hours). */
function zoneOffsetHours(timeZone: string, at: Date): number {
  const local = new Date(at.toLocaleString("en-US", { timeZone }));
  const utc = new Date(at.toLocaleString("en-US", { timeZone: "UTC" }));
  return Math.round((local.getTime() - utc.getTime()) / 3_600_000);
}

/** The phone's own number (its DID): a New York number for USD phones, a Moscow one for RUB phones. */
const didOf = (phone: { id: number; currency: string }) => `+${phone.currency === "RUB" ? "7495555" : "1646555"}${String(1000 + (phone.id % 9000))}`;

export interface DemoCallsResult {
  charged: number;
  unrated: number;
  refused: number;
}

/** Writes the week of calls; `now` is the end of the week (tests pin it). */
export async function seedDemoCalls(db: Db, now = new Date()): Promise<DemoCallsResult> {
  const root = await db.customer.findFirstOrThrow({ where: { parentId: null }, select: { id: true, path: true, rights: true } });
  const principal: Principal = { id: root.id, path: root.path, rights: root.rights, isRoot: true };
  const phones = await db.account.findMany({
    where: { batchTag: null, archivedAt: null, customer: { webLogin: { in: Object.keys(DESTINATIONS) } } },
    select: { id: true, username: true, currency: true, customer: { select: { id: true, path: true, webLogin: true, timeZone: true } } },
    orderBy: { id: "asc" },
  });
  for (const phone of phones) {
    const amount = TOP_UP[phone.currency] ?? 0n;
    if (amount === 0n) continue;
    await book(
      db,
      {
        holder: { kind: "account", id: phone.id },
        type: "add_funds",
        amount,
        entered: { amount, currency: phone.currency, rate: null },
        notes: "Demo top-up",
        actor: { id: phone.customer.id, path: phone.customer.path },
        idempotencyKey: `demo-top-up-${phone.id}`,
        ip: null,
      },
      phone.currency,
    );
  }

  // Each call goes through the first route the routing decision gives (seed-routing.ts), as the switch would send it.
  const chains = await loadChains(
    db.$pool,
    phones.map((p) => p.id),
  );
  const groups = await loadRoutingGroups(
    db.$pool,
    [...chains.values()].flatMap((c) => (c.routingGroupId === null ? [] : [{ groupId: c.routingGroupId, rootId: root.id }])),
  );
  const firstRoute = async (accountId: number, cld: string) => {
    const chain = chains.get(accountId);
    const group = chain?.routingGroupId ? groups.get(groupKey(chain.routingGroupId, root.id)) : undefined;
    const digits = normalizeCld(cld);
    if (!group || digits === null) return undefined;
    return (await decideRoutes(db.$pool, group, digits)).routes[0]?.entry.connectionId;
  };

  const random = generator(20261201);
  const records: Record<string, unknown>[] = [];
  const start = now.getTime() - DAYS * 86_400_000;
  for (const phone of phones) {
    const destinations = DESTINATIONS[phone.customer.webLogin]!;
    const offset = zoneOffsetHours(phone.customer.timeZone, now);
    for (let day = 0; day < DAYS; day++) {
      const calls = Math.round(CALLS_PER_DAY * (0.5 + random()));
      for (let n = 0; n < calls; n++) {
        // Mostly 08:00-20:00 in the caller's zone.
        const localHour = random() < 0.85 ? 8 + random() * 12 : random() * 24;
        const at = new Date(start + day * 86_400_000);
        at.setUTCHours(0, 0, 0, 0);
        const connect = new Date(at.getTime() + (localHour - offset) * 3_600_000 + Math.floor(random() * 3_600) * 1000);
        if (connect.getTime() > now.getTime() - 60_000 || connect.getTime() < start) continue;
        const country = pick(random, destinations);
        const base = pick(
          random,
          NUMBERS[country]!.map((p) => [p, 1]),
        );
        const cld = `+${base}${String(Math.floor(random() * 10 ** (11 - base.length))).padStart(Math.max(0, 11 - base.length), "0")}`;
        const answered = random() > 0.2;
        const duration = answered ? Math.max(3, Math.round(-Math.log(1 - random()) * 150)) : 0;
        const connectionId = await firstRoute(phone.id, cld);
        records.push({
          ...(connectionId === undefined ? {} : { connectionId }),
          callId: `demo-${phone.username}-${day}-${n}`,
          account: phone.username,
          cli: didOf(phone),
          cld,
          connectTime: connect.toISOString(),
          duration: Math.min(duration, 900),
          result: answered ? 200 : pick(random, [
            [486, 5],
            [487, 3],
            [480, 1],
            [404, 1],
          ]),
        });
      }
    }
  }

  const result: DemoCallsResult = { charged: 0, unrated: 0, refused: 0 };
  for (let i = 0; i < records.length; i += MAX_CDR_BATCH) {
    for (const outcome of await chargeBatch(db, principal, records.slice(i, i + MAX_CDR_BATCH), { source: "seed", now: () => now })) {
      if (outcome.outcome === "charged") result.charged += 1;
      else if (outcome.outcome === "unrated") result.unrated += 1;
      else if (outcome.outcome === "refused") result.refused += 1;
    }
  }
  return result;
}
