import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunProgress } from "../../src/pipeline/progress.js";
import { tmp } from "../helpers.js";
import { aggregatedSnapshot, configFor, diffSnapshots, smallData } from "./helpers.js";

// When is a cancelled run interrupted? Exactly when the signal made it skip work: a job cancelled, or
// the aggregation not done. A signal that fires once the run no longer consults it (during the
// aggregation's writes, or after) leaves a complete run: its summary must not say `interrupted`, so
// that the CLI exits with the run's own code (README "What happens when things go wrong").

let data = "";
let reference = new Map<string, Buffer>();

beforeAll(async () => {
  data = await smallData(17);
  const out = tmp("sweeplab-seal-ref-");
  await runPipeline(configFor(data, out));
  reference = aggregatedSnapshot(out);
}, 120_000);

/** Runs with a signal aborted from the first progress event `when` accepts. */
async function abortedAt(when: (p: RunProgress) => boolean, over: Record<string, unknown> = {}) {
  const out = tmp("sweeplab-seal-");
  const abort = new AbortController();
  const s = await runPipeline(configFor(data, out, { workers: 1, ...over }), {
    signal: abort.signal,
    onProgress: (p) => {
      if (!abort.signal.aborted && when(p)) abort.abort(new Error("interrupted"));
    },
  });
  expect(abort.signal.aborted, "the signal never fired").toBe(true);
  const saved = JSON.parse(readFileSync(join(out, "run_summary.json"), "utf8")) as { interrupted?: boolean };
  return { out, s, saved };
}

describe("a signal after the run's last decision leaves a complete, uninterrupted run", () => {
  it("aborted as the aggregation starts: tables written as a clean run's, summary not interrupted", async () => {
    const { out, s, saved } = await abortedAt((p) => p.phase === "aggregate");
    expect(s.interrupted).toBeUndefined();
    expect(saved.interrupted).toBeUndefined();
    expect(s.jobs).toMatchObject({ done: 6, failed: 0, total: 6 });
    expect(s.aggregate?.files.length).toBeGreaterThan(0);
    expect(diffSnapshots(aggregatedSnapshot(out), reference)).toEqual([]);
  });

  it("aborted after the last job but before the aggregation: interrupted, no tables (a rerun finishes)", async () => {
    const { out, s, saved } = await abortedAt((p) => p.phase === "jobs" && p.done === p.total);
    expect(s.jobs).toMatchObject({ done: 6, total: 6 });
    expect(s.interrupted).toBe(true);
    expect(saved.interrupted).toBe(true);
    expect(s.aggregate).toBeUndefined();
    expect(existsSync(join(out, "aggregated"))).toBe(false);
  });

  it("aborted mid-jobs: interrupted", async () => {
    const { s } = await abortedAt((p) => p.phase === "jobs" && p.done >= 1);
    expect(s.jobs!.done).toBeLessThan(6);
    expect(s.interrupted).toBe(true);
  });

  it("a shard (no aggregation) aborted after its last job is complete; mid-jobs it is interrupted", async () => {
    const out = tmp("sweeplab-seal-shard-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    const run = async (when: (p: RunProgress) => boolean) => {
      const abort = new AbortController();
      const s = await runPipeline(configFor(data, out, { workers: 1 }), {
        shard: { index: 0, count: 1 },
        retryFailed: false,
        signal: abort.signal,
        onProgress: (p) => {
          if (!abort.signal.aborted && when(p)) abort.abort(new Error("interrupted"));
        },
      });
      expect(abort.signal.aborted).toBe(true);
      return s;
    };
    const cut = await run((p) => p.phase === "jobs" && p.done === 1);
    expect(cut.interrupted).toBe(true);
    const rest = await run((p) => p.phase === "jobs" && p.done + p.skipped === p.total && p.done > 0);
    expect(rest.jobs).toMatchObject({ failed: 0, total: 6 });
    expect(rest.jobs!.done + rest.jobs!.skipped).toBe(6);
    expect(rest.interrupted).toBeUndefined();
  });
});
