// A real switch in the loop: Debian's Kamailio with kamailio/switchboard.cfg,
// in front of this test server's JSON API, and SIPp (Debian's sip-tester) as
// the caller and as two vendor gateways, all on 127.0.0.1 (SIP ports
// 5160-5163). Calls go caller -> Kamailio -> gateway; Kamailio asks
// /api/v1/authorize, fails over from the cheaper gateway (which answers 503)
// to the next route, cuts a call at its allowed duration, gives up when every
// route failed, and reports every record to /api/v1/cdrs. Then the database
// must hold exactly what the tariffs say: each CDR, each level's charge, the
// vendor's cost and charge, the margins; and the refused calls (no credit, a
// forbidden destination) must never have reached a gateway.
//
// Kamailio and SIPp are installed by scripts/ensure-kamailio.sh (apt-get, as
// Chromium is): missing and not installable is a failure, never a skip.
// Everything started here is bounded (coreutils `timeout`, SIPp -timeout) and
// stopped at the end, by its own process group.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { insertCustomer } from "../lib/customers/insert-customer";
import { textKey } from "../lib/forms/text";
import { parseAmount } from "../lib/money";
import { makeApiKey } from "../tests/api-keys";
import { E2E } from "./settings";
import { expect, sql, test } from "./fixtures";

const HOST = "127.0.0.1";
const KAMAILIO_PORT = 5160;
const CALLER_PORT = 5161;
const FAILING_GATEWAY_PORT = 5162;
const GATEWAY_PORT = 5163;
const SCENARIOS = join(process.cwd(), "kamailio", "sipp");
/** Debian installs it in /usr/sbin, which a regular user's PATH may lack. */
const KAMAILIO = existsSync("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio";
/** Seconds the "long" call may last: its account's max credit time. */
const MAX_CREDIT_TIME = 3;

function money(text: string): bigint {
  const parsed = parseAmount(text, "USD", { maxDecimals: 6 });
  if (!parsed.ok) throw new Error(`not an amount: ${text}`);
  return parsed.value;
}
const tag = randomBytes(3).toString("hex");

let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));

// ------------------------------------------------------------ processes

interface Running {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}
const running: Running[] = [];

/** Starts a process in a group of its own (stopped with its children at the end), under a hard time limit. */
function launch(name: string, seconds: number, command: string, args: string[], cwd: string): Running {
  const child = spawn("timeout", ["--signal=TERM", "--kill-after=5", String(seconds), command, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const proc = { name, child, output: () => output, exited };
  running.push(proc);
  return proc;
}

async function stop(proc: Running) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  try {
    process.kill(-proc.child.pid!, "SIGTERM");
  } catch {
    return;
  }
  const killed = await Promise.race([proc.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
  if (!killed) {
    try {
      process.kill(-proc.child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

interface CallResult {
  code: number | null;
  output: string;
  messages: string;
}

/** One SIPp caller run: `scenario` with its keys, one call, bounded; answers its exit code, output and message log. */
async function call(dir: string, scenario: string, account: string, number: string, extra: string[] = []): Promise<CallResult> {
  const log = join(dir, `caller-${randomBytes(3).toString("hex")}.log`);
  const args = [
    ...["-sf", join(SCENARIOS, scenario), "-i", HOST, "-p", String(CALLER_PORT), "-key", "account", account, "-s", number],
    ...["-m", "1", "-nostdin", "-timeout", "15s", "-timeout_error", "-trace_msg", "-message_file", log, ...extra, `${HOST}:${KAMAILIO_PORT}`],
  ];
  return new Promise((resolve) => {
    execFile("sipp", args, { cwd: dir, timeout: 20_000, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, output: `${stdout}${stderr}`, messages: existsSync(log) ? readFileSync(log, "utf8") : "" });
    });
  });
}

/**
 * Seconds between the caller receiving the 200 OK and receiving the switch's
 * BYE, from its SIPp message log (each message is preceded by a line of
 * dashes and its local timestamp, then "UDP message received").
 */
function talkTimeUntilBye(messages: string): number | null {
  const received = messages
    .split(/^-{20,} /m)
    .map((block) => /^(\S+ \S+)\nUDP message received[^\n]*\n\n([^\n]*)/.exec(block))
    .flatMap((m) => (m ? [{ at: new Date(m[1]!.replace(" ", "T")).getTime(), first: m[2]! }] : []));
  const answered = received.find((r) => r.first.startsWith("SIP/2.0 200"));
  const bye = received.find((r) => r.first.startsWith("BYE "));
  return answered && bye ? (bye.at - answered.at) / 1000 : null;
}

/** How many INVITEs a gateway has received (its SIPp message log). */
function invitesSeen(log: string): number {
  return existsSync(log) ? (readFileSync(log, "utf8").match(/^INVITE sip:/gm) ?? []).length : 0;
}

/** Kamailio answers a keepalive OPTIONS once it listens. */
async function kamailioAnswers(): Promise<boolean> {
  const socket = createSocket("udp4");
  try {
    await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
    const { port } = socket.address();
    const branch = `z9hG4bK${randomBytes(6).toString("hex")}`;
    const message = [
      `OPTIONS sip:${HOST}:${KAMAILIO_PORT} SIP/2.0`,
      `Via: SIP/2.0/UDP ${HOST}:${port};branch=${branch}`,
      `From: <sip:probe@${HOST}:${port}>;tag=${branch}`,
      `To: <sip:${HOST}:${KAMAILIO_PORT}>`,
      `Call-ID: probe-${branch}`,
      "CSeq: 1 OPTIONS",
      "Max-Forwards: 70",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.on("message", (data) => {
        clearTimeout(timer);
        resolve(data.toString().startsWith("SIP/2.0 200"));
      });
      socket.send(message, KAMAILIO_PORT, HOST);
    });
  } finally {
    socket.close();
  }
}

async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

// ------------------------------------------------------------ data

/**
 * Root -> a telco directly under Root (wholesale tariff: 0.30/min) -> its
 * phones (retail: 0.60/min, Germany 49; 4999 forbidden); every interval 60 s,
 * so any call up to a minute costs one minute. The telco's routing group
 * (least cost) has two vendors for 49: "Cheap" (0.10/min, the gateway that
 * answers 503) and "Good" (0.12/min, the gateway that answers), which
 * does not take 4940 (a forbidden route of its set).
 */
async function makeWorld() {
  const db = database();
  const [root] = await sql<{ id: number; path: string; depth: number; base_currency: string }>("SELECT id, path, depth, base_currency FROM customers WHERE parent_id IS NULL");
  const tariff = async (ownerId: number, name: string, perMinute: string, forbidden: string[] = []) => {
    const row = await db.tariff.create({ data: { ownerId, name, nameKey: textKey(name), currency: "USD" } });
    await db.tariffRate.createMany({
      data: [
        { tariffId: row.id, prefix: "49", price1: money(perMinute), priceN: money(perMinute), interval1: 60, intervalN: 60 },
        ...forbidden.map((prefix) => ({ tariffId: row.id, prefix, price1: 0n, priceN: 0n, interval1: 60, intervalN: 60, forbidden: true })),
      ],
    });
    return row;
  };
  const wholesale = await tariff(root!.id, `Kam wholesale ${tag}`, "0.30");
  const telco = await insertCustomer(db, {
    parent: root!,
    name: `Kam Telco ${tag}`,
    webLogin: `kam-telco-${tag}`,
    passwordHash: "not-a-login",
    language: "en",
    timeZone: "UTC",
    baseCurrency: "USD",
    tariffId: wholesale.id,
    creditLimit: money("100"),
  });
  const retail = await tariff(telco.id, `Kam retail ${tag}`, "0.60", ["4999"]);
  const phone = async (suffix: string, data: { creditLimit: bigint; maxCreditTime?: number }) => {
    const username = `kam-${tag}-${suffix}`;
    await db.account.create({
      data: {
        ...{ customerId: telco.id, ownerPath: telco.path, username, usernameKey: textKey(username), authname: username },
        ...{ voipHa1: "0".repeat(32), voipRealm: "switchboard", webPasswordHash: "not-a-login", tariffId: retail.id, currency: "USD" },
        ...{ maxSessions: 2, ...data },
      },
    });
    return username;
  };
  const talker = await phone("talker", { creditLimit: money("10") });
  const long = await phone("long", { creditLimit: money("10"), maxCreditTime: MAX_CREDIT_TIME });
  const broke = await phone("broke", { creditLimit: 0n });
  await sql("UPDATE customers SET live_accounts = live_accounts + 3 WHERE id = $1", [telco.id]);

  const carrier = async (name: string, port: number, perMinute: string, forbidden: string[] = []) => {
    const vendor = await db.vendor.create({ data: { name: `${name} ${tag}`, nameKey: textKey(`${name} ${tag}`), currency: "USD" } });
    const connection = await db.connection.create({ data: { vendorId: vendor.id, name: `${name} gw`, nameKey: textKey(`${name} gw`), host: HOST, port, protocol: "udp" } });
    const set = await db.destinationSet.create({ data: { name: `${name} set ${tag}`, nameKey: textKey(`${name} set ${tag}`), currency: "USD" } });
    await db.destinationRoute.create({ data: { destinationSetId: set.id, prefix: "49", price1: money(perMinute), priceN: money(perMinute), interval1: 60, intervalN: 60 } });
    for (const prefix of forbidden) await db.destinationRoute.create({ data: { destinationSetId: set.id, prefix, price1: 0n, priceN: 0n, interval1: 60, intervalN: 60, forbidden: true } });
    return { vendor, connection, set };
  };
  const cheap = await carrier("Kam Cheap", FAILING_GATEWAY_PORT, "0.10");
  // "Good" does not take 4940: calls there have the failing gateway as their only route.
  const good = await carrier("Kam Good", GATEWAY_PORT, "0.12", ["4940"]);
  const group = await db.routingGroup.create({ data: { name: `Kam group ${tag}`, nameKey: textKey(`Kam group ${tag}`), policy: "least_cost" } });
  for (const c of [cheap, good]) await db.routingGroupEntry.create({ data: { routingGroupId: group.id, connectionId: c.connection.id, destinationSetId: c.set.id } });
  await db.customer.update({ where: { id: telco.id }, data: { routingGroupId: group.id } });

  const key = await makeApiKey(db, root!);
  return { root: root!, telco, talker, long, broke, cheap, good, key };
}

// ------------------------------------------------------------ the run

test.describe.configure({ mode: "serial" });

let dir = "";
let world: Awaited<ReturnType<typeof makeWorld>>;
let kamailio: Running;
const gatewayLogs = { failing: "", good: "" };

test.beforeAll(async () => {
  test.setTimeout(300_000); // a first run installs the packages (apt-get)
  try {
    execFileSync("bash", ["scripts/ensure-kamailio.sh"], { stdio: "pipe", timeout: 280_000 });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`scripts/ensure-kamailio.sh failed: Kamailio and SIPp are needed for this test.\n${e.stderr?.toString() ?? ""}${e.stdout?.toString() ?? ""}${e.message}`);
  }
  world = await makeWorld();

  dir = mkdtempSync(join(tmpdir(), "switchboard-kamailio-"));
  copyFileSync(join(process.cwd(), "kamailio", "switchboard.cfg"), join(dir, "switchboard.cfg"));
  writeFileSync(
    join(dir, "switchboard-local.cfg"),
    [
      `#!define SWITCHBOARD_API "http://${HOST}:${E2E.port}/api/v1"`,
      `#!define SWITCHBOARD_API_KEY "${world.key.token}"`,
      `#!substdef "!LISTEN!udp:${HOST}:${KAMAILIO_PORT}!g"`,
      `#!define TRUSTED_CALLERS "${HOST}/32"`,
      "#!define SIP_WORKERS 2",
      // A silent gateway is given up on quickly here (a real one gets 3 s).
      "#!define GATEWAY_TIMEOUT 2000",
      "",
    ].join("\n"),
  );
  gatewayLogs.failing = join(dir, "gateway-503.log");
  gatewayLogs.good = join(dir, "gateway.log");
  const gateway = (scenario: string, port: number, log: string) =>
    launch(scenario, 120, "sipp", ["-sf", join(SCENARIOS, scenario), "-i", HOST, "-p", String(port), "-nostdin", "-timeout", "110s", "-trace_msg", "-message_file", log], dir);
  gateway("gateway-503.xml", FAILING_GATEWAY_PORT, gatewayLogs.failing);
  gateway("gateway.xml", GATEWAY_PORT, gatewayLogs.good);
  kamailio = launch("kamailio", 150, KAMAILIO, ["-f", join(dir, "switchboard.cfg"), "-DD", "-E", "-P", join(dir, "kamailio.pid"), "-Y", dir, "-m", "64", "-M", "8"], dir);
  await waitUntil("Kamailio to answer OPTIONS", async () => (kamailio.child.exitCode !== null ? Promise.reject(new Error(`Kamailio exited:\n${kamailio.output()}`)) : kamailioAnswers()), 15_000);
});

test.afterAll(async () => {
  for (const proc of running.splice(0)) await stop(proc);
  if (dir && !process.env.SWITCHBOARD_KEEP_KAMAILIO_DIR) rmSync(dir, { recursive: true, force: true });
  await db?.$disconnect();
  db = undefined;
});

test("calls through Kamailio: routed, failed over, cut at the allowed duration, refused without reaching a vendor, and charged exactly", async () => {
  test.setTimeout(90_000);
  const diagnostics = () => `--- kamailio\n${kamailio.output().slice(-6000)}`;

  // 1. An answered call: the cheaper gateway answers 503, the next route carries it.
  const talk = await call(dir, "caller.xml", world.talker, "4930123456", ["-d", "1500"]);
  expect(talk.code, `${talk.output}\n${diagnostics()}`).toBe(0);
  expect(invitesSeen(gatewayLogs.failing)).toBe(1);
  expect(invitesSeen(gatewayLogs.good)).toBe(1);

  // 2. A call longer than allowed (max credit time 3 s): Kamailio sends BYE when it is up
  // (its dialog timer ticks once a second: up to a second early, a little late under load).
  const long = await call(dir, "caller-cut.xml", world.long, "4930765432");
  expect(long.code, `${long.output}\n${diagnostics()}`).toBe(0);
  const talked = talkTimeUntilBye(long.messages);
  expect(talked, long.messages).not.toBeNull();
  expect(talked!).toBeGreaterThan(MAX_CREDIT_TIME - 1);
  expect(talked!).toBeLessThan(MAX_CREDIT_TIME + 1);
  expect(invitesSeen(gatewayLogs.good)).toBe(2);

  // 3. Refused calls never reach a vendor: no credit (402), a forbidden destination (403).
  const broke = await call(dir, "caller-refused.xml", world.broke, "4930111111");
  expect(broke.code, `${broke.output}\n${diagnostics()}`).toBe(0);
  expect(broke.messages).toMatch(/^SIP\/2\.0 402 Payment Required/m);
  expect(broke.messages).toMatch(/^X-Switchboard-Result: -20 insufficient_balance/m);
  const forbidden = await call(dir, "caller-refused.xml", world.talker, "4999123456");
  expect(forbidden.code, `${forbidden.output}\n${diagnostics()}`).toBe(0);
  expect(forbidden.messages).toMatch(/^SIP\/2\.0 403 Forbidden/m);
  expect(forbidden.messages).toMatch(/^X-Switchboard-Result: -21 forbidden_destination/m);
  expect(invitesSeen(gatewayLogs.failing)).toBe(2);
  expect(invitesSeen(gatewayLogs.good)).toBe(2);

  // 4. Every route fails (4940: only the gateway that answers 503): the caller gets 500 (a proxy never passes
  // a 503 back, RFC 3261 16.7), and the call is recorded with the gateway's 503.
  const failed = await call(dir, "caller-refused.xml", world.talker, "4940123456");
  expect(failed.code, `${failed.output}\n${diagnostics()}`).toBe(0);
  expect(failed.messages).toMatch(/^SIP\/2\.0 500 /m);
  expect(invitesSeen(gatewayLogs.failing)).toBe(3);
  expect(invitesSeen(gatewayLogs.good)).toBe(2);

  // Every record arrives (Kamailio posts it when the call ends).
  const { telco, cheap, good } = world;
  type CdrRow = { account: string; cld: string; duration: number; result: number; cost: string; billed_duration: number; connection_id: number | null; vendor_id: number | null; vendor_cost: string | null; vendor_currency: string | null };
  const cdrs = await waitUntil(
    "the five call records",
    async () => {
      const rows = await sql<CdrRow>(
        `SELECT a.username AS account, c.cld, c.duration, c.result, c.cost::text, c.billed_duration, c.connection_id, c.vendor_id, c.vendor_cost::text, c.vendor_currency
         FROM cdrs c JOIN accounts a ON a.id = c.account_id WHERE c.customer_id = $1 ORDER BY c.id`,
        [telco.id],
      );
      return rows.length >= 5 ? rows : false;
    },
    10_000,
  ).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${diagnostics()}`)));
  expect(cdrs).toHaveLength(5);
  // The last two calls' records may arrive in either order (the switch posts them as each ends): those two by number.
  const notAllowed = cdrs.find((r) => r.cld === "4999123456")!;
  const allFailed = cdrs.find((r) => r.cld === "4940123456")!;
  const [answered, cut, noCredit] = cdrs.filter((r) => r !== notAllowed && r !== allFailed) as [CdrRow, CdrRow, CdrRow];

  // The answered call: 1.5 s of talk, reported rounded up; one minute at each level's price; carried by "Good".
  expect(answered).toMatchObject({ account: world.talker, cld: "4930123456", result: 200, connection_id: good.connection.id, vendor_id: good.vendor.id, vendor_currency: "USD" });
  expect(answered.duration).toBeGreaterThanOrEqual(2);
  expect(answered.duration).toBeLessThanOrEqual(3);
  expect([answered.cost, answered.billed_duration, answered.vendor_cost]).toEqual(["600000", 60, "120000"]);
  // The cut call: exactly the allowed duration.
  expect(cut).toMatchObject({ account: world.long, duration: MAX_CREDIT_TIME, result: 200, cost: "600000", connection_id: good.connection.id, vendor_id: good.vendor.id, vendor_cost: "120000" });
  // The refused calls: recorded with Sippy's result, free, no vendor.
  expect(noCredit).toMatchObject({ account: world.broke, duration: 0, result: -20, cost: "0", connection_id: null, vendor_id: null });
  expect(notAllowed).toMatchObject({ account: world.talker, cld: "4999123456", duration: 0, result: -21, cost: "0", connection_id: null, vendor_id: null });
  // The call no route could carry: the gateway's answer as its result, the last connection tried, nothing owed to it.
  expect(allFailed).toMatchObject({ account: world.talker, cld: "4940123456", duration: 0, result: 503, cost: "0", connection_id: cheap.connection.id, vendor_id: cheap.vendor.id, vendor_cost: "0" });

  // Each level's charge and margin: the phones pay 0.60 a call, the telco pays Root 0.30 (its margin 0.30),
  // Root pays the vendor 0.12 (its margin 0.18); the vendor that failed over carried nothing.
  const levels = await sql<{ level: number; customer_id: number; revenue: string; cost: string | null }>(
    `SELECT l.level, l.customer_id, sum(l.revenue)::text AS revenue, sum(l.cost)::text AS cost
     FROM cdr_levels l JOIN cdrs c ON c.id = l.cdr_id AND c.connect_time = l.connect_time
     WHERE c.customer_id = $1 AND c.result = 200 GROUP BY l.level, l.customer_id ORDER BY l.level`,
    [telco.id],
  );
  expect(levels).toEqual([
    { level: 1, customer_id: telco.id, revenue: "1200000", cost: "600000" },
    { level: 2, customer_id: world.root.id, revenue: "600000", cost: null },
  ]);
  const balances = await sql<{ who: string; balance: string }>(
    `SELECT 'telco' AS who, balance::text FROM customers WHERE id = $1
     UNION ALL SELECT 'good', balance::text FROM vendors WHERE id = $2
     UNION ALL SELECT 'cheap', balance::text FROM vendors WHERE id = $3
     UNION ALL SELECT 'phones', sum(balance)::text FROM accounts WHERE customer_id = $1`,
    [telco.id, good.vendor.id, cheap.vendor.id],
  );
  expect(Object.fromEntries(balances.map((b) => [b.who, b.balance]))).toEqual({ telco: "-600000", good: "240000", cheap: "0", phones: "-1200000" });
  // The vendor's ledger: each record came in a batch of its own, so one 'calls' row per carried call.
  const vendorRows = await sql<{ vendor_id: number; type: string; amount: string; balance_after: string }>(
    "SELECT vendor_id, type, amount::text, balance_after::text FROM transactions WHERE vendor_id = ANY($1::int[]) ORDER BY id",
    [[good.vendor.id, cheap.vendor.id]],
  );
  expect(vendorRows).toEqual([
    { vendor_id: good.vendor.id, type: "calls", amount: "120000", balance_after: "120000" },
    { vendor_id: good.vendor.id, type: "calls", amount: "120000", balance_after: "240000" },
  ]);
  const margin = await sql<{ margin: string }>(
    `SELECT sum(l.revenue - c.vendor_cost)::text AS margin FROM cdrs c JOIN cdr_levels l ON l.cdr_id = c.id AND l.connect_time = c.connect_time AND l.customer_id = $2
     WHERE c.customer_id = $1 AND c.result = 200`,
    [telco.id, world.root.id],
  );
  expect(margin[0]!.margin).toBe("360000");
  // No call is left in progress.
  expect(await sql("SELECT 1 FROM active_calls WHERE owner_path = $1", [telco.path])).toEqual([]);
});
