import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireRunLock, RunLockedError } from "../../src/pipeline/lock.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

describe("the output-folder lock", () => {
  it("makes a second run on the same folder refuse with a clear message", async () => {
    const out = tmp("sweeplab-lock-");
    const held = await acquireRunLock(out);
    const data = await smallData(2);
    const err = await runPipeline(configFor(data, out)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunLockedError);
    expect(err).toMatchObject({ code: "run_locked" });
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toContain("another sweeplab run");
    // Held by this very process (a kernel's run still going): never "delete the lock file".
    expect((err as Error).message).toContain("of this same process");
    expect((err as Error).message).not.toContain("delete the lock file");
    await held.release();
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs?.failed).toBe(0);
    expect(existsSync(join(out, ".sweeplab.lock"))).toBe(false); // released at the end
  });

  it("takes over a stale lock left by a killed run", async () => {
    const out = tmp("sweeplab-stale-");
    const stale = { pid: deadPid(), host: hostname() };
    writeFileSync(join(out, ".sweeplab.lock"), JSON.stringify(stale));
    const lock = await acquireRunLock(out);
    expect(lock.tookOver).toEqual(stale);
    await lock.release();
  });

  it("respects a lock from another host, and gives each shard its own lock", async () => {
    const out = tmp("sweeplab-host-");
    writeFileSync(join(out, ".sweeplab.lock"), JSON.stringify({ pid: 1, host: "another-node" }));
    await expect(acquireRunLock(out)).rejects.toMatchObject({ code: "run_locked" });
    const a = await acquireRunLock(out, { index: 0, count: 2 });
    const b = await acquireRunLock(out, { index: 1, count: 2 });
    await expect(acquireRunLock(out, { index: 0, count: 2 })).rejects.toMatchObject({ code: "run_locked" });
    await a.release();
    await b.release();
  });

  it("never lets a failed lock release hide the run's own error", async () => {
    const out = tmp("sweeplab-release-");
    const data = await smallData(2);
    let broken = false;
    const err = await runPipeline(configFor(data, out), {
      partitionOnly: true,
      onProgress: () => {
        if (broken) return;
        broken = true;
        // The run's last write (its summary) will fail, and so will removing its lock.
        mkdirSync(join(out, "run_summary.json", "in-the-way"), { recursive: true });
        rmSync(join(out, ".sweeplab.lock"));
        mkdirSync(join(out, ".sweeplab.lock", "in-the-way"), { recursive: true });
      },
    }).catch((e: unknown) => e);
    expect(broken).toBe(true);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain(join(out, "run_summary.json")); // the run's own error first
    expect(message).toMatch(/ \(also: releasing the lock \S*\.sweeplab\.lock failed: EISDIR/); // then the release's
  });
});

describe("the takeover guard of a stale lock", () => {
  const stale = (token: string): string => JSON.stringify({ pid: deadPid(), host: hostname(), token }) + "\n";

  it("is itself taken over when the process holding it died, and leaves nothing behind", async () => {
    const out = tmp("sweeplab-guard-");
    writeFileSync(join(out, ".sweeplab.lock"), stale("aaaa"));
    writeFileSync(join(out, ".sweeplab.lock.takeover-aaaa"), stale("bbbb")); // a taker killed mid-takeover
    const lock = await acquireRunLock(out);
    expect(lock.tookOver).toMatchObject({ host: hostname() });
    expect(readdirSync(out)).toEqual([".sweeplab.lock"]);
    expect(JSON.parse(readFileSync(join(out, ".sweeplab.lock"), "utf8"))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(readdirSync(out)).toEqual([]);
  });

  it("held by a live process makes the others refuse, naming that process", async () => {
    const out = tmp("sweeplab-guard-live-");
    writeFileSync(join(out, ".sweeplab.lock"), stale("cccc"));
    const taker = JSON.stringify({ pid: process.pid, host: hostname(), token: "dddd" });
    writeFileSync(join(out, ".sweeplab.lock.takeover-cccc"), taker);
    const err = await acquireRunLock(out).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "run_locked", holder: { pid: process.pid } });
    expect(readFileSync(join(out, ".sweeplab.lock.takeover-cccc"), "utf8")).toBe(taker); // not touched
  });

  it("judges a lock file not yet written by its age: live for a few seconds, stale after", async () => {
    const out = tmp("sweeplab-empty-lock-");
    writeFileSync(join(out, ".sweeplab.lock"), "");
    const err = await acquireRunLock(out).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "run_locked" });
    expect((err as Error).message).toContain(`another sweeplab run (starting on ${hostname()} right now)`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(out, ".sweeplab.lock"), old, old);
    const lock = await acquireRunLock(out);
    expect(lock.tookOver).toEqual({ pid: -1, host: hostname() });
    await lock.release();
  });
});

describe("a takeover cut short by kill -9", () => {
  it("leaves no guard behind once the next run holds the lock; a live taker's guard stays", async () => {
    const out = tmp("sweeplab-guard-left-");
    const dead = JSON.stringify({ pid: deadPid(), host: hostname(), token: "eeee" });
    writeFileSync(join(out, ".sweeplab.lock.takeover-ffff"), dead); // killed after removing the stale lock
    writeFileSync(join(out, ".sweeplab.lock.takeover-ffff.takeover-eeee"), dead); // and one level deeper
    const live = JSON.stringify({ pid: process.pid, host: hostname(), token: "abab" });
    writeFileSync(join(out, ".sweeplab.lock.takeover-1234"), live);
    writeFileSync(join(out, ".sweeplab.shard-0-of-2.lock.takeover-9999"), dead); // another lock's guard
    const lock = await acquireRunLock(out);
    expect(readdirSync(out).sort()).toEqual([
      ".sweeplab.lock",
      ".sweeplab.lock.takeover-1234",
      ".sweeplab.shard-0-of-2.lock.takeover-9999",
    ]);
    await lock.release();
  });
});
