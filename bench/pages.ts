// Bench case "pages": the customers, accounts and calls pages over HTTP as
// "big" (50,000 customers, 100,000 accounts), each under 20 concurrent users
// against 1 user in the same run, with the size of one response (the HTML as
// sent uncompressed, and gzipped as a browser receives it), and /customers at
// 20 users from one web process against the default one per core. Targets (issue 15):
// >= 100 req/s and p95 < 150 ms at 20 users, at most 40 KB a page.
//
// Standalone: node --conditions=react-server --import tsx bench/pages.ts
// (`npm run bench:pages`; needs `npm run bench:seed` and builds the app when
// its sources changed). From `npm run bench` via pageRows().
import type { BenchRow } from "./authorization";
import { BENCH } from "./config";
import { httpLoads, type HttpLoadResult } from "./http";
import { runStandalone } from "./standalone";

const ms = (v: number) => `${v.toFixed(2)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const MAX_PAGE_BYTES = 40 * 1024;

export const PAGES = [
  { label: "GET /customers (50k reseller)", path: "/customers" },
  { label: "GET /accounts (100k accounts)", path: "/accounts" },
  { label: "GET /calls", path: "/calls" },
];

/** The rows of the table; `extra` pages are loaded by 1 user only and compared with the first page of their list. */
export async function pageRows(databaseUrl: string, extra: { label: string; path: string; against: string }[] = []): Promise<BenchRow[]> {
  const single = (path: string) => ({ path, connections: 1, durationSeconds: 5 });
  const results = await httpLoads({ databaseUrl, port: BENCH.appPort, login: "big", password: BENCH.password }, [
    ...PAGES.flatMap((p) => [{ path: p.path, connections: 20, durationSeconds: 15 }, single(p.path)]),
    ...extra.map((e) => single(e.path)),
  ]);
  // The same 20 users on /customers against one web process: what the second process buys.
  const [oneProcess] = await httpLoads(
    { databaseUrl, port: BENCH.appPort, login: "big", password: BENCH.password, serverEnv: { SWITCHBOARD_WEB_PROCESSES: "1" } },
    [{ path: PAGES[0]!.path, connections: 20, durationSeconds: 15 }],
  );
  const bad = (r: HttpLoadResult) => (r.errors + r.non2xx ? `, ${r.errors + r.non2xx} bad` : "");
  const rows: BenchRow[] = PAGES.map((p, i) => {
    const [many, one] = [results[2 * i]!, results[2 * i + 1]!];
    const met = many.p95 < 150 && many.requestsPerSecond >= 100;
    return {
      operation: `${p.label}, 20 users; page ${kb(one.bytes.plain)} (gzip ${kb(one.bytes.gzip)})`,
      p50: ms(many.p50),
      p95: ms(many.p95),
      rows: `${many.requestsPerSecond.toFixed(0)} req/s${bad(many)}`,
      baseline: `1 user: ${one.requestsPerSecond.toFixed(0)} req/s, p95 ${ms(one.p95)}`,
      ratio: `${(many.requestsPerSecond / one.requestsPerSecond).toFixed(2)}x`,
      target: `p95 < 150 ms, >= 100 req/s: ${met ? "met" : "MISSED"}; <= 40 KB: ${one.bytes.plain <= MAX_PAGE_BYTES ? "met" : "MISSED"}`,
    };
  });
  const processes = results[0]!;
  rows.push({
    operation: `${PAGES[0]!.label}, 20 users, one web process per core against one`,
    p50: ms(processes.p50),
    p95: ms(processes.p95),
    rows: `${processes.requestsPerSecond.toFixed(0)} req/s`,
    baseline: `1 process: ${oneProcess!.requestsPerSecond.toFixed(0)} req/s, p95 ${ms(oneProcess!.p95)}`,
    ratio: `${(processes.requestsPerSecond / oneProcess!.requestsPerSecond).toFixed(2)}x`,
    target: "",
  });
  extra.forEach((e, i) => {
    const r = results[2 * PAGES.length + i]!;
    const plain = results[2 * PAGES.findIndex((p) => p.path === e.against) + 1]!;
    rows.push({
      operation: `${e.label}, 1 user`,
      p50: ms(r.p50),
      p95: ms(r.p95),
      rows: `${r.requestsPerSecond.toFixed(0)} req/s${bad(r)}`,
      baseline: `GET ${e.against}, 1 user: ${ms(plain.p50)} / ${ms(plain.p95)}`,
      ratio: `${(r.p50 / plain.p50).toFixed(2)}x`,
      target: "",
    });
  });
  return rows;
}

await runStandalone(import.meta.url, (databaseUrl) => pageRows(databaseUrl));
