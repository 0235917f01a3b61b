// npm run simulate: a switch, through the public JSON API only (docs/api.md).
// For each call: POST /api/v1/authorize; if allowed, it rings and is answered
// (or not) through the first route's connection when the answer lists routes
// (the record then names it: connectionId, so the vendor's cost is booked), lasts a random time scaled down by --speed, and its record goes to
// POST /api/v1/cdrs in batches; a refused call's record carries the refusal's
// result code. It stops by itself after --calls calls (or --seconds), waits
// for the calls in progress, sends the last records and prints what the API
// answered. Exit 0: every request and record accepted; 1: any refused record
// or failed request; 2: bad options, no key, or the API unreachable.
import { performance } from "node:perf_hooks";
import { callSeconds, DEMO_PHONES, destinationsOf, numberIn, randomSource, UNANSWERED_RESULTS, UNPRICED_COUNTRY, type Random } from "./simulate-plan";

const USAGE = `usage: npm run simulate -- [options]
  --url URL            the app (default http://localhost:$PORT, PORT 3000)
  --key KEY            an API key (default $SWITCHBOARD_API_KEY); make one on the API keys page
                       or with: npm run api-key -- --as root --name Simulator
  --calls N            calls to place, then stop (default 100)
  --seconds S          or stop placing calls after S seconds
  --cps R              new calls per second (default 5)
  --concurrency C      calls in progress at most (default 20)
  --duration D         mean length of an answered call, seconds (default 90)
  --speed X            simulated seconds per real second (default 60)
  --unanswered F       share of calls nobody answers, 0 to 1 (default 0.2)
  --refused F          share of calls to a destination no tariff prices, 0 to 1 (default 0.05)
  --accounts A,B,...   the accounts that call (default: the demo tree's phones)
  --batch N            records per POST /api/v1/cdrs (default 100; sent at least every second)
  --seed N             random seed: the same seed places the same calls
  --quiet              no progress lines`;

interface Options {
  url: string;
  key: string;
  calls: number;
  seconds: number | null;
  cps: number;
  concurrency: number;
  duration: number;
  speed: number;
  unanswered: number;
  refused: number;
  accounts: string[];
  batch: number;
  seed: number;
  quiet: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  const given = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quiet" || arg === "--help") {
      flags.add(arg.slice(2));
      continue;
    }
    if (!arg.startsWith("--") || i + 1 >= argv.length) throw new UsageError(`Unexpected "${arg}".`);
    given.set(arg.slice(2), argv[++i]!);
  }
  if (flags.has("help")) throw new UsageError("");
  const known = new Set(["url", "key", "calls", "seconds", "cps", "concurrency", "duration", "speed", "unanswered", "refused", "accounts", "batch", "seed"]);
  for (const name of given.keys()) if (!known.has(name)) throw new UsageError(`Unknown option --${name}.`);
  const number = (name: string, fallback: number, min: number, max: number, integer = false) => {
    const text = given.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new UsageError(`--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, not "${text}".`);
    }
    return value;
  };
  const key = given.get("key") ?? process.env.SWITCHBOARD_API_KEY ?? "";
  if (!key) throw new UsageError("No API key: pass --key or set SWITCHBOARD_API_KEY.");
  if (!/^sbk_\S+$/.test(key)) throw new UsageError("--key is not an API key: keys look like sbk_ followed by 60 characters.");
  const url = (given.get("url") ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
  if (!/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--url must be an http(s) URL, not "${url}".`);
  const accounts = (given.get("accounts")?.split(",") ?? DEMO_PHONES).map((a) => a.trim()).filter(Boolean);
  if (accounts.length === 0) throw new UsageError("--accounts names no account.");
  const unanswered = number("unanswered", 0.2, 0, 1);
  const refused = number("refused", 0.05, 0, 1);
  if (unanswered + refused > 1) throw new UsageError("--unanswered and --refused together cannot exceed 1.");
  return {
    url,
    key,
    calls: number("calls", 100, 1, 10_000_000, true),
    seconds: given.has("seconds") ? number("seconds", 0, 1, 86_400) : null,
    cps: number("cps", 5, 0.01, 10_000),
    concurrency: number("concurrency", 20, 1, 100_000, true),
    duration: number("duration", 90, 1, 14_400),
    speed: number("speed", 60, 0.1, 100_000),
    unanswered,
    refused,
    accounts,
    batch: number("batch", 100, 1, 10_000, true),
    seed: number("seed", Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31, true),
    quiet: flags.has("quiet"),
  };
}

/** A failure that ends the run: the key refused, or the API out of reach. */
class FatalError extends Error {}

interface Cdr {
  callId: string;
  account: string;
  cli: string;
  cld: string;
  connectTime: string;
  duration: number;
  result: number;
  /** The connection that carried the call: the first route of the authorization answer, when it listed routes. */
  connectionId?: number;
}

interface Tally {
  placed: number;
  allowed: number;
  /** Allowed calls the answer gave routes for (sent through a vendor's connection). */
  routed: number;
  refusedByCode: Map<string, number>;
  answered: number;
  unanswered: number;
  simulatedSeconds: number;
  charged: number;
  duplicates: number;
  unrated: number;
  recordsRefused: number;
  failedRequests: number;
  authorizeMs: number[];
  firstProblems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Api {
  constructor(
    private readonly options: Options,
    private readonly tally: Tally,
  ) {}

  async post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.key}`, "content-type": "application/json", "accept-language": "en" },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new FatalError(`Cannot reach ${this.options.url}: ${(error as Error).cause ? String((error as { cause: unknown }).cause) : (error as Error).message}. Is the app running (npm start)?`);
    }
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 401) throw new FatalError(`The API refused the key: ${String(json.detail ?? response.statusText)}`);
    return { status: response.status, json };
  }

  problem(where: string, status: number, json: Record<string, unknown>) {
    this.tally.failedRequests += 1;
    if (this.tally.firstProblems.length < 5) this.tally.firstProblems.push(`${where}: HTTP ${status} ${String(json.code ?? "")} ${String(json.detail ?? "")}`.trim());
  }
}

/** Records waiting to be sent; sent when a batch is full, every second, and at the end. */
class RecordSender {
  private waiting: Cdr[] = [];
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout;
  /** What ended the sending (the key refused, the API gone); the run reports it. */
  fatal: FatalError | null = null;

  constructor(
    private readonly api: Api,
    private readonly batch: number,
    private readonly tally: Tally,
  ) {
    this.timer = setInterval(() => void this.flush(), 1000);
  }

  add(cdr: Cdr) {
    this.waiting.push(cdr);
    if (this.waiting.length >= this.batch) void this.flush();
  }

  /** Sends what waits, one batch after another (a batch resent after a failure books nothing twice). */
  flush(): Promise<void> {
    const records = this.waiting.splice(0, this.waiting.length);
    if (records.length === 0) return this.sending;
    this.sending = this.sending
      .then(async () => {
        if (this.fatal) return;
        for (let start = 0; start < records.length; start += this.batch) await this.send(records.slice(start, start + this.batch));
      })
      .catch((error: unknown) => {
        if (!(error instanceof FatalError)) throw error;
        this.fatal ??= error;
      });
    return this.sending;
  }

  private async send(records: Cdr[]) {
    for (let attempt = 1; ; attempt++) {
      const { status, json } = await this.api.post("/api/v1/cdrs", { records });
      if (status === 200) {
        this.tally.charged += Number(json.charged ?? 0);
        this.tally.duplicates += Number(json.duplicates ?? 0);
        this.tally.unrated += Number(json.unrated ?? 0);
        this.tally.recordsRefused += Number(json.refused ?? 0);
        for (const outcome of (json.records as { outcome: string; callId: string; reason?: string }[] | undefined) ?? []) {
          if (outcome.outcome === "refused" && this.tally.firstProblems.length < 5) this.tally.firstProblems.push(`record ${outcome.callId}: ${outcome.reason}`);
        }
        return;
      }
      // A server error or an overload: the same batch again (duplicates are harmless), a few times.
      if (status >= 500 && attempt < 3) {
        await sleep(500 * attempt);
        continue;
      }
      this.api.problem("POST /api/v1/cdrs", status, json);
      return;
    }
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}

async function placeCall(n: number, options: Options, random: Random, api: Api, sender: RecordSender, tally: Tally, runTag: string) {
  const account = options.accounts[Math.floor(random() * options.accounts.length)]!;
  const roll = random();
  const refusedOnPurpose = roll < options.refused;
  const unanswered = !refusedOnPurpose && roll < options.refused + options.unanswered;
  const countries = destinationsOf(account);
  const cld = numberIn(refusedOnPurpose ? UNPRICED_COUNTRY : countries[Math.floor(random() * countries.length)]!, random);
  const cli = `+1555${String(1_000_000 + Math.floor(random() * 9_000_000))}`;
  const callId = `sim-${runTag}-${n}@switchboard-simulator`;
  const ringSeconds = 3 + Math.floor(random() * 25);
  const length = callSeconds(options.duration, random);
  tally.placed += 1;

  const started = performance.now();
  const { status, json } = await api.post("/api/v1/authorize", { account, callId, cli, cld });
  tally.authorizeMs.push(performance.now() - started);
  const connectTime = new Date().toISOString();
  if (status !== 200) {
    api.problem("POST /api/v1/authorize", status, json);
    return;
  }
  const record = { callId, account, cli, cld, connectTime };
  if (json.allowed !== true) {
    const key = `${String(json.result)} ${String(json.reason)}`;
    tally.refusedByCode.set(key, (tally.refusedByCode.get(key) ?? 0) + 1);
    // A switch records a refused call with the refusal's code; an unknown account has nobody to record it for.
    if (json.reason !== "account_not_found") sender.add({ ...record, duration: 0, result: Number(json.result) });
    return;
  }
  tally.allowed += 1;
  // The switch sends the call through the first route (a real one fails over to the next); no routes: it routes by itself.
  const first = (json.routes as { connectionId: number }[] | undefined)?.[0];
  const carried = { ...record, ...(first ? { connectionId: first.connectionId } : {}) };
  if (first) tally.routed += 1;
  if (unanswered) {
    await sleep((ringSeconds * 1000) / options.speed);
    tally.unanswered += 1;
    sender.add({ ...carried, duration: 0, result: UNANSWERED_RESULTS[n % UNANSWERED_RESULTS.length]! });
    return;
  }
  const duration = Math.min(length, Number(json.maxDuration));
  await sleep(((ringSeconds + duration) * 1000) / options.speed);
  tally.answered += 1;
  tally.simulatedSeconds += duration;
  sender.add({ ...carried, duration, result: 200 });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(options: Options): Promise<number> {
  const random = randomSource(options.seed);
  const runTag = `${Date.now().toString(36)}-${options.seed.toString(36)}`;
  const tally: Tally = {
    ...{ placed: 0, allowed: 0, routed: 0, refusedByCode: new Map(), answered: 0, unanswered: 0, simulatedSeconds: 0 },
    ...{ charged: 0, duplicates: 0, unrated: 0, recordsRefused: 0, failedRequests: 0, authorizeMs: [], firstProblems: [] },
  };
  const api = new Api(options, tally);
  const sender = new RecordSender(api, options.batch, tally);
  const say = (line: string) => options.quiet || console.log(line);
  say(`Simulating ${options.seconds ? `up to ${options.calls} calls for ${options.seconds} s` : `${options.calls} calls`} at ${options.cps}/s against ${options.url} (seed ${options.seed}).`);

  const start = performance.now();
  const inProgress = new Set<Promise<void>>();
  let fatal: FatalError | null = null;
  const progress = setInterval(() => {
    const refused = [...tally.refusedByCode.values()].reduce((a, b) => a + b, 0);
    say(`  ${tally.placed} placed, ${inProgress.size} in progress, ${tally.answered} answered, ${tally.unanswered} unanswered, ${refused} refused; records: ${tally.charged} charged`);
  }, 5000);
  try {
    for (let n = 0; n < options.calls && !fatal; n++) {
      if (options.seconds !== null && performance.now() - start > options.seconds * 1000) break;
      // Paced at --cps; when --concurrency calls are in progress, the next waits for one to end.
      const due = start + (n * 1000) / options.cps;
      if (due > performance.now()) await sleep(due - performance.now());
      while (inProgress.size >= options.concurrency) await Promise.race(inProgress);
      const call: Promise<void> = placeCall(n, options, random, api, sender, tally, runTag)
        .catch((error: unknown) => {
          if (error instanceof FatalError) fatal ??= error;
          else throw error;
        })
        .finally(() => inProgress.delete(call));
      inProgress.add(call);
    }
    await Promise.all(inProgress);
  } finally {
    clearInterval(progress);
    await sender.close();
  }
  fatal ??= sender.fatal;
  if (fatal) {
    console.error((fatal as FatalError).message);
    return 2;
  }

  const seconds = (performance.now() - start) / 1000;
  const refused = [...tally.refusedByCode.entries()].sort().map(([code, count]) => `${count} x ${code}`);
  console.log(
    [
      `Done in ${seconds.toFixed(1)} s: ${tally.placed} calls placed (${(tally.placed / seconds).toFixed(1)}/s).`,
      `  authorized ${tally.allowed}: ${tally.answered} answered (${Math.round(tally.simulatedSeconds / 60)} simulated minutes), ${tally.unanswered} not answered; ${tally.routed} through a vendor's connection`,
      `  refused ${refused.length ? refused.join(", ") : "none"}`,
      `  authorize latency p50 ${percentile(tally.authorizeMs, 50).toFixed(1)} ms, p95 ${percentile(tally.authorizeMs, 95).toFixed(1)} ms`,
      `  records: ${tally.charged} charged, ${tally.duplicates} duplicates, ${tally.unrated} unrated, ${tally.recordsRefused} refused`,
      `  failed requests: ${tally.failedRequests}`,
      ...tally.firstProblems.map((p) => `  ! ${p}`),
    ].join("\n"),
  );
  return tally.failedRequests + tally.recordsRefused > 0 ? 1 : 0;
}

try {
  process.exitCode = await run(parseOptions(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  if (error.message) console.error(error.message);
  console.error(USAGE);
  process.exitCode = 2;
}
