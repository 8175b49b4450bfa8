import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { readManifest } from "../../src/pipeline/manifest.js";
import { TEMP_PREFIX } from "../../src/io/atomic.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

let data = "";
let reference = new Map<string, Buffer>();

beforeAll(async () => {
  data = await smallData(13);
  const out = tmp("sweeplab-abort-ref-");
  await runPipeline(configFor(data, out));
  reference = snapshot(out);
}, 120_000);

describe("cancelling a run with an AbortSignal", () => {
  it("stops after the running jobs, leaves no temp or half-written file, and a rerun completes identically", async () => {
    const out = tmp("sweeplab-abort-");
    const abort = new AbortController();
    const config = configFor(data, out, { workers: 1 });
    const s = await runPipeline(config, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === "jobs" && p.done >= 1) abort.abort(new Error("user cancelled"));
      },
    });
    expect(s.jobs!.done).toBeGreaterThanOrEqual(1);
    expect(s.jobs!.done).toBeLessThan(6);
    expect(s.jobs!.failed).toBe(0); // cancelled jobs are not failures
    expect(s.aggregate).toBeUndefined();
    const files = [...snapshot(out, /^$/).keys()];
    expect(files.filter((f) => f.includes(TEMP_PREFIX))).toEqual([]);
    // Every job folder either has all its files (job.json last) or no job.json at all.
    const done = files.filter((f) => f.endsWith("/job.json")).map((f) => f.slice(0, -"job.json".length));
    for (const d of done)
      for (const name of ["orders.parquet", "classified.parquet", "simulation.parquet", "metrics.csv"])
        expect(files).toContain(d + name);
    const m = await readManifest(out);
    expect(Object.values(m.jobs).every((j) => j.status === "done")).toBe(true);
    expect(Object.keys(m.jobs)).toHaveLength(s.jobs!.done);

    const again = await runPipeline(config);
    expect(again.jobs).toMatchObject({ failed: 0, skipped: s.jobs!.done, done: 6 - s.jobs!.done });
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  });

  it("cancelled after changing by_security/, a run leaves no aggregated table of the run before it", async () => {
    const out = tmp("sweeplab-abort-tables-");
    await runPipeline(configFor(data, out));
    expect(existsSync(join(out, "aggregated", "global_summary.csv"))).toBe(true);
    const abort = new AbortController();
    const s = await runPipeline(configFor(data, out, { workers: 1, analysis: { impactTicks: 3 } }), {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === "jobs" && p.done >= 1) abort.abort(new Error("user cancelled"));
      },
    });
    expect(s.interrupted).toBe(true);
    expect(s.jobs!.done).toBeLessThan(6);
    // Before: the first run's tables stayed, beside a by_security/ of jobs of the other settings.
    expect(existsSync(join(out, "aggregated"))).toBe(false);
  });
});
