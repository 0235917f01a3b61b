// npm run bench:cluster (scripts/deploy/bench-cluster.sh brings the topology
// up, runs this, brings it down): the deployment storm of docs/deploy.md, on
// the topology scripts/deploy/up.sh started. Through HAProxy, at once:
// - a ledger storm: XML-RPC customerAddFunds/accountAddFunds, each booking
//   with an idempotency key and sent twice at the same moment (round robin
//   puts the two copies on different instances), an answer lost in transit
//   sent again with the same key;
// - a CDR batch storm: POST /api/v1/cdrs, 10% of each batch's call ids
//   already charged, every batch sent twice at once, lost answers resent;
// - logins: a session made on instance 1 used on instance 2, then signed out
//   there and its copied cookie refused on instance 1; a login throttled by
//   failures on instance 1 stays throttled on instance 2;
// one app instance SIGKILLed mid-storm. Then: `npm run ledger:verify` on the
// primary, no call id charged twice, every acknowledged booking present
// exactly once. Then the primary is stopped and the standby promoted; the
// surviving instance (not restarted) books again and verify passes on the
// new primary. Prints a table (pasted into bench/README.md); exit 1 on any failed check.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { InTransit, callServerAction, getPage, newDigestClient, postCdrs, signIn, signOut, sleep, untilAnswered, xmlrpcCall } from "./storm-clients";

const PROJECT = resolve(import.meta.dirname, "../..");
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const DIR = env("SWITCHBOARD_DEPLOY_DIR", join(PROJECT, ".data/deploy"));
const PG_BIN = env("SWITCHBOARD_DEPLOY_PG_BIN", "/usr/lib/postgresql/15/bin");
const PORTS = {
  primary: Number(env("DEPLOY_PRIMARY_PORT", "55550")),
  standby: Number(env("DEPLOY_STANDBY_PORT", "55551")),
  pgFrontend: Number(env("DEPLOY_PG_FRONTEND_PORT", "55552")),
  app: Number(env("DEPLOY_APP_FRONTEND_PORT", "3250")),
  instances: env("DEPLOY_APP_PORTS", "3251 3252").split(/\s+/).map(Number),
};
// The storm's size: enough to overlap every kind of request for tens of seconds on 2 cores.
const LEDGER_WORKERS = Number(env("STORM_LEDGER_WORKERS", "6"));
const LEDGER_BOOKINGS = Number(env("STORM_LEDGER_BOOKINGS", "40")); // per worker
const CDR_WORKERS = Number(env("STORM_CDR_WORKERS", "3"));
const CDR_BATCHES = Number(env("STORM_CDR_BATCHES", "20")); // per worker
const CDR_BATCH_SIZE = Number(env("STORM_CDR_BATCH_SIZE", "100"));

const secrets = Object.fromEntries(
  readFileSync(join(DIR, "secrets.env"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
) as Record<string, string>;
const dbUrl = (port: number) => `postgresql://switchboard_app:${secrets.PG_APP_PASSWORD}@127.0.0.1:${port}/switchboard`;
/** pg_stat_replication shows its positions to superusers (and pg_monitor) only. */
const superuserUrl = (port: number) => `postgresql://postgres:${secrets.PG_SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`;
const APP = `http://127.0.0.1:${PORTS.app}`;
const instanceUrl = (i: number) => `http://127.0.0.1:${PORTS.instances[i]}`;
const XMLRPC = `${APP}/xmlapi/xmlapi`;
const run = randomBytes(4).toString("hex");

// ------------------------------------------------------------ results table
interface Row {
  check: string;
  value: string;
  ok: boolean;
}
const rows: Row[] = [];
const report = (check: string, value: string | number, ok: boolean) => {
  rows.push({ check, value: String(value), ok });
  console.log(`${ok ? "ok  " : "FAIL"} ${check}: ${value}`);
};

async function query<T extends pg.QueryResultRow>(port: number, text: string, values: unknown[] = [], url = dbUrl(port)): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL program as the servers' owner (postgres when we are root). */
function asPostgres(program: string, args: string[]) {
  const command = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", join(PG_BIN, program), ...args]] : [join(PG_BIN, program), args];
  return spawnSync(command[0] as string, command[1] as string[], { encoding: "utf8", timeout: 90_000 });
}

/** npm run ledger:verify against one server: its exit code and summary line. */
function verify(port: number) {
  const result = spawnSync(join(PROJECT, "node_modules/.bin/tsx"), ["scripts/ledger-verify.ts"], {
    cwd: PROJECT,
    env: { ...process.env, DATABASE_URL: dbUrl(port) },
    encoding: "utf8",
    timeout: 300_000,
  });
  const lines = result.stdout.trim().split("\n");
  return { code: result.status, summary: lines.at(-1) ?? "", mismatches: lines.slice(0, -1) };
}

const pids = (group: number) =>
  spawnSync("pgrep", ["-g", String(group)], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean)
    .map(Number);

// ------------------------------------------------------------ set-up
// Maintenance is the parent's (docs/domain.md, "Customers, balances and
// maintenance"): Root books for its direct customers, a reseller for its own
// customers and accounts. Each booker gets an API password and the API right
// as its parent would set them (the HA1 the app stores), and Root a JSON API
// key made by the app's own command (npm run api-key).
const API_PASSWORD = `Storm-${run}-api`;
const BOOKERS = ["root", "acme", "volga"];
const apiHa1 = (login: string) => createHash("md5").update(`${login}:switchboard:${API_PASSWORD}`).digest("hex");
for (const login of BOOKERS) {
  await query(PORTS.pgFrontend, `UPDATE customers SET api_digest_ha1 = $1, rights = rights | $2 WHERE login_key = $3`, [apiHa1(login), 1 << 13, login]);
}
const keyRun = spawnSync("node", ["--conditions=react-server", "--import", "tsx", "scripts/api-key.ts", "--as", "root", "--name", `Storm ${run}`], {
  cwd: PROJECT,
  env: { ...process.env, DATABASE_URL: dbUrl(PORTS.pgFrontend) },
  encoding: "utf8",
  timeout: 120_000,
});
const apiKey = keyRun.stdout.match(/sbk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/)?.[0];
if (!apiKey) throw new Error(`npm run api-key failed: ${keyRun.stderr || keyRun.stdout}`);

/** What a booker may book on: its direct customers and its own accounts (SIP phones), in their currencies. */
interface Target {
  booker: string;
  method: "customerAddFunds" | "accountAddFunds";
  param: "i_customer" | "i_account";
  id: number;
  currency: string;
}
const targets = await query<Target>(
  PORTS.pgFrontend,
  `SELECT p.login_key AS booker, 'customerAddFunds' AS method, 'i_customer' AS param, c.id, c.base_currency AS currency
     FROM customers c JOIN customers p ON p.id = c.parent_id WHERE p.login_key = ANY($1)
   UNION ALL
   SELECT p.login_key, 'accountAddFunds', 'i_account', a.id, a.currency
     FROM accounts a JOIN customers p ON p.id = a.customer_id WHERE p.login_key = ANY($1) AND a.username ~ '-10[0-2]$'
   ORDER BY 1, 2, 4`,
  [BOOKERS],
);
// Call records for every demo phone: to +1 (rated on every chain but Kazan's), Kazan's to +49.
const accounts = await query<{ id: number; username: string }>(PORTS.pgFrontend, "SELECT id, username FROM accounts WHERE username ~ '-10[0-2]$' ORDER BY id");
if (!accounts.length || new Set(targets.map((t) => t.booker)).size !== BOOKERS.length) throw new Error("the demo tree is missing: run scripts/deploy/up.sh (it seeds it)");
const firstRootTarget = targets.find((t) => t.booker === "root")!;

/** The ledger row's key for an XML-RPC idempotency_key, as lib/xmlrpc/funds.ts derives it (a UUID from its SHA-256). */
function storedKey(given: string) {
  const h = createHash("sha256").update(`api-key:${given}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ------------------------------------------------------------ ledger storm
interface Booking {
  key: string;
  target: Target;
  amount: string;
  acked: number;
}
const bookings: Booking[] = [];
const counters = { ledgerSends: 0, ledgerRetries: 0, ledgerErrors: [] as string[], cdrSends: 0, cdrRetries: 0, cdrErrors: [] as string[] };
let ledgerDone = 0;
let cdrBatchesDone = 0;
const ledgerProgress = () => ledgerDone / (LEDGER_WORKERS * LEDGER_BOOKINGS);
const cdrProgress = () => cdrBatchesDone / (CDR_WORKERS * CDR_BATCHES);

/**
 * Holds a storm back while it is more than a tenth ahead of the other (and
 * the other still runs): the two run at rates of their own (bookings are
 * slower per item), and the kill at a third of both must land in both.
 */
async function keepPace(mine: () => number, other: () => number) {
  while (mine() > other() + 0.1 && other() < 1) await sleep(20);
}

async function ledgerWorker(w: number) {
  // Two clients per booker: the copies of a booking go out at once, each with its own Digest nonce.
  const clients = new Map(BOOKERS.map((login) => [login, [newDigestClient(login, API_PASSWORD), newDigestClient(login, API_PASSWORD)]]));
  for (let i = 0; i < LEDGER_BOOKINGS; i++) {
    await keepPace(ledgerProgress, cdrProgress);
    const target = targets[(w * LEDGER_BOOKINGS + i) % targets.length]!;
    const booking: Booking = {
      key: `storm-${run}-${w}-${i}`,
      target,
      amount: `${1 + ((w * 7 + i * 13) % 50)}.${String((i * 37) % 100).padStart(2, "0")}`,
      acked: 0,
    };
    bookings.push(booking);
    const params = { [target.param]: target.id, amount: booking.amount, currency: target.currency, payment_notes: `storm ${run}`, idempotency_key: booking.key };
    await Promise.all(
      clients.get(target.booker)!.map(async (client) => {
        try {
          const answer = await untilAnswered(
            () => {
              counters.ledgerSends++;
              return xmlrpcCall(client, XMLRPC, target.method, params);
            },
            () => counters.ledgerRetries++,
          );
          if (answer.result === "OK") booking.acked++;
          else counters.ledgerErrors.push(`${booking.key}: ${JSON.stringify(answer)}`);
        } catch (error) {
          counters.ledgerErrors.push(`${booking.key} (${target.booker} ${target.method} ${target.id}): ${(error as Error).message}`);
        }
      }),
    );
    ledgerDone++;
  }
}

// ------------------------------------------------------------ CDR storm
const callIds = new Set<string>();
let cdrCharged = 0;
let cdrDuplicates = 0;
let cdrOther = 0;

async function cdrWorker(w: number) {
  const earlier: string[] = [];
  for (let b = 0; b < CDR_BATCHES; b++) {
    await keepPace(cdrProgress, ledgerProgress);
    const records = Array.from({ length: CDR_BATCH_SIZE }, (_, i) => {
      // 10% of the records repeat a call id charged by an earlier batch.
      const repeat = earlier.length > 0 && i % 10 === 0;
      const callId = repeat ? earlier[(b * 31 + i) % earlier.length]! : `storm-${run}-${w}-${b}-${i}@switch`;
      const account = accounts[(w * 5 + b * 3 + i) % accounts.length]!;
      return {
        callId,
        account: account.username,
        cli: "15551230000",
        cld: `${/^kazan-/.test(account.username) ? "+49 30" : "+1 212"} 555 ${String(1000 + ((b * CDR_BATCH_SIZE + i) % 9000)).padStart(4, "0")}`,
        connectTime: new Date(Date.now() - 3_600_000 + (b * CDR_BATCH_SIZE + i) * 1000).toISOString(),
        duration: 10 + ((w * 17 + b * 7 + i) % 290),
        result: 200,
      };
    });
    for (const r of records) callIds.add(r.callId);
    // The batch and its resend at the same moment (to both instances, by round robin).
    await Promise.all(
      [0, 1].map(async () => {
        try {
          const answer = await untilAnswered(
            () => {
              counters.cdrSends++;
              return postCdrs(APP, apiKey!, records);
            },
            () => counters.cdrRetries++,
          );
          cdrCharged += answer.charged;
          cdrDuplicates += answer.duplicates;
          cdrOther += answer.unrated + answer.refused;
        } catch (error) {
          counters.cdrErrors.push(`batch ${w}/${b}: ${(error as Error).message}`);
        }
      }),
    );
    earlier.push(...records.filter((r) => !earlier.includes(r.callId)).map((r) => r.callId));
    cdrBatchesDone++;
  }
}

// ------------------------------------------------------------ logins across instances
async function loginChecks() {
  const password = secrets.DEMO_PASSWORD!;
  // A session cookie made on instance 1 opens pages on instance 2.
  const session = await signIn(instanceUrl(0), "acme", password);
  const page = await getPage(instanceUrl(1), "/customers", session.jar);
  report("session made on instance 1, GET /customers on instance 2", `${page.status}, ${page.html.includes("Acme Telecom") ? "shows the viewer" : "viewer not shown"}`, session.error === null && page.status === 200 && page.html.includes("Acme Telecom"));
  // Signing out on instance 2 revokes the session: a copy of its cookie is refused on instance 1.
  const copied = new Map(session.jar);
  const signedOut = await signOut(instanceUrl(1), session.jar);
  const reused = await getPage(instanceUrl(0), "/customers", copied);
  const refused = reused.status >= 300 && reused.status < 400 && (reused.location ?? "").includes("/login");
  report("signed out on instance 2, a copy of the cookie on instance 1", `sign-out ${signedOut}, then ${reused.status} to ${reused.location}`, signedOut === 200 && refused);
  // Ten failures for one login on instance 1; the right password on instance 2 is refused as throttled.
  let failures = 0;
  for (let i = 0; i < 10; i++) if ((await signIn(instanceUrl(0), "bolt", `wrong-${i}-password`)).error === "CredentialsSignin") failures++;
  const after = await signIn(instanceUrl(1), "bolt", password);
  report("10 failed logins on instance 1, then the right password on instance 2", `${failures} refused, then "${after.error}"`, failures === 10 && after.error === "throttled");
  const other = await signIn(instanceUrl(1), "kazan", password);
  report("another login on instance 2 meanwhile", other.error === null ? "signed in" : `"${other.error}"`, other.error === null);
}

// ------------------------------------------------------------ the storm
const before = {
  customers: new Map((await query<{ id: number; balance: string }>(PORTS.pgFrontend, "SELECT id, balance::text FROM customers")).map((r) => [r.id, BigInt(r.balance)])),
  accounts: new Map((await query<{ id: number; balance: string }>(PORTS.pgFrontend, "SELECT id, balance::text FROM accounts")).map((r) => [r.id, BigInt(r.balance)])),
};
const victimGroup = Number(readFileSync(join(DIR, "app1.pid"), "utf8"));
const survivorGroup = Number(readFileSync(join(DIR, "app2.pid"), "utf8"));
const survivorPids = pids(survivorGroup);
console.log(`storm ${run}: ${LEDGER_WORKERS}x${LEDGER_BOOKINGS} bookings (each sent twice), ${CDR_WORKERS}x${CDR_BATCHES} CDR batches of ${CDR_BATCH_SIZE} (each sent twice), logins; instance 1 killed once both are a third done`);
const started = Date.now();
let killedAt = 0;
const progressAtKill = { ledger: 0, cdrs: 0 };
let loginsDone = false;
const killer = (async () => {
  // Once both storms are a third done (the later of the two), so the kill lands in both, and the
  // login checks, which address instance 1 directly (not through HAProxy), have finished with it.
  while (ledgerDone < (LEDGER_WORKERS * LEDGER_BOOKINGS) / 3 || cdrBatchesDone < (CDR_WORKERS * CDR_BATCHES) / 3 || !loginsDone) await sleep(50);
  process.kill(-victimGroup, "SIGKILL"); // the supervisor and its Next server at once: no restart
  killedAt = Date.now() - started;
  progressAtKill.ledger = ledgerProgress();
  progressAtKill.cdrs = cdrProgress();
  console.log(`instance 1 (process group ${victimGroup}) SIGKILLed after ${killedAt} ms`);
})();
const finished = { ledger: 0, cdrs: 0 };
await Promise.all([
  Promise.all(Array.from({ length: LEDGER_WORKERS }, (_, w) => ledgerWorker(w))).then(() => (finished.ledger = Date.now() - started)),
  Promise.all(Array.from({ length: CDR_WORKERS }, (_, w) => cdrWorker(w))).then(() => (finished.cdrs = Date.now() - started)),
  loginChecks().finally(() => (loginsDone = true)),
  killer,
]);
const stormMs = Date.now() - started;
const loadDuring = loadavg()[0]!;

// ------------------------------------------------------------ after the storm
report("machine load (1-minute load average at the storm's end, cores)", `${loadDuring.toFixed(1)}, ${cpus().length} cores`, true);
report("storm duration", `${(stormMs / 1000).toFixed(1)} s (instance 1 killed at ${(killedAt / 1000).toFixed(1)} s)`, true);
const pct = (f: number) => `${Math.round(f * 100)}%`;
report("both storms still running when instance 1 was killed", `bookings ${pct(progressAtKill.ledger)}, CDR batches ${pct(progressAtKill.cdrs)} done`, progressAtKill.ledger < 1 && progressAtKill.cdrs < 1);
report("XML-RPC sends (2 per booking) / resent after a lost answer", `${counters.ledgerSends} / ${counters.ledgerRetries}`, true);
report("ledger storm: bookings per second (each sent twice)", `${(bookings.length / (finished.ledger / 1000)).toFixed(1)} (${bookings.length} in ${(finished.ledger / 1000).toFixed(1)} s)`, true);
report("ledger errors (a fault or no answer within 60 s)", counters.ledgerErrors.length ? counters.ledgerErrors.slice(0, 3).join("; ") : 0, counters.ledgerErrors.length === 0);
const keys = bookings.map((b) => storedKey(b.key));
const stored = new Map(
  (
    await query<{ key: string; n: number; amount: string; customer_id: number | null; account_id: number | null }>(
      PORTS.primary,
      `SELECT idempotency_key AS key, count(*)::int AS n, sum(amount)::text AS amount, min(customer_id) AS customer_id, min(account_id) AS account_id
         FROM transactions WHERE idempotency_key = ANY($1) GROUP BY idempotency_key`,
      [keys],
    )
  ).map((r) => [r.key, r]),
);
const acked = bookings.filter((b) => b.acked > 0);
report("bookings acknowledged (of the keys sent)", `${acked.length} of ${bookings.length} (${bookings.filter((b) => b.acked === 2).length} acknowledged to both copies)`, acked.length === bookings.length);
report("acknowledged bookings missing on the primary", acked.filter((b) => !stored.has(storedKey(b.key))).length, acked.every((b) => stored.has(storedKey(b.key))));
report("idempotency keys booked more than once", [...stored.values()].filter((r) => r.n > 1).length, [...stored.values()].every((r) => r.n === 1));
// Every storm booking moved its holder's balance by exactly the one ledger row its key made.
const delta = new Map<string, bigint>();
for (const b of bookings) {
  const row = stored.get(storedKey(b.key));
  if (!row) continue;
  const holder = row.customer_id !== null ? `c${row.customer_id}` : `a${row.account_id}`;
  delta.set(holder, (delta.get(holder) ?? 0n) + BigInt(row.amount));
}
const after = {
  customers: new Map((await query<{ id: number; balance: string }>(PORTS.primary, "SELECT id, balance::text FROM customers")).map((r) => [r.id, BigInt(r.balance)])),
  accounts: new Map((await query<{ id: number; balance: string }>(PORTS.primary, "SELECT id, balance::text FROM accounts")).map((r) => [r.id, BigInt(r.balance)])),
};
const callsMoved = new Map(
  (
    await query<{ holder: string; amount: string }>(
      PORTS.primary,
      `SELECT CASE WHEN customer_id IS NOT NULL THEN 'c' || customer_id ELSE 'a' || account_id END AS holder, sum(amount)::text AS amount
         FROM transactions WHERE type = 'calls' AND vendor_id IS NULL AND created_at >= to_timestamp($1 / 1000.0) GROUP BY 1`,
      [started],
    )
  ).map((r) => [r.holder, BigInt(r.amount)]),
);
let holdersOff = 0;
for (const [kind, map, prefix] of [["customers", after.customers, "c"], ["accounts", after.accounts, "a"]] as const) {
  for (const [id, balance] of map) {
    const was = before[kind].get(id) ?? 0n;
    const holder = `${prefix}${id}`;
    if (balance - was !== (delta.get(holder) ?? 0n) + (callsMoved.get(holder) ?? 0n)) holdersOff++;
  }
}
report("holders whose balance moved by other than their storm bookings + call charges", holdersOff, holdersOff === 0);

report("CDR batch sends (2 per batch) / resent after a lost answer", `${counters.cdrSends} / ${counters.cdrRetries}`, true);
report("CDR storm: distinct records per second", `${(callIds.size / (finished.cdrs / 1000)).toFixed(1)} (${callIds.size} in ${(finished.cdrs / 1000).toFixed(1)} s)`, true);
report("CDR errors", counters.cdrErrors.length ? counters.cdrErrors.slice(0, 3).join("; ") : 0, counters.cdrErrors.length === 0);
const cdrRows = (
  await query<{ ids: number; rows: number; twice: number }>(
    PORTS.primary,
    `SELECT count(DISTINCT call_id)::int AS ids, count(*)::int AS rows,
            (SELECT count(*)::int FROM (SELECT call_id FROM cdrs WHERE call_id = ANY($1) GROUP BY call_id HAVING count(*) > 1) d) AS twice
       FROM cdrs WHERE call_id = ANY($1)`,
    [[...callIds]],
  )
)[0]!;
report("distinct call ids sent / stored", `${callIds.size} / ${cdrRows.ids}`, callIds.size === cdrRows.ids);
report("call ids charged more than once", cdrRows.twice, cdrRows.twice === 0 && cdrRows.rows === cdrRows.ids);
report("answers: charged / duplicate / unrated+refused", `${cdrCharged} / ${cdrDuplicates} / ${cdrOther}`, cdrCharged <= callIds.size && cdrCharged > 0 && cdrOther === 0);

const afterStorm = verify(PORTS.primary);
report("npm run ledger:verify on the primary", afterStorm.summary, afterStorm.code === 0);
for (const line of afterStorm.mismatches.slice(0, 10)) console.log(`  ${line}`);

// ------------------------------------------------------------ reads from the standby
// With DATABASE_REPLICA_URL on the instances (up.sh, DEPLOY_REPLICA_READS=1):
// replay paused on the standby, a customer renamed on the primary. The
// customers page (a stale-OK read) on the surviving instance shows the old
// name, so it read the standby. Then the browser makes a change of its own
// through the real server action (blocking that customer): the action's
// answer sets the marker cookie (the primary's WAL position), and the same
// page shows the new name, so it read the primary (read-your-writes). Once
// replay resumes, a browser without a marker sees it too.
if (env("DEPLOY_REPLICA_READS", "1") === "1") {
  const acme = await signIn(instanceUrl(1), "acme", secrets.DEMO_PASSWORD!);
  const [child] = await query<{ id: number; web_login: string }>(
    PORTS.primary,
    "SELECT c.id, c.web_login FROM customers c JOIN customers p ON p.id = c.parent_id WHERE p.login_key = 'acme' AND c.archived_at IS NULL AND NOT c.blocked ORDER BY c.id LIMIT 1",
  );
  const manifest = JSON.parse(readFileSync(join(PROJECT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const setBlockedId = Object.entries(manifest.node).find(([, a]) => a.filename === "lib/actions/customers.ts" && a.exportedName === "setBlockedAction")?.[0];
  const renamed = `Storm ${run} renamed`;
  /** Which name the customers page lists for the child: "new", "old", or what went wrong. */
  const listed = async (jar: Map<string, string>) => {
    const page = await getPage(instanceUrl(1), `/customers?q=${encodeURIComponent(child!.web_login)}`, jar);
    if (page.status !== 200 || !page.html.includes(child!.web_login)) return `HTTP ${page.status}, the child not listed`;
    return page.html.includes(renamed) ? "new" : "old";
  };
  const standbyAdmin = superuserUrl(PORTS.standby);
  await query(PORTS.standby, "SELECT pg_wal_replay_pause()", [], standbyAdmin);
  try {
    await query(PORTS.primary, "UPDATE customers SET name = $1 WHERE id = $2", [renamed, child!.id]);
    await sleep(1500); // the instance's standby check (once a second) has seen the position
    const stale = await listed(new Map(acme.jar));
    report("replay paused, a customer renamed on the primary: GET /customers on instance 2 (no change of the browser's own)", stale === "old" ? "old name: read from the standby" : stale, acme.error === null && stale === "old");
    const jar = new Map(acme.jar);
    const action = setBlockedId ? await callServerAction(instanceUrl(1), "/customers", setBlockedId, [child!.id, { blocked: true }], jar) : null;
    const blocked = (await query<{ blocked: boolean }>(PORTS.primary, "SELECT blocked FROM customers WHERE id = $1", [child!.id]))[0]!.blocked;
    const marker = decodeURIComponent(jar.get("sb-wal") ?? ""); // Next writes the cookie's "/" as %2F
    report("the browser blocks that customer (the real server action): its answer sets the marker", action ? `HTTP ${action.status}, blocked ${blocked}, sb-wal=${marker || "(none)"}` : "setBlockedAction not in the build's manifest", action?.status === 200 && blocked && /^[0-9A-F]+\/[0-9A-F]+$/.test(marker));
    const own = await listed(jar);
    report("then GET /customers with that cookie (read-your-writes)", own === "new" ? "new name: read from the primary" : own, own === "new");
  } finally {
    await query(PORTS.standby, "SELECT pg_wal_replay_resume()", [], standbyAdmin);
  }
  let caughtUp = false;
  for (let i = 0; i < 40 && !caughtUp; i++) {
    await sleep(250);
    caughtUp = (await listed(new Map(acme.jar))) === "new";
  }
  report("replay resumed: GET /customers without a marker", caughtUp ? "new name" : "old name after 10 s", caughtUp);
}

// ------------------------------------------------------------ failover
const lag = (await query<{ lag: string }>(PORTS.primary, "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), -1)::text AS lag FROM pg_stat_replication", [], superuserUrl(PORTS.primary)))[0]!.lag;
report("standby replay lag before failover (bytes)", lag, Number(lag) >= 0);
const stopped = asPostgres("pg_ctl", ["-D", join(DIR, "pg/primary"), "-m", "fast", "-w", "stop"]);
report("pg_ctl stop -m fast (primary)", stopped.status === 0 ? "stopped" : stopped.stderr.trim(), stopped.status === 0);
const promoteStart = Date.now();
const promoted = asPostgres("pg_ctl", ["-D", join(DIR, "pg/standby"), "-w", "promote"]);
report("pg_ctl promote (standby)", promoted.status === 0 ? `promoted in ${Date.now() - promoteStart} ms` : promoted.stderr.trim(), promoted.status === 0);
// The surviving instance books through HAProxy; its pool reconnects to whichever server passes the check.
const failoverKey = `storm-${run}-after-failover`;
const client = newDigestClient("root", API_PASSWORD);
let attempts = 0;
let booked = false;
const deadline = Date.now() + 60_000;
while (!booked && Date.now() < deadline) {
  attempts++;
  try {
    const answer = await xmlrpcCall(client, XMLRPC, "customerAddFunds", {
      i_customer: firstRootTarget.id,
      amount: "1.00",
      currency: firstRootTarget.currency,
      idempotency_key: failoverKey,
    });
    booked = answer.result === "OK";
  } catch (error) {
    if (!(error instanceof InTransit) && !/HTTP 5\d\d|fault 500/.test((error as Error).message)) throw error;
    await sleep(250);
  }
}
report("booking through HAProxy after promotion", booked ? `acknowledged ${Date.now() - promoteStart} ms after promote, ${attempts} attempt(s)` : "never", booked);
const onNew = await query<{ n: number }>(PORTS.standby, "SELECT count(*)::int AS n FROM transactions WHERE idempotency_key = $1", [storedKey(failoverKey)]);
report("that booking on the promoted server", onNew[0]!.n, onNew[0]!.n === 1);
const survived = await query<{ n: number }>(PORTS.standby, "SELECT count(*)::int AS n FROM transactions WHERE idempotency_key = ANY($1)", [acked.map((b) => storedKey(b.key))]);
report("acknowledged storm bookings on the promoted server", `${survived[0]!.n} of ${acked.length}`, survived[0]!.n === acked.length);
const samePids = pids(survivorGroup);
report("instance 2 not restarted (same processes)", samePids.join(",") === survivorPids.join(",") ? "same" : `${survivorPids} -> ${samePids}`, samePids.join(",") === survivorPids.join(","));
const afterFailover = verify(PORTS.standby);
report("npm run ledger:verify on the promoted server", afterFailover.summary, afterFailover.code === 0);

// ------------------------------------------------------------ table
console.log("\n| check | result | |\n| --- | --- | --- |");
for (const r of rows) console.log(`| ${r.check} | ${r.value.replaceAll("|", "\\|")} | ${r.ok ? "ok" : "**FAIL**"} |`);
const failed = rows.filter((r) => !r.ok).length;
console.log(failed ? `\n${failed} check(s) failed.` : "\nEvery check passed.");
process.exitCode = failed ? 1 : 0;
