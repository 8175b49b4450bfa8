import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
const HOLDER = join(import.meta.dirname, "..", "fixtures", "lock", "contender.mjs");

let data = "";
let holder: ChildProcess | undefined;

beforeAll(async () => {
  data = await smallData(8);
}, 120_000);

afterEach(() => {
  if (holder?.connected === true) holder.send({ exit: true });
  holder = undefined;
});

/** A live separate process holding the main lock of `dir`, or a shard's lock. */
async function holdLock(dir: string, shard?: { index: number; count: number }): Promise<ChildProcess> {
  const child = fork(HOLDER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const reply = (): Promise<{ won?: boolean }> => new Promise((resolve) => child.once("message", resolve));
  await reply(); // ready
  const answer = reply();
  child.send({ dir, at: Date.now(), ...(shard === undefined ? {} : { shard }) });
  expect(await answer).toEqual({ won: true });
  return child;
}

describe("the partition store while shards run", () => {
  it("a partition, or a whole run that would rebuild the store, refuses while a live shard holds its lock", async () => {
    const out = tmp("sweeplab-busy-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    holder = await holdLock(out, { index: 1, count: 3 });
    rmSync(join(out, "store", "_store.json")); // the store is no longer current: a rebuild is due
    const store = snapshot(join(out, "store"));
    for (const options of [{ partitionOnly: true }, {}]) {
      const err = await runPipeline(configFor(data, out), options).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "store_busy" });
      expect((err as Error).message).toContain(`pid ${holder.pid} on `);
      expect((err as Error).message).toContain(".sweeplab.shard-1-of-3.lock");
      expect((err as Error).message).toContain(
        "partitionOnly" in options
          ? "cannot rebuild the partition store while shards are running on it"
          : "cannot run every job while job shards are still running on this output folder",
      );
      expect(diffSnapshots(store, snapshot(join(out, "store")))).toEqual([]); // not deleted under the shard
    }
    expect(existsSync(join(out, ".sweeplab.lock"))).toBe(false);
    holder.send({ exit: true });
    await new Promise((r) => holder?.once("exit", r));
    // The shard is gone (its lock is stale now): the rebuild goes ahead.
    const s = await runPipeline(configFor(data, out), { partitionOnly: true });
    expect(s.partition.skipped).toBe(false);
  });

  it("a whole run refuses while a job shard runs, even with the store current; it goes ahead once the shard is gone", async () => {
    const out = tmp("sweeplab-busy-run-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    holder = await holdLock(out, { index: 0, count: 2 });
    const before = snapshot(out);
    const err = await runPipeline(configFor(data, out)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "store_busy", side: "run" });
    expect((err as Error).message).toBe(
      `${out}: cannot run every job while job shards are still running on this output folder: ` +
        `shard 0/2 (pid ${holder.pid} on ${hostname()}, lock ${join(out, ".sweeplab.shard-0-of-2.lock")}); ` +
        `wait for them to finish, or stop them (if they are gone, delete their lock files), then run again; ` +
        `nothing was written`,
    );
    expect(diffSnapshots(before, snapshot(out))).toEqual([]);
    holder.kill("SIGKILL"); // its lock file stays, with a dead pid: stale, it does not block
    await new Promise((r) => holder?.once("exit", r));
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs?.failed).toBe(0);
    expect(s.jobs?.done).toBeGreaterThan(0);
  });

  it("a shard refuses while a partition or whole run holds the output folder", async () => {
    const out = tmp("sweeplab-busy-shard-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    holder = await holdLock(out);
    const err = await runPipeline(configFor(data, out), { shard: { index: 0, count: 2 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "store_busy" });
    expect((err as Error).message).toContain(`.sweeplab.lock (pid ${holder.pid} on `);
    expect((err as Error).message).toContain("may rebuild the store under this shard");
    expect(existsSync(join(out, ".sweeplab.shard-0-of-2.lock"))).toBe(false); // released
    expect(existsSync(join(out, "by_security"))).toBe(false); // no job ran
  });
});

describe("aggregate while job shards run", () => {
  it("refuses (store_busy, naming the live shards), with --allow-partial or not, and writes nothing; a dead shard's lock does not block", async () => {
    const out = tmp("sweeplab-busy-agg-");
    const config = configFor(data, out);
    await runPipeline(config, { partitionOnly: true });
    await runPipeline(config, { shard: { index: 0, count: 2 } });
    holder = await holdLock(out, { index: 1, count: 2 }); // shard 1/2 still running
    const before = snapshot(out);
    for (const options of [{}, { allowPartial: true }]) {
      const err = await aggregateRun(config, options).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "store_busy", side: "aggregate" });
      const message = (err as Error).message;
      expect(message).toBe(
        `${out}: cannot aggregate while job shards are still running on this output folder: ` +
          `shard 1/2 (pid ${holder.pid} on ${hostname()}, lock ${join(out, ".sweeplab.shard-1-of-2.lock")}); ` +
          `wait for them to finish, or stop them (if they are gone, delete their lock files), then aggregate again; ` +
          `aggregated/ was left as it was`,
      );
      expect(diffSnapshots(before, snapshot(out))).toEqual([]);
      expect(existsSync(join(out, "aggregated"))).toBe(false);
      expect(existsSync(join(out, ".sweeplab.lock"))).toBe(false); // released
    }
    // The CLI prints it as one line, exit code 1, as other busy errors.
    const file = join(tmp("sweeplab-busy-agg-cfg-"), "config.json");
    writeFileSync(
      file,
      JSON.stringify({ inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out, workers: 2 }),
    );
    for (const flags of [[], ["--allow-partial"]]) {
      const r = spawnSync(process.execPath, [BIN, "aggregate", "--config", file, ...flags], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^sweeplab aggregate: \S+: cannot aggregate while job shards are still running on this output folder: shard 1\/2 \(pid \d+ on .*\); wait for them to finish, or stop them .*aggregated\/ was left as it was\n$/,
      );
      expect(diffSnapshots(before, snapshot(out))).toEqual([]);
    }
    // The shard dies (kill -9: its lock file stays, with a dead pid): a stale lock does not block.
    holder.kill("SIGKILL");
    await new Promise((r) => holder?.once("exit", r));
    expect(existsSync(join(out, ".sweeplab.shard-1-of-2.lock"))).toBe(true);
    await expect(aggregateRun(config)).rejects.toMatchObject({ code: "aggregate_incomplete" });
    expect(await aggregateRun(config, { allowPartial: true })).toHaveLength(8);
  }, 120_000);
});
