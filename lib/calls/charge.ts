// Charging a batch of call records (docs/domain.md, "Charging and CDR
// batches"): each record is checked, deduplicated by its call id, rated at
// every level of its chain with the core (lib/calls/rating.ts, chain.ts) and
// stored; every party's calls of the batch are booked as ONE ledger row with
// its balance, in the batch's one transaction. The JSON API, the CSV import
// (browser and `npm run cdr:import`), the seed and "charge again" all come
// through here.
//
// Built for throughput under one hot reseller (every call of the switch
// charges the same top-level balance row):
// - set-based: each step is one statement over arrays (unnest), whatever the
//   batch size: the call ids, the records, the levels, the accounts' and the
//   customers' bookings;
// - a call id is claimed by INSERT ... ON CONFLICT DO NOTHING into
//   cdr_call_ids: the first transaction to commit it wins, a concurrent one
//   waits on the unique index and then finds it a duplicate. Ids are claimed
//   in sorted order, so two batches never wait on each other's ids in a cycle;
// - balances are locked in one fixed order (accounts by id, then vendors by
//   id, then customers deepest first, by id) by every batch, so concurrent batches queue instead
//   of deadlocking; the top-level resellers' rows, the hottest, come last,
//   right before COMMIT, so each is held for one statement and the commit;
// - a batch is one transaction: a crash rolls it back whole and the switch
//   resends it (the call ids it had not committed are free again).
import type { Db } from "@/lib/db/create-client";
import { callScope, type Principal } from "@/lib/access/access";
import { DomainError } from "@/lib/errors/domain-error";
import { problem, type Problem } from "@/lib/errors/problem";
import { loadChains, type AccountChain } from "./chain";
import { cdrBatchSizeProblem, cdrRecordSchema, recordRefusal, type CdrField, type CdrRecord } from "./cdr-schema";
import { rateVendors, type VendorCharge } from "@/lib/routing/vendor-cost";
import { arrayLiteral, BatchRows, bookTotals, endActiveCalls, ensureMonths, inTransaction, insertRows, rateRecords, writeChargeAudit, type ChargeAudit, type Client, type Rated } from "./charging";

export type CdrSource = "api" | "import" | "seed";

/** What became of one record of a batch (same index as the record). */
export type CdrOutcome =
  | { outcome: "charged"; callId: string; cdrId: bigint; cost: bigint; currency: string; billedDuration: number }
  | { outcome: "duplicate"; callId: string }
  | { outcome: "unrated"; callId: string; cdrId: bigint; reason: Problem }
  /** `field`: the record's field the reason is about (null: the record as a whole). */
  | { outcome: "refused"; callId: string | null; reason: Problem; field: CdrField | null };

export interface ChargeOptions {
  source: CdrSource;
  /** A person charging (the CSV import): an audit record in the batch's transaction, with its counts. */
  audit?: Omit<ChargeAudit, "actor">;
  /** For the connect-time bounds; tests pin it. */
  now?: () => Date;
}

// ------------------------------------------------------------ the batch

/**
 * Charges a batch of records (up to MAX_CDR_BATCH) as `principal` (the API
 * key's owner, the importing customer; its right and subtree decide which
 * accounts it may charge: any other account is "unknown"). Answers one
 * outcome per record, in order. Refuses the whole batch only when the
 * principal may not charge at all or the batch is empty or too large.
 */
export async function chargeBatch(db: Db, principal: Principal, input: readonly unknown[], options: ChargeOptions): Promise<CdrOutcome[]> {
  const scope = callScope(principal, "charge"); // refuses without the right
  const size = cdrBatchSizeProblem(input.length);
  if (size) throw new DomainError(size as Problem);

  const outcomes: (CdrOutcome | undefined)[] = new Array(input.length);
  const schema = cdrRecordSchema({ now: options.now });
  const valid: { index: number; record: CdrRecord }[] = [];
  const firstOf = new Set<string>();
  input.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const callId = raw && typeof raw === "object" && typeof (raw as { callId?: unknown }).callId === "string" ? (raw as { callId: string }).callId : null;
      const { field, problem: reason } = recordRefusal(parsed.error);
      outcomes[index] = { outcome: "refused", callId, reason: reason as Problem, field };
      return;
    }
    // The same call id twice in one batch: the first is the call, the rest are duplicates.
    if (firstOf.has(parsed.data.callId)) {
      outcomes[index] = { outcome: "duplicate", callId: parsed.data.callId };
      return;
    }
    firstOf.add(parsed.data.callId);
    valid.push({ index, record: parsed.data });
  });

  // The accounts, by username, among those the principal may charge, and their chains.
  const keys = [...new Set(valid.map((v) => v.record.accountKey))];
  const params: unknown[] = [keys];
  const { rows: found } = keys.length
    ? await db.$pool.query<{ id: number; username_key: string }>(
        `SELECT id, username_key FROM accounts WHERE username_key = ANY($1::text[]) AND archived_at IS NULL AND ${scope.sql.render(params)}`,
        params,
      )
    : { rows: [] };
  const chains = await loadChains(
    db.$pool,
    found.map((r) => r.id),
  );
  const chainOf = new Map(found.flatMap((r) => (chains.has(r.id) ? [[r.username_key, chains.get(r.id)!] as const] : [])));
  const inReach: Item[] = [];
  for (const { index, record } of valid) {
    const chain = chainOf.get(record.accountKey);
    if (chain) inReach.push({ index, record, chain });
    else outcomes[index] = { outcome: "refused", callId: record.callId, reason: problem("cdrUnknownAccount", { account: record.account }), field: "account" };
  }
  // The vendor's side of each record that names its connection (rated on the pool, no lock held); a connection that
  // cannot have carried the call refuses its record.
  const vendors = await rateVendors(db.$pool, inReach);
  const known: (Item & { vendor: VendorCharge | null })[] = [];
  inReach.forEach((item, i) => {
    const vendor = vendors[i]!;
    if (vendor && "refusal" in vendor) outcomes[item.index] = { outcome: "refused", callId: item.record.callId, reason: vendor.refusal, field: "connectionId" };
    else known.push({ ...item, vendor });
  });

  if (known.length) {
    await ensureMonths(
      db,
      known.map((k) => k.record.connectTime),
    );
    // Rated before the transaction, on the pool: rating reads tariffs (a
    // per-process copy checked against their versions) and holds no lock;
    // the transaction then only claims, writes and books.
    const rated = await rateRecords(db.$pool, known);
    const items = known.map((k, i) => ({ ...k, rated: { ...rated[i]!, vendor: k.vendor } }));
    const audit = options.audit ? { ...options.audit, actor: { id: principal.id, path: principal.path } } : null;
    const stored = await inTransaction(db, (client) => storeBatch(client, items, principal.id, options.source, audit));
    for (const [index, outcome] of stored) outcomes[index] = outcome;
    await endActiveCalls(
      db,
      known.map((k) => k.record.callId),
    );
  }
  return outcomes as CdrOutcome[];
}

interface Item {
  index: number;
  record: CdrRecord;
  chain: AccountChain;
}

type RatedItem = Item & { rated: Rated };

const byCallId = (a: Item, b: Item) => (a.record.callId < b.record.callId ? -1 : a.record.callId > b.record.callId ? 1 : 0);

/** The batch's transaction: claims the call ids, stores the winners (rated already) and books the parties. */
async function storeBatch(client: Client, known: RatedItem[], actorId: number, source: CdrSource, audit: ChargeAudit | null): Promise<Map<number, CdrOutcome>> {
  const outcomes = new Map<number, CdrOutcome>();
  // Claimed in sorted order (call ids are ASCII: JavaScript's order is the C
  // collation's), so batches waiting on each other's ids never form a cycle.
  const sorted = [...known].sort(byCallId);
  const { rows: claimed } = await client.query(
    `INSERT INTO cdr_call_ids (call_id, cdr_id, connect_time)
     SELECT c.call_id, nextval('cdrs_id_seq'), c.connect_time
     FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS c(call_id, connect_time, n) ORDER BY c.n
     ON CONFLICT (call_id) DO NOTHING
     RETURNING call_id, cdr_id::text AS cdr_id`,
    [arrayLiteral(sorted.map((k) => k.record.callId)), arrayLiteral(sorted.map((k) => k.record.connectTime))],
  );
  const cdrIdOf = new Map(claimed.map((r) => [r.call_id as string, r.cdr_id as string]));
  const winners = known.filter(({ index, record }) => {
    if (cdrIdOf.has(record.callId)) return true;
    outcomes.set(index, { outcome: "duplicate", callId: record.callId });
    return false;
  });
  const rows = new BatchRows();
  winners.forEach(({ index, rated: r }) => {
    const { record, chain, charges } = r;
    const cdrId = cdrIdOf.get(record.callId)!;
    rows.add(cdrId, r);
    const own = charges?.[0];
    if (own) {
      outcomes.set(index, { outcome: "charged", callId: record.callId, cdrId: BigInt(cdrId), cost: own.cost, currency: chain.parties[0]!.currency, billedDuration: own.billed });
    } else {
      outcomes.set(index, { outcome: "unrated", callId: record.callId, cdrId: BigInt(cdrId), reason: r.reason! });
    }
  });
  if (winners.length) {
    await insertRows(client, rows, { source, insertCdrs: true });
    await bookTotals(client, rows.totals.values(), actorId);
  }
  if (audit) {
    const count = (o: CdrOutcome["outcome"]) => [...outcomes.values()].filter((x) => x.outcome === o).length;
    await writeChargeAudit(client, audit, { records: known.length, charged: count("charged"), duplicates: count("duplicate"), unrated: count("unrated") });
  }
  return outcomes;
}
