import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config/index.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import type { RunProgress } from "../../src/pipeline/progress.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { sealJobJson, UNSEALED_JSON_SHA256 } from "../../src/io/outputs/job-record.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * The run's aggregate step merges the sums the workers returned for the jobs it computed, and those
 * of the jobs it skipped as current from the job.json their check read (once): the tables are byte
 * for byte those of a pure `aggregate` over the same output folder, and no job.json is read by it.
 */

let data = "";
let base = "";

/** A run config over the small data set with its participants file (so by_participant has names). */
const configOf = (out: string): RunConfig =>
  configFor(data, out, { reference: { instruments: join(data, "ob.csv"), participants: join(data, "par.csv") } });

beforeAll(async () => {
  data = await smallData(5);
  base = tmp("sweeplab-runsums-base-");
  const s = await runPipeline(configOf(base));
  expect(s.jobs?.done).toBe(6);
}, 120_000);

/** The job folders of an output folder, relative to it, sorted. */
function jobFolders(out: string): string[] {
  const root = join(out, "by_security");
  return readdirSync(root)
    .sort()
    .flatMap((sec) =>
      readdirSync(join(root, sec))
        .sort()
        .map((date) => join("by_security", sec, date)),
    );
}

const aggregated = (out: string): Map<string, Buffer> =>
  new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));

/** A copy of the base run whose jobs `redo` (indexes into its job folders) have no job.json: a rerun computes them. */
function withJobsToRedo(redo: number[]): { out: string; folders: string[] } {
  const out = tmp("sweeplab-runsums-");
  cpSync(base, out, { recursive: true });
  const folders = jobFolders(out);
  expect(folders).toHaveLength(6);
  for (const i of redo) rmSync(join(out, folders[i] as string, "job.json"));
  rmSync(join(out, "aggregated"), { recursive: true });
  return { out, folders };
}

/** The tables of a pure aggregate (`sweeplab aggregate`) over `out`, written into a copy of it. */
async function pureAggregate(out: string): Promise<Map<string, Buffer>> {
  const copy = tmp("sweeplab-runsums-pure-");
  cpSync(out, copy, { recursive: true });
  rmSync(join(copy, "aggregated"), { recursive: true, force: true });
  await aggregateRun(configOf(copy));
  return aggregated(copy);
}

describe("run: the aggregate step of a run that skips some jobs and computes others", () => {
  it("writes tables byte-identical to a pure aggregate over the same output folder", async () => {
    const { out } = withJobsToRedo([0, 3, 5]);
    const s = await runPipeline(configOf(out));
    expect(s.jobs?.done).toBe(3);
    expect(s.jobs?.skipped).toBe(3);
    const run = aggregated(out);
    expect(run.size).toBe(8);
    const pure = await pureAggregate(out);
    expect(pure.size).toBe(8);
    expect(diffSnapshots(run, pure)).toEqual([]);
    // And the same tables as the first run, which computed every job.
    expect(diffSnapshots(run, aggregated(base))).toEqual([]);
    // by_participant got the participants' names (from the run's reference data).
    expect(run.get("aggregated/by_participant.csv")?.toString()).toMatch(/\n\d+,[^,\n]+[A-Za-z]/);
  }, 120_000);

  it("reads no job.json of a job it computed (garbled while it aggregates), only those of skipped jobs", async () => {
    const { out, folders } = withJobsToRedo([1, 4]);
    const computed = join(out, folders[1] as string, "job.json");
    let original: Buffer | undefined;
    // When the aggregate phase starts (its first progress event, before any job is read), a
    // computed job's job.json is garbled: a step that reads it fails with `bad_value`.
    const garble = (path: string) => (p: RunProgress) => {
      if (p.phase !== "aggregate" || original !== undefined) return;
      original = readFileSync(path);
      writeFileSync(path, "{ not json");
    };
    const s = await runPipeline(configOf(out), { onProgress: garble(computed) });
    expect(original).toBeDefined();
    expect(s.jobs?.done).toBe(2);
    expect(s.jobs?.skipped).toBe(4);
    expect(s.aggregate?.files).toHaveLength(8);
    const run = aggregated(out);
    writeFileSync(computed, original as Buffer);
    expect(diffSnapshots(run, await pureAggregate(out))).toEqual([]);
    expect(diffSnapshots(run, aggregated(base))).toEqual([]);
  }, 120_000);

  it("reads a skipped job's job.json once, in its check: garbled after it, the tables are the checked job's and the next run recomputes it", async () => {
    const { out, folders } = withJobsToRedo([1, 4]);
    const skipped = join(out, folders[2] as string, "job.json");
    let garbled = false;
    const onProgress = (p: RunProgress): void => {
      if (p.phase !== "aggregate" || garbled) return;
      garbled = true;
      writeFileSync(skipped, "{ not json");
    };
    const s = await runPipeline(configOf(out), { onProgress });
    expect(garbled).toBe(true);
    expect(s.jobs).toMatchObject({ done: 2, skipped: 4 });
    expect(diffSnapshots(aggregated(out), aggregated(base))).toEqual([]);
    const again = await runPipeline(configOf(out));
    expect(again.jobs).toMatchObject({ done: 1, skipped: 5 });
    expect(diffSnapshots(snapshot(out), snapshot(base))).toEqual([]);
  }, 120_000);

  it("a skipped job's job.json sealed but with a malformed data-quality block still fails the run with bad_value", async () => {
    const { out, folders } = withJobsToRedo([1, 4]);
    const skipped = join(out, folders[2] as string, "job.json");
    // Sealed again after the edit, so the check finds the job current (its record is intact).
    const text = readFileSync(skipped, "utf8")
      .replace(/"jsonSha256": "[0-9a-f]{64}"/, `"jsonSha256": "${UNSEALED_JSON_SHA256}"`)
      .replace('"duplicates": "drop"', '"duplicates": "maybe"');
    writeFileSync(skipped, sealJobJson(text).text);
    await expect(runPipeline(configOf(out))).rejects.toMatchObject({
      code: "bad_value",
      message: expect.stringContaining(join(folders[2] as string, "job.json")),
    });
  }, 120_000);
});
