import { watch } from "node:fs";
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { readManifest } from "../../src/pipeline/manifest.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor } from "./helpers.js";

describe("the run manifest of many jobs", () => {
  // A year of hundreds of securities is tens of thousands of jobs; saving the whole manifest after
  // each one wrote O(jobs²) bytes (4,000 small jobs: a quarter of the main thread's time).
  it("is saved a few times a run, not once per job, and ends listing every job", async () => {
    const data = tmp("sweeplab-data-");
    await generate({ orders: 4_000, securities: 40, dates: 2, seed: 11, outDir: data });
    const out = tmp("sweeplab-out-");
    mkdirSync(out, { recursive: true });
    let saves = 0;
    // Each save renames a finished temporary file onto run_manifest.json.
    const watcher = watch(out, (_event, name) => {
      if (name === "run_manifest.json") saves++;
    });
    const t0 = performance.now();
    let s: Awaited<ReturnType<typeof runPipeline>> | undefined;
    try {
      s = await runPipeline(configFor(data, out));
      await new Promise((r) => setTimeout(r, 200)); // the last events reach the watcher
    } finally {
      watcher.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const done = s?.jobs?.done ?? 0;
    expect(done).toBe(80);
    // The start, the end, and about one a second between (the jobs phase is part of the run).
    expect(saves).toBeGreaterThanOrEqual(2);
    expect(saves).toBeLessThanOrEqual(3 + Math.ceil(seconds));
    expect(saves).toBeLessThan(done / 2);
    const m = await readManifest(out);
    expect(Object.keys(m.jobs)).toHaveLength(80);
    expect(Object.values(m.jobs).every((j) => j.status === "done")).toBe(true);
  }, 120_000);
});
