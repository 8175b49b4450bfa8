import { cpSync, existsSync, readdirSync, renameSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeOf } from "../../src/cli/run.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { OutputUnwritableError } from "../../src/pipeline/errors.js";
import type { RunProgress } from "../../src/pipeline/progress.js";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { aggregatedSnapshot, configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";
import { fillDisk, mountTmpfs, tempFiles, type TestMount } from "./mounts.js";

let data = "";
let reference = new Map<string, Buffer>();
let referenceDir = "";

beforeAll(async () => {
  data = await smallData(17);
  const out = tmp("sweeplab-stops-ref-");
  await runPipeline(configFor(data, out));
  reference = snapshot(out);
  referenceDir = out;
}, 120_000);

describe("a failed partition task stops the run before any job", () => {
  it("an input moved away mid-run: no job starts, no aggregated table, STOPPED says which file, exit code 1", async () => {
    const copy = tmp("sweeplab-moved-");
    // A copy of the data: moving a file sets its ctime, part of its fingerprint (the store manifest's
    // `inputs`), so the shared data and the reference run over it stay untouched.
    const own = tmp("sweeplab-moved-data-");
    cpSync(data, own, { recursive: true });
    const moved = join(own, "trades", "trades-2024-10-03.csv");
    const out = tmp("sweeplab-moved-out-");
    let once = false;
    const s = await runPipeline(configFor(own, out), {
      // The first partition task starting: move one input away before its own task reads it.
      onProgress: (p: RunProgress) => {
        if (p.phase === "partition" && p.running > 0 && !once) {
          once = true;
          renameSync(moved, join(copy, "trades-2024-10-03.csv"));
        }
      },
    }).finally(() => renameSync(join(copy, "trades-2024-10-03.csv"), moved));
    expect(s.partition.failures.map((f) => f.file)).toEqual([moved]);
    expect(s.stopped).toMatchObject({ phase: "partition", code: "incomplete_store" });
    expect(s.stopped!.message).toMatch(/^STOPPED after the partition phase: 1 partition task\(s\) failed \(first: /);
    expect(s.stopped!.message).toContain(moved);
    expect(s.stopped!.message).toContain("no job was started");
    expect(s.jobs).toBeUndefined();
    expect(s.aggregate).toBeUndefined();
    expect(existsSync(join(out, "by_security"))).toBe(false);
    expect(existsSync(join(out, "aggregated"))).toBe(false);
    expect(existsSync(join(out, "store"))).toBe(false); // incomplete: removed, rebuilt next time
    expect(exitCodeOf(s)).toBe(1);
    // With the input back, a rerun completes like an uninterrupted run.
    const again = await runPipeline(configFor(own, out));
    expect(again.stopped).toBeUndefined();
    const fresh = tmp("sweeplab-moved-fresh-");
    await runPipeline(configFor(own, fresh));
    expect(diffSnapshots(snapshot(out), snapshot(fresh))).toEqual([]);
  }, 60_000);
});

/** What a run on a disk that fills up ended in: the summary's stop, or the error it threw. */
async function stopOf(run: Promise<RunSummary>): Promise<{ phase: string | undefined; message: string }> {
  try {
    const s = await run;
    return { phase: s.stopped?.phase, message: s.stopped?.message ?? "(not stopped)" };
  } catch (e) {
    if (!(e instanceof OutputUnwritableError)) throw e;
    expect(e.code).toBe("output_unwritable");
    return { phase: e.phase, message: e.message };
  }
}

describe("the output disk fills up (a real 4 MiB tmpfs, needs root)", () => {
  let disk: TestMount | undefined;
  beforeAll(() => {
    disk = mountTmpfs("4m");
  });
  afterAll(() => disk?.unmount());

  // The disk is filled when the phase's first progress event arrives.
  const cases: { phase: string; at: (p: RunProgress) => boolean }[] = [
    { phase: "partition", at: (p) => p.phase === "partition" },
    { phase: "jobs", at: (p) => p.phase === "jobs" },
    { phase: "aggregate", at: (p) => p.phase === "aggregate" && p.done === 0 },
    { phase: "summary", at: (p) => p.phase === "aggregate" && p.done === 1 },
  ];
  for (const c of cases)
    it(`in the ${c.phase} phase: one STOPPED line naming the output folder and what to do, no temp file, no lock; a rerun completes`, async () => {
      const root = disk!.dir;
      const out = join(root, `out-${c.phase}`);
      let fillers: string[] = [];
      const config = configFor(data, out);
      const stop = await stopOf(
        runPipeline(config, {
          onProgress: (p) => {
            if (fillers.length === 0 && c.at(p)) fillers = fillDisk(root);
          },
        }),
      );
      expect(fillers.length).toBeGreaterThan(0);
      expect(stop.phase).toBe(c.phase);
      expect(stop.message).toMatch(/^STOPPED: the output folder cannot be written \(ENOSPC/);
      expect(stop.message).toContain(`in the ${c.phase} phase: free space on the disk of ${out}`);
      expect(stop.message).not.toContain("\n");
      expect(tempFiles(out)).toEqual([]);
      expect(existsSync(join(out, ".sweeplab.lock"))).toBe(false);
      // No aggregated table unless all were written (the summary phase comes after them).
      expect(existsSync(join(out, "aggregated"))).toBe(c.phase === "summary");
      for (const f of fillers) rmSync(f, { force: true });
      const again = await runPipeline(config);
      expect(again.stopped).toBeUndefined();
      expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    }, 60_000);
});

/*
 * `sweeplab aggregate` (aggregateRun) wrote its tables one by one, each replacing the old one: a disk
 * that filled up after the first few left aggregated/ holding some tables of the new selection and
 * the rest of the old one, which do not add up (the run's own aggregate phase removes aggregated/
 * then). Every table is now written before any replaces the old one.
 */
describe("sweeplab aggregate on a disk that fills up (a real 4 MiB tmpfs, needs root)", () => {
  let disk: TestMount | undefined;
  beforeAll(() => {
    disk = mountTmpfs("4m");
  });
  afterAll(() => disk?.unmount());

  it("with room for one table: the old tables stay as they were, never some of each; a rerun writes them all", async () => {
    const out = join(disk!.dir, "out");
    const all = configFor(data, out);
    await runPipeline(all);
    // The tables of one date over the folder's own (a run of that date here would set the other
    // dates' jobs aside, and the aggregate below would refuse as incomplete).
    const oneDate = tmp("sweeplab-stops-one-date-");
    await runPipeline(configFor(data, oneDate, { dates: ["2024-10-02"] }));
    rmSync(join(out, "aggregated"), { recursive: true });
    cpSync(join(oneDate, "aggregated"), join(out, "aggregated"), { recursive: true });
    const before = aggregatedSnapshot(out);
    expect(diffSnapshots(before, aggregatedSnapshot(referenceDir)).length).toBeGreaterThan(1);
    // The disk full but for 2 pages: the lock's, and one table (each is under 4 KiB but
    // time_series_analysis of every date, 2 pages).
    const filler = join(disk!.dir, "filler.bin");
    const { bavail, bsize } = statfsSync(disk!.dir);
    writeFileSync(filler, Buffer.alloc(bavail * bsize - 2 * 4096));
    const e = await aggregateRun(all).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect((e as NodeJS.ErrnoException | undefined)?.code).toBe("ENOSPC");
    expect(diffSnapshots(aggregatedSnapshot(out), before)).toEqual([]);
    expect(tempFiles(out)).toEqual([]);
    rmSync(filler);
    await aggregateRun(all);
    expect(diffSnapshots(aggregatedSnapshot(out), aggregatedSnapshot(referenceDir))).toEqual([]);
  }, 60_000);
});

describe("limits and strict", () => {
  it("clamps a chunk size over 2 GiB − 1 and warns about workers above the cores; threads stay ≤ the tasks", async () => {
    const out = tmp("sweeplab-limits-");
    const warned: string[] = [];
    const s = await runPipeline(configFor(data, out, { chunkSize: "3GB", workers: 64 }), {
      onWarning: (w) => warned.push(w),
    });
    expect(s.jobs).toMatchObject({ done: 6, failed: 0 });
    expect(warned).toEqual([
      "chunkSize = 3221225472 bytes (3 GiB) is over what the reader supports; using 2147483647 bytes (2 GiB − 1, the largest single read). 8MB–64MB is enough for full speed",
      `workers = 64 is more than the ${availableParallelism()} core(s) of this machine: the extra threads add no speed but each holds a job's data in memory; use workers ≤ ${availableParallelism()} (threads are capped at the tasks of each phase)`,
    ]);
    expect(s.warnings).toEqual(warned);
    expect(s.peakThreads).toBeGreaterThan(0);
    // 7 partition tasks (orders and trades of 3 dates, nbbo), 6 jobs: never 64 threads.
    expect(s.peakThreads).toBeLessThanOrEqual(7);
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  }, 60_000);

  it("strict: true with a rejected row: the summary says why in one line, exit code 1, outputs kept", async () => {
    const { appendFileSync, cpSync } = await import("node:fs");
    const bad = tmp("sweeplab-strict-data-");
    cpSync(data, bad, { recursive: true });
    const orders = readdirSync(join(bad, "orders"))[0]!;
    appendFileSync(join(bad, "orders", orders), "not,a,valid,row\n");
    const out = tmp("sweeplab-strict-");
    const s = await runPipeline(configFor(bad, out, { strict: true }));
    expect(s.partition.rejected).toBe(1);
    expect(s.strict).toEqual({ violations: ["1 rejected row(s) in the inputs (listed in rejects/*.csv)"] });
    expect(exitCodeOf(s)).toBe(1);
    expect(s.aggregate?.files.length).toBeGreaterThan(0); // the run's outputs are kept
    const lenient = await runPipeline(configFor(bad, tmp("sweeplab-lenient-")));
    expect(lenient.strict).toBeUndefined();
    expect(exitCodeOf(lenient)).toBe(0);
  }, 60_000);
});
