import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as QualityRead from "../../src/io/outputs/job-quality-read.js";
import type * as JobRecord from "../../src/io/outputs/job-record.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

/*
 * Issue 15: the jobs return their data-quality block with their result, and a job skipped as
 * current gives its block (and its sums) from the job.json its check read, so neither the run
 * summary's data-quality section nor the aggregate step reads a job.json. Every read of a
 * data-quality block, and of a sealed job.json outside the check, in this process is counted (the
 * workers run the compiled dist/ in their own threads and are not affected).
 */

const reads = vi.hoisted(() => [] as string[]);
// job.json reads by a reader other than the check (the check's own read is inside job-record.ts).
const sealedReads = vi.hoisted(() => [] as string[]);
vi.mock("../../src/io/outputs/job-record.js", async (importOriginal) => {
  const m = await importOriginal<typeof JobRecord>();
  return {
    ...m,
    readSealedJobJson: (dir: string) => {
      sealedReads.push(dir);
      return m.readSealedJobJson(dir);
    },
  };
});
vi.mock("../../src/io/outputs/job-quality-read.js", async (importOriginal) => {
  const m = await importOriginal<typeof QualityRead>();
  return {
    ...m,
    readJobQuality: (dir: string) => {
      reads.push(dir);
      return m.readJobQuality(dir);
    },
  };
});

let data = "";
beforeAll(async () => {
  data = await smallData(13);
}, 60_000);

/** The `SEC|date` keys of the job folders under `out`. */
const jobKeys = (out: string): string[] =>
  readdirSync(join(out, "by_security")).flatMap((sec) =>
    readdirSync(join(out, "by_security", sec)).map((date) => `${sec.slice(4)}|${date}`),
  );

/** Σ of every count of the jobs' job.json blocks, read here straight from the files. */
function totalsOnDisk(out: string, keys: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const k of keys) {
    const [sec, date] = k.split("|");
    const json = JSON.parse(readFileSync(join(out, "by_security", `SEC_${sec}`, date!, "job.json"), "utf8")) as {
      dataQuality: { counts: Record<string, number> };
    };
    for (const [f, v] of Object.entries(json.dataQuality.counts)) totals[f] = (totals[f] ?? 0) + v;
  }
  return totals;
}

describe("the run summary's data quality", () => {
  it("reads no job.json for the summary or the tables: blocks from the workers and the checks; same figures either way", async () => {
    const out = tmp("sweeplab-dq-run-");
    const config = configFor(data, out);
    reads.length = 0;
    const first = await runPipeline(config);
    expect(first.jobs).toMatchObject({ done: 6, skipped: 0 });
    expect([reads, sealedReads]).toEqual([[], []]);
    const keys = jobKeys(out).sort();
    expect(keys).toHaveLength(6);
    expect(first.dataQuality?.jobs).toBe(6);
    expect(first.dataQuality?.totals).toEqual(totalsOnDisk(out, keys));
    expect(Object.values(first.dataQuality!.totals).some((v) => v > 0)).toBe(true);

    // Everything current: the six blocks come from the six job.json files the checks read.
    const again = await runPipeline(config);
    expect(again.jobs).toMatchObject({ done: 0, skipped: 6 });
    expect([reads, sealedReads]).toEqual([[], []]);
    expect(again.dataQuality).toEqual(first.dataQuality);

    // One job recomputed: its own block returned by the worker, the five others' from their checks.
    const [sec, date] = keys[2]!.split("|");
    rmSync(join(out, "by_security", `SEC_${sec}`, date!), { recursive: true });
    const third = await runPipeline(config);
    expect(third.jobs).toMatchObject({ done: 1, skipped: 5 });
    expect([reads, sealedReads]).toEqual([[], []]);
    expect(third.dataQuality).toEqual(first.dataQuality);
  }, 120_000);
});
