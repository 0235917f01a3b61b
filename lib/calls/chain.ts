// The chain a call is rated and charged along (docs/domain.md, "Calls"): the
// account with its own tariff, then its owner with the tariff the owner's
// parent assigned, and so on up to the customer right under Root. Root ends
// the chain and is never charged. Authorization and charging both load
// chains and rates here, set-based: a few round trips for a whole batch.
import { normalizeCld, type RateTerms } from "./rating";
import { currentRates, longestPrefixRate } from "./rate-cache";

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
  /** The routing group of its top-level customer (depth 1; lib/routing/decide.ts); null: none (or Root's own account). */
  routingGroupId: number | null;
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
    `SELECT id, depth, tariff_id, base_currency, balance::text, credit_limit::text, routing_group_id FROM customers WHERE id = ANY($1::int[])`,
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
    let routingGroupId: number | null = null;
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
      if ((c.depth as number) === 1) routingGroupId = (c.routing_group_id as number | null) ?? null;
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
      routingGroupId,
    });
  }
  return chains;
}

/** The parties a call charges: all but Root. */
export function chargeableParties(chain: AccountChain): Party[] {
  return chain.parties.filter((p) => !p.isRoot);
}

/**
 * Each item's rating at every chargeable level (account first, Root left
 * out): the longest-prefix rate of that level's tariff for the called
 * number, or "noRate" / "forbidden".
 */
export async function rateChains(q: Queryable, items: readonly { chain: AccountChain; cld: string }[]): Promise<LevelRating[][]> {
  const wanted = items.map(({ chain, cld }) => ({ digits: normalizeCld(cld), parties: chargeableParties(chain) }));
  const tariffIds = wanted.flatMap((w) => w.parties.flatMap((p) => (p.tariffId === null ? [] : [p.tariffId])));
  const rates = await currentRates(q, tariffIds);
  return wanted.map(({ digits, parties }) =>
    parties.map((party): LevelRating => {
      const tariff = party.tariffId === null ? undefined : rates.get(party.tariffId);
      const rate = tariff && digits !== null ? longestPrefixRate(tariff, digits) : undefined;
      if (!rate) return { party, refusal: "noRate" };
      return rate.forbidden ? { party, refusal: "forbidden" } : { party, rate };
    }),
  );
}
