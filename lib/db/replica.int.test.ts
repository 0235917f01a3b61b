// Reads from the standby (lib/db/replica.ts) against a real streaming pair
// (tests/streaming-pair.ts): with replay paused on the standby, a row written
// to the primary is invisible to a stale-OK read (so that read came from the
// standby), visible right after the same browser's own change (read-your-
// writes), and always visible where the primary is read (the API, access
// checks and money decisions). A lagging or unreachable standby is left alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createPrismaClient, type Db } from "@/lib/db/create-client";
import type { ListParams } from "@/lib/table/list-params";
import { listCustomers, findCustomer, setBlocked, type CustomerSortKey } from "@/lib/customers/customers";
import pino from "pino";
import { bulkCustomersResponse } from "@/lib/actions/bulk-customers-stream";
import { closeReplica, primaryReads, recheckReplica, rememberWrite, withWriteMarker, WAL_MARKER_COOKIE } from "./replica";
import { buildTree, type Tree } from "@/tests/tree";
import { makeCustomer } from "@/tests/factories";
import { startStreamingPair, type StreamingPair } from "@/tests/streaming-pair";

const params: ListParams<CustomerSortKey> = { page: 1, pageSize: 50, sort: "name", dir: "asc", q: "" };

let pair: StreamingPair;
let primary: Db;
let standbyAdmin: pg.Client;
let tree: Tree;

const names = async () => (await listCustomers(tree.viewers.Top, tree.rows.Top.id, params))!.rows.map((r) => r.name).sort();

/** Waits until the standby has replayed everything the primary has now. */
async function caughtUp() {
  const { rows } = await primary.$pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  for (let i = 0; i < 200; i++) {
    const { rows: done } = await standbyAdmin.query("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [rows[0]!.lsn]);
    if (done[0].ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the standby did not catch up within 10 s");
}

beforeAll(async () => {
  pair = await startStreamingPair();
  // The app's own clients (lib/db/client.ts, replica.ts) are made on first use from these.
  process.env.DATABASE_URL = pair.primaryUrl;
  process.env.DATABASE_REPLICA_URL = pair.standbyUrl;
  process.env.SWITCHBOARD_REPLICA_MAX_LAG = "60";
  primary = createPrismaClient(pair.primaryUrl);
  standbyAdmin = new pg.Client({ connectionString: pair.standbyAdminUrl });
  await standbyAdmin.connect();
  tree = await buildTree(primary);
  await caughtUp();
}, 180_000);

afterAll(async () => {
  await standbyAdmin?.query("SELECT pg_wal_replay_resume()").catch(() => {});
  await standbyAdmin?.end();
  await primary?.$disconnect();
  await closeReplica();
  const { db } = await import("./client");
  await db.$disconnect().catch(() => {});
  await pair?.stop();
});

describe("reads that may be a moment old", () => {
  it("come from the standby, and after the browser's own change from a server that has it", async () => {
    await standbyAdmin.query("SELECT pg_wal_replay_pause()");
    const hidden = await makeCustomer(primary, tree.rows.Top, { name: "Zed written on the primary" });
    recheckReplica();

    await withWriteMarker(async () => {
      // Another browser, no change of its own: the paused standby answers, without the new row.
      expect(await names()).toEqual([tree.rows.A.name, tree.rows.B.name].sort());
      // The JSON API and XML-RPC read the primary; so do access checks (they decide writes).
      expect((await primaryReads(() => names())).includes(hidden.name)).toBe(true);
      expect(await findCustomer(tree.viewers.Top, "view", hidden.id)).not.toBeNull();
    });

    await withWriteMarker(async () => {
      // This browser blocks B (the server action's steps: the domain function, then rememberWrite).
      await setBlocked(tree.viewers.Top, tree.rows.B.id, true, null);
      await rememberWrite();
      const page = (await listCustomers(tree.viewers.Top, tree.rows.Top.id, params))!;
      expect(page.rows.find((r) => r.id === tree.rows.B.id)?.blocked).toBe(true);
      expect(page.rows.map((r) => r.name)).toContain(hidden.name);
    });

    // Replay resumes: the standby has both changes, and the browser that made one reads it again.
    await standbyAdmin.query("SELECT pg_wal_replay_resume()");
    await caughtUp();
    recheckReplica();
    await withWriteMarker(async () => {
      const page = (await listCustomers(tree.viewers.Top, tree.rows.Top.id, params))!;
      expect(page.rows.map((r) => r.name)).toContain(hidden.name);
      expect(page.rows.find((r) => r.id === tree.rows.B.id)?.blocked).toBe(true);
    });
  });

  it("go to the primary while the standby lags more than SWITCHBOARD_REPLICA_MAX_LAG", async () => {
    process.env.SWITCHBOARD_REPLICA_MAX_LAG = "1";
    try {
      await standbyAdmin.query("SELECT pg_wal_replay_pause()");
      const late = await makeCustomer(primary, tree.rows.Top, { name: "Late written on the primary" });
      recheckReplica();
      // Just behind, within the limit: the standby still answers.
      await withWriteMarker(async () => expect(await names()).not.toContain(late.name));
      await new Promise((resolve) => setTimeout(resolve, 1600));
      recheckReplica();
      await withWriteMarker(async () => expect(await names()).toContain(late.name));
    } finally {
      process.env.SWITCHBOARD_REPLICA_MAX_LAG = "60";
      await standbyAdmin.query("SELECT pg_wal_replay_resume()");
      await caughtUp();
      recheckReplica();
    }
  });

  it("go to the primary when the standby cannot be reached", async () => {
    const standbyUrl = process.env.DATABASE_REPLICA_URL!;
    await standbyAdmin.query("SELECT pg_wal_replay_pause()");
    const unseen = await makeCustomer(primary, tree.rows.Top, { name: "Unseen by the standby" });
    try {
      recheckReplica();
      await withWriteMarker(async () => expect(await names()).not.toContain(unseen.name));
      // A port nobody listens on: the check fails, the read goes to the primary.
      process.env.DATABASE_REPLICA_URL = standbyUrl.replace(/:(\d+)\//, (_, port) => `:${Number(port) + 7}/`);
      recheckReplica();
      await withWriteMarker(async () => expect(await names()).toContain(unseen.name));
    } finally {
      process.env.DATABASE_REPLICA_URL = standbyUrl;
      await standbyAdmin.query("SELECT pg_wal_replay_resume()");
      recheckReplica();
    }
  });

  it("go to the primary after a bulk run, whose writes end after its answer's headers were sent", async () => {
    await standbyAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      recheckReplica();
      const request = new Request("http://127.0.0.1/customers/bulk", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ operation: "block", ids: [tree.rows.A.id] }),
      });
      const response = await bulkCustomersResponse(tree.viewers.Top, request, null, pino({ level: "silent" }));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('"ok":true');
      const cookie = /^sb-wal=([^;]+);.*Max-Age=600.*HttpOnly/i.exec(response.headers.get("set-cookie") ?? "");
      expect(cookie?.[0].startsWith(`${WAL_MARKER_COOKIE}=`)).toBe(true);
      // Another browser still reads the paused standby; the one that ran it reads the primary.
      await withWriteMarker(async () => {
        const page = (await listCustomers(tree.viewers.Top, tree.rows.Top.id, params))!;
        expect(page.rows.find((r) => r.id === tree.rows.A.id)?.blocked).toBe(false);
      });
      await withWriteMarker(async () => {
        const page = (await listCustomers(tree.viewers.Top, tree.rows.Top.id, params))!;
        expect(page.rows.find((r) => r.id === tree.rows.A.id)?.blocked).toBe(true);
      }, cookie![1]);
    } finally {
      await standbyAdmin.query("SELECT pg_wal_replay_resume()");
      await caughtUp();
      recheckReplica();
    }
  });
});
