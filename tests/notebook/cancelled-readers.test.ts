// The readers given the result of a run that was cancelled: its numbers are those of the jobs it
// reached, and stay so when a later run completes the folder (before, aggregate(r) of a run
// cancelled after 3 of 6 jobs gave all 6 once a later run of the same config had computed the rest).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfigInput } from "../../src/config/index.js";
import {
  aggregate,
  details,
  records,
  run,
  RunSourceError,
  sweepRows,
  type RunResult,
} from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";

let data = "";

const config = (out: string): RunConfigInput => ({
  inputs: [data],
  reference: { instruments: join(data, "ob.csv") },
  outputDir: out,
  workers: 1,
  retries: 0,
});

/** Runs the config, cancelling it once `jobs` job events came (0: at its first event, in the partition). */
async function cancelledAfter(out: string, jobs: number): Promise<RunResult> {
  const h = run(config(out), {}, { progress: false });
  let seen = 0;
  for await (const e of h) {
    if (e.type === "job") seen++;
    if (seen >= jobs) h.cancel();
  }
  return await h;
}

const keysOf = (rows: readonly { securityCode: string; date: string }[]): string[] =>
  [...new Set(rows.map((r) => `${r.securityCode}|${r.date}`))].sort();

beforeAll(async () => {
  data = await smallData(5);
}, 120_000);

describe("readers of a cancelled run's result", () => {
  it("read the jobs it reached, before and after a later run completed the folder", async () => {
    const out = tmp("sweeplab-cr-");
    const r = await cancelledAfter(out, 3);
    expect(r.cancelled).toBe(true);
    const reached = r.jobs.filter((j) => j.status === "done").map((j) => j.key);
    expect(reached.length).toBeGreaterThanOrEqual(3);
    expect(reached.length).toBeLessThan(6);
    const before = await aggregate(r);
    const rowsBefore = await sweepRows(r);
    expect(keysOf(rowsBefore)).toEqual([...reached].sort());
    const rest = await run(config(out), {}, { progress: false });
    expect(rest.summary.jobs).toMatchObject({ total: 6, skipped: reached.length, done: 6 - reached.length });
    const after = await aggregate(r);
    for (const t of ["global_summary", "by_security", "by_date", "by_participant", "data_quality"] as const)
      expect(records(after[t])).toEqual(records(before[t]));
    expect(keysOf(await sweepRows(r))).toEqual([...reached].sort());
    // The later run's result reads every job; details of the cancelled one lists the others as not its own.
    expect(keysOf(await sweepRows(rest))).toHaveLength(6);
    const err = await details(r, "simulation").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "missing_table" });
    expect((err as Error).message).toMatch(/not reached by this run \(it was cancelled or stopped before it/);
  });

  it("cancelled before any job: refused (no_finished_job) after a later run, not the later run's tables", async () => {
    const out = tmp("sweeplab-cr-none-");
    const r = await cancelledAfter(out, 0);
    expect(r.cancelled).toBe(true);
    expect(r.jobs).toEqual([]);
    await run(config(out), {}, { progress: false });
    for (const read of [() => aggregate(r), () => sweepRows(r)]) {
      const err = await read().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RunSourceError);
      expect((err as RunSourceError).code).toBe("no_finished_job");
      expect((err as Error).message).toMatch(/none of the 6 chosen jobs of this run finished in it/);
    }
  });

  it("a shard's result: the other shard's jobs, computed before it, are not said to be a later run's", async () => {
    const out = tmp("sweeplab-cr-shard-");
    await run(config(out), {}, { progress: false, partitionOnly: true });
    const other = await run(config(out), {}, { progress: false, shard: { index: 1, count: 2 } });
    const mine = await run(config(out), {}, { progress: false, shard: { index: 0, count: 2 } });
    const own = mine.jobs.map((j) => j.key).sort();
    expect(own).toHaveLength(3);
    expect(keysOf(await sweepRows(mine))).toEqual(own);
    const err = await details(mine, "simulation").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "missing_table" });
    const message = (err as Error).message;
    for (const j of other.jobs) expect(message).toContain(`${j.key} (not reached by this run`);
    // The other shard ran first: "a later run computed it since" was false, and rerunning them
    // (retryFailed, the generic advice) would not make them this shard's.
    expect(message).not.toMatch(/later run|retryFailed/);
    expect(message).toContain(`their tables are another run's: read that run's result, or the folder as it is`);
    // Only one of the other shard's jobs chosen: none is this run's (no_finished_job), said without "later run".
    const [j] = other.jobs;
    const none = await aggregate(mine, { securities: [j!.securityCode], dates: [j!.date] }).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: "no_finished_job" });
    expect((none as Error).message).toMatch(/none of the 1 chosen job of this run finished in it/);
    expect((none as Error).message).not.toMatch(/later run/);
    expect(message).toMatch(
      /not reached by this run \(it was cancelled or stopped before it, or it is another shard's\); another run computed it/,
    );
  });
});
