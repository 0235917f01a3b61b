// The chain a call is rated and charged along (docs/domain.md, "Calls"): the
// account with its own tariff, then its owner with the tariff the owner's
// parent assigned, and so on up to the customer right under Root. Root ends
// the chain and is never charged. Authorization and charging both load
// chains and rates here, set-based: one round trip for a whole batch.
import { normalizeCld, type RateTerms } from "./rating";

/** Anything that runs pg queries: the pool, or a client inside a transaction. */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** One payer of the chain. */
export interface Party {
  kind: "account" | "customer";
  id: number;
  /** 0 the account, 1 its owner, and so on up to Root. */
  level: number;
  /** The tariff it is charged by (null: a customer its parent gave none; Root). */
  tariffId: number | null;
  currency: string;
  balance: bigint;
  creditLimit: bigint;
  isRoot: boolean;
}

/** The account's own fields that decide whether it may call at all. */
export interface ChainAccount {
  id: number;
  customerId: number;
  ownerPath: string;
  username: string;
  blocked: boolean;
  expiresAt: Date | null;
  lifetimeDays: number | null;
  firstUseAt: Date | null;
  maxSessions: number | null;
  maxCreditTime: number | null;
}

export interface AccountChain {
  account: ChainAccount;
  /** The account first, then each customer up to Root (last). */
  parties: Party[];
}

/** A chargeable party's rate for one call, or why it has none. */
export type LevelRating = { party: Party; rate: RateTerms } | { party: Party; refusal: "noRate" | "forbidden" };

const pathIds = (path: string) => path.split("/").filter(Boolean).map(Number);

/**
 * The chains of live accounts, by account id (ids that name no live account
 * are absent from the map). Balances are as the query sees them: charging
 * and authorization lock what they must themselves.
 */
export async function loadChains(q: Queryable, accountIds: readonly number[]): Promise<Map<number, AccountChain>> {
  const chains = new Map<number, AccountChain>();
  if (accountIds.length === 0) return chains;
  const { rows: accounts } = await q.query(
    `SELECT id, customer_id, owner_path, username, tariff_id, currency, balance::text, credit_limit::text, blocked,
            expires_at, lifetime_days, first_use_at, max_sessions, max_credit_time
     FROM accounts WHERE id = ANY($1::int[]) AND archived_at IS NULL`,
    [[...new Set(accountIds)]],
  );
  const customerIds = [...new Set(accounts.flatMap((a) => pathIds(a.owner_path as string)))];
  const { rows: customers } = await q.query(
    `SELECT id, depth, tariff_id, base_currency, balance::text, credit_limit::text FROM customers WHERE id = ANY($1::int[])`,
    [customerIds],
  );
  const byId = new Map(customers.map((c) => [c.id as number, c]));
  for (const a of accounts) {
    const path = pathIds(a.owner_path as string);
    const parties: Party[] = [
      {
        kind: "account",
        id: a.id as number,
        level: 0,
        tariffId: a.tariff_id as number,
        currency: (a.currency as string).trim(),
        balance: BigInt(a.balance as string),
        creditLimit: BigInt(a.credit_limit as string),
        isRoot: false,
      },
    ];
    // The owner's path lists Root first: walk it from the owner upwards.
    for (let i = path.length - 1, level = 1; i >= 0; i--, level++) {
      const c = byId.get(path[i]!);
      if (!c) throw new Error(`customer ${path[i]} on the path of account ${a.id as number} is missing`);
      parties.push({
        kind: "customer",
        id: c.id as number,
        level,
        tariffId: (c.tariff_id as number | null) ?? null,
        currency: (c.base_currency as string).trim(),
        balance: BigInt(c.balance as string),
        creditLimit: BigInt(c.credit_limit as string),
        isRoot: (c.depth as number) === 0,
      });
    }
    chains.set(a.id as number, {
      account: {
        id: a.id as number,
        customerId: a.customer_id as number,
        ownerPath: a.owner_path as string,
        username: a.username as string,
        blocked: a.blocked as boolean,
        expiresAt: (a.expires_at as Date | null) ?? null,
        lifetimeDays: (a.lifetime_days as number | null) ?? null,
        firstUseAt: (a.first_use_at as Date | null) ?? null,
        maxSessions: (a.max_sessions as number | null) ?? null,
        maxCreditTime: (a.max_credit_time as number | null) ?? null,
      },
      parties,
    });
  }
  return chains;
}

/** The parties a call charges: all but Root. */
export function chargeableParties(chain: AccountChain): Party[] {
  return chain.parties.filter((p) => !p.isRoot);
}

// Longest prefix: every prefix of the number (up to the 32 digits a rate
// prefix may have) probed on the (tariff_id, prefix) unique index, longest
// first. One statement for every distinct (tariff, number) pair of a batch.
const RATE_LOOKUP = `
  SELECT q.k, r.prefix, r.price_1::text, r.price_n::text, r.interval_1, r.interval_n, r.connect_fee::text,
         r.free_seconds, r.grace_period, r.forbidden
  FROM unnest($1::int[], $2::int[], $3::text[]) AS q(k, tariff_id, cld)
  CROSS JOIN LATERAL (
    SELECT * FROM tariff_rates r
    WHERE r.tariff_id = q.tariff_id
      AND r.prefix = ANY (ARRAY(SELECT left(q.cld, n) FROM generate_series(1, least(length(q.cld), 32)) AS n))
    ORDER BY length(r.prefix) DESC
    LIMIT 1) r`;

/**
 * Each item's rating at every chargeable level (account first, Root left
 * out): the longest-prefix rate of that level's tariff for the called
 * number, or "noRate" / "forbidden".
 */
export async function rateChains(q: Queryable, items: readonly { chain: AccountChain; cld: string }[]): Promise<LevelRating[][]> {
  const keys = new Map<string, number>();
  const [ks, tariffs, clds]: [number[], number[], string[]] = [[], [], []];
  const keyOf = (tariffId: number, cld: string) => {
    const key = `${tariffId}:${cld}`;
    let k = keys.get(key);
    if (k === undefined) {
      k = keys.size;
      keys.set(key, k);
      ks.push(k);
      tariffs.push(tariffId);
      clds.push(cld);
    }
    return k;
  };
  const wanted = items.map(({ chain, cld }) => {
    const digits = normalizeCld(cld);
    return chargeableParties(chain).map((party) => ({ party, k: digits !== null && party.tariffId !== null ? keyOf(party.tariffId, digits) : null }));
  });
  const found = new Map<number, RateTerms>();
  if (ks.length > 0) {
    const { rows } = await q.query(RATE_LOOKUP, [ks, tariffs, clds]);
    for (const r of rows) {
      found.set(r.k as number, {
        prefix: r.prefix as string,
        price1: BigInt(r.price_1 as string),
        priceN: BigInt(r.price_n as string),
        interval1: r.interval_1 as number,
        intervalN: r.interval_n as number,
        connectFee: BigInt(r.connect_fee as string),
        freeSeconds: r.free_seconds as number,
        gracePeriod: r.grace_period as number,
        forbidden: r.forbidden as boolean,
      });
    }
  }
  return wanted.map((levels) =>
    levels.map(({ party, k }): LevelRating => {
      const rate = k === null ? undefined : found.get(k);
      if (!rate) return { party, refusal: "noRate" };
      return rate.forbidden ? { party, refusal: "forbidden" } : { party, rate };
    }),
  );
}
