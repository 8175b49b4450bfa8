import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { JOB_BASE_BYTES, PROCESS_BASE_BYTES } from "../../src/pipeline/jobs/admission.js";
import type { RunProgress } from "../../src/pipeline/progress.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

let data = "";
let reference = new Map<string, Buffer>();
let referenceMaxRunning = 0;

/** The most jobs running at once in the progress events of a run. */
function maxRunning(events: RunProgress[]): number {
  return Math.max(0, ...events.filter((p) => p.phase === "jobs").map((p) => p.running));
}

beforeAll(async () => {
  data = await smallData(7);
  const out = tmp("sweeplab-budget-ref-");
  const events: RunProgress[] = [];
  // The default budget (half the machine's memory) holds two small jobs at once.
  await runPipeline(configFor(data, out), { onProgress: (p) => events.push(p) });
  reference = snapshot(out);
  referenceMaxRunning = maxRunning(events);
}, 120_000);

describe("memoryBudget: jobs admitted by their partition's size", () => {
  it("runs two jobs at once on 2 workers when the budget holds them (the reference run)", () => {
    expect(referenceMaxRunning).toBe(2);
  });

  it("with a tiny budget runs the jobs one at a time, warns for each, and writes the same outputs", async () => {
    const out = tmp("sweeplab-budget-tiny-");
    const events: RunProgress[] = [];
    const warnings: string[] = [];
    const s = await runPipeline(configFor(data, out, { memoryBudget: "1KB" }), {
      onProgress: (p) => events.push(p),
      onWarning: (w) => warnings.push(w),
    });
    expect(s.jobs).toMatchObject({ total: 6, done: 6, failed: 0 });
    expect(maxRunning(events)).toBe(1);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toMatch(
      /^job \S+\|\d{4}-\d{2}-\d{2}: estimated peak memory [\d.]+ MiB \([\d,]+ partition rows\) is over memoryBudget = 1 KiB; it runs alone/,
    );
    // The same lines are in the summary's warnings.
    for (const w of warnings) expect(s.warnings).toContain(w);
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  }, 120_000);

  it("with a budget for one job but not two runs them one at a time without a warning", async () => {
    const out = tmp("sweeplab-budget-one-");
    const events: RunProgress[] = [];
    const warnings: string[] = [];
    const s = await runPipeline(
      configFor(data, out, { memoryBudget: PROCESS_BASE_BYTES + Math.floor(JOB_BASE_BYTES * 1.5) }),
      {
        onProgress: (p) => events.push(p),
        onWarning: (w) => warnings.push(w),
      },
    );
    expect(s.jobs).toMatchObject({ total: 6, done: 6, failed: 0 });
    expect(maxRunning(events)).toBe(1);
    expect(warnings).toEqual([]);
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  }, 120_000);
});
