// `npm start` as a user runs it (its own ports and data folder), and the
// project's commands run beside it: none of them may stop the app's database.
// The production build is made here when the sources changed (as npm start
// does), and reused by the browser tests after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, statSync } from "node:fs";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PROJECT_DIR } from "@/lib/db/config";
import { clusterFiles, postgresUrl, readCredentials, resolveDataDir } from "@/lib/db/embedded-files";
import { runningServer, stopServer } from "@/lib/db/postgres-server";
import { PASSWORDS_FILE } from "./login-report";
import { signInOverHttp } from "@/tests/http-session";
import { descendantsNamed, freePort, httpStatus, isAlive, parentOf, run, signalGroup, start, waitFor, type Started } from "@/tests/processes";

const dataRoot = join(PROJECT_DIR, ".data", `test-start-${randomBytes(4).toString("hex")}`);
const cluster = resolveDataDir(join(dataRoot, "postgres"));
let env: Record<string, string>;
let app: Started;
let loginUrl: string;

beforeAll(async () => {
  const port = await freePort();
  env = {
    PORT: String(port),
    SWITCHBOARD_PG_PORT: String(await freePort()),
    SWITCHBOARD_DATA_DIR: dataRoot,
    DATABASE_URL: "",
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: "start-test-secret",
    SWITCHBOARD_SERVER_RESTARTS: "1",
    // Two web processes whatever the machine's cores (one per core by default).
    SWITCHBOARD_WEB_PROCESSES: "2",
    SWITCHBOARD_LOG_FILE: join(dataRoot, "app.log"),
  };
  loginUrl = `http://localhost:${port}/login`;
  app = start("npm", ["start"], env);
  // Up to a production build on two busy cores, then the start itself.
  await waitFor("the app to answer", async () => (await httpStatus(loginUrl)) === 200 || app.child.exitCode !== null, 420_000);
  if (app.child.exitCode !== null) throw new Error(`npm start exited:\n${app.output()}`);
}, 450_000);

afterAll(async () => {
  if (app && app.child.exitCode === null) {
    signalGroup(app.child, "SIGTERM");
    await Promise.race([app.exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  const left = runningServer(cluster); // this test's own server, if the app could not stop it
  if (left) await stopServer(left.pid);
  rmSync(cluster, { recursive: true, force: true });
  rmSync(dataRoot, { recursive: true, force: true });
}, 60_000);

function getOnNewConnection(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: false, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

async function databaseServes(): Promise<boolean> {
  const credentials = readCredentials(clusterFiles(cluster).credentials)!;
  const client = new pg.Client({ connectionString: postgresUrl(credentials.app, Number(env.SWITCHBOARD_PG_PORT), "switchboard") });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM customers");
    return Number(rows[0]!.n) > 0;
  } finally {
    await client.end();
  }
}

async function expectAppUntouched(postmasterPid: number) {
  expect(await httpStatus(loginUrl)).toBe(200);
  expect(await databaseServes()).toBe(true);
  expect(runningServer(cluster)?.pid).toBe(postmasterPid);
}

describe("npm start", () => {
  it("keeps generated passwords out of its output when that is not a terminal: they go to a 0600 file", () => {
    const file = join(dataRoot, PASSWORDS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const passwords = [...readFileSync(file, "utf8").matchAll(/^\S+\t(\S+)$/gm)].map((m) => m[1]!);
    expect(passwords.length).toBeGreaterThan(1);
    for (const password of passwords) expect(app.output()).not.toContain(password);
    expect(app.output()).toContain(file);
  });

  it("survives ledger:verify, npm run db and db:seed, which use its database and leave it running", async () => {
    const postmaster = runningServer(cluster)!.pid;
    for (const command of [["run", "ledger:verify"], ["run", "db", "--", "node", "-e", "0"], ["run", "db:seed"]]) {
      const { code, output } = await run("npm", command, env);
      expect({ command: command.join(" "), code }, output).toEqual({ command: command.join(" "), code: 0 });
      await expectAppUntouched(postmaster);
    }
  }, 120_000);

  it("refuses a second start on its port, says where the app runs, and leaves it alone", async () => {
    const postmaster = runningServer(cluster)!.pid;
    const { code, output } = await run("npm", ["start"], env);
    expect(code).not.toBe(0);
    expect(output).toContain(`Switchboard is already running at ${env.NEXTAUTH_URL}`);
    await expectAppUntouched(postmaster);
  }, 60_000);

  it("serves from two processes on one port: a session and the login throttle hold across them, /metrics counts both", async () => {
    const servers = descendantsNamed(app.child.pid!, "next-server");
    expect(servers).toHaveLength(2);
    const origin = new URL(loginUrl).origin;
    const root = readFileSync(join(dataRoot, PASSWORDS_FILE), "utf8").match(/^root\t(\S+)$/m)![1]!;
    const signedIn = await signInOverHttp(origin, "root", root);
    expect(signedIn.error).toBeUndefined();

    // The session made by one process opens the page in both.
    const ids = Array.from({ length: 12 }, (_, i) => `start-test-${randomBytes(4).toString("hex")}-${i}`);
    for (const id of ids) {
      // A new connection each time (no keep-alive): connections, not requests, are handed round-robin.
      const response = await getOnNewConnection(`${origin}/customers`, { cookie: signedIn.cookie!, "x-request-id": id });
      expect(response.status).toBe(200);
      expect(response.body).toContain('<main id="main"');
    }
    const lines = readFileSync(env.SWITCHBOARD_LOG_FILE!, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { requestId?: string; pid?: number });
    const servedBy = new Set(lines.filter((l) => l.requestId && ids.includes(l.requestId)).map((l) => l.pid));
    expect([...servedBy].sort()).toEqual([...servers].sort());

    // Failures counted by either process throttle the login in both (10 a minute per login and address).
    const target = `nobody-${randomBytes(3).toString("hex")}`;
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) answers.push((await signInOverHttp(origin, target, "wrong-password-1")).error);
    expect(answers.slice(0, 10).every((e) => e === "CredentialsSignin")).toBe(true);
    expect(answers[10]).toBe("throttled");

    // One scrape sums the two registries: all 12 page loads are counted.
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    const pageLoads = [...metrics.matchAll(/^switchboard_http_requests_total\{([^}]*)\} (\d+)$/gm)]
      .filter(([, labels]) => labels!.includes('method="GET"') && labels!.includes('route="/customers"') && labels!.includes('status="200"'))
      .reduce((sum, [, , n]) => sum + Number(n), 0);
    expect(pageLoads).toBeGreaterThanOrEqual(12);
  }, 60_000);

  it("starts a killed Next server again; past the restart limit it stops the database and exits non-zero", async () => {
    const postmaster = runningServer(cluster)!.pid;
    const [first] = descendantsNamed(app.child.pid!, "next-server");
    expect(first).toBeDefined();
    process.kill(first!, "SIGKILL");
    const second = await waitFor(
      "a new Next server",
      () => descendantsNamed(app.child.pid!, "next-server").find((pid) => pid !== first),
      30_000,
    );
    await waitFor("the app to answer again", async () => (await httpStatus(loginUrl)) === 200, 60_000);
    expect(runningServer(cluster)?.pid).toBe(postmaster);

    // SWITCHBOARD_SERVER_RESTARTS=1: the second death is one too many.
    process.kill(second, "SIGKILL");
    expect(await Promise.race([app.exited, new Promise((r) => setTimeout(() => r("still running"), 30_000))])).toBe(1);
    expect(app.output()).toContain("giving up");
    expect(runningServer(cluster)).toBeUndefined();
  }, 120_000);

  it("takes its Next server along when it is killed itself, so no server outlives the database it needs", async () => {
    // The app of the test before has exited: start it again, then SIGKILL the supervisor alone.
    app = start("npm", ["start"], env);
    await waitFor("the app to answer", async () => (await httpStatus(loginUrl)) === 200 || app.child.exitCode !== null, 120_000);
    const servers = await waitFor("both Next servers", () => {
      const found = descendantsNamed(app.child.pid!, "next-server");
      return found.length === 2 && found;
    }, 30_000);
    const supervisor = parentOf(servers[0]!);
    process.kill(supervisor, "SIGKILL");
    await waitFor("the orphaned Next servers to exit", () => servers.every((pid) => !isAlive(pid)), 15_000);
    // What the app held is free: a command takes the stale database over and works.
    const { code } = await run("npm", ["run", "ledger:verify"], env);
    expect(code).toBe(0);
  }, 180_000);
});
