import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { addUser, isRunning, liveUsers, processId, self, withLock } from "./cluster-users";

const dir = mkdtempSync(join(tmpdir(), "cluster-users-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid!;

describe("isRunning", () => {
  it("tells a live process from a dead one and from a new process that reused its pid", () => {
    expect(isRunning(self)).toBe(true);
    expect(isRunning(processId(process.ppid))).toBe(true);
    expect(isRunning({ pid: deadPid() })).toBe(false);
    expect(isRunning({ pid: self.pid, start: `${Number(self.start) + 1}` })).toBe(false);
  });
});

describe("withLock", () => {
  it("breaks a lock whose holder died", async () => {
    const lock = join(dir, "dead.lock");
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), start: "1" }));
    expect(await withLock(lock, async () => "ran", 2_000)).toBe("ran");
    expect(existsSync(lock)).toBe(false);
  });

  it("waits for a live holder, and names it when it gives up", async () => {
    const lock = join(dir, "live.lock");
    writeFileSync(lock, JSON.stringify(processId(process.ppid)));
    await expect(withLock(lock, async () => "ran", 300)).rejects.toThrow(`held by process ${process.ppid}`);
    expect(existsSync(lock)).toBe(true);
  });

  it("lets one holder in at a time", async () => {
    const lock = join(dir, "turns.lock");
    const inside: number[] = [];
    let max = 0;
    await Promise.all(
      [1, 2, 3].map((n) =>
        withLock(lock, async () => {
          inside.push(n);
          max = Math.max(max, inside.length);
          await new Promise((r) => setTimeout(r, 30));
          inside.splice(inside.indexOf(n), 1);
        }),
      ),
    );
    expect(max).toBe(1);
  });
});

describe("liveUsers", () => {
  it("counts live users and drops the files of dead ones", () => {
    const users = join(dir, "users");
    mkdirSync(users);
    const mine = addUser(users);
    writeFileSync(join(users, `${deadPid()}-1-abcd`), "");
    expect(liveUsers(users)).toEqual([{ pid: self.pid, start: self.start }]);
    expect(readdirSync(users)).toHaveLength(1);
    expect(liveUsers(users, mine)).toEqual([]);
  });
});
