import { fork, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

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
      expect((err as Error).message).toContain(`.sweeplab.shard-1-of-3.lock (pid ${holder.pid} on `);
      expect((err as Error).message).toContain("cannot rebuild the partition store while shards are running on it");
      expect(diffSnapshots(store, snapshot(join(out, "store")))).toEqual([]); // not deleted under the shard
    }
    expect(existsSync(join(out, ".sweeplab.lock"))).toBe(false);
    holder.send({ exit: true });
    await new Promise((r) => holder?.once("exit", r));
    // The shard is gone (its lock is stale now): the rebuild goes ahead.
    const s = await runPipeline(configFor(data, out), { partitionOnly: true });
    expect(s.partition.skipped).toBe(false);
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
