import { cpSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  aggregateAll,
  aggregateFrames,
  Aggregator,
  DATA_QUALITY_COLUMNS,
  DATA_QUALITY_TABLE,
  dataQualityTable,
  jobSumsFromSweeps,
  tableToCsv,
  TABLE_NAMES,
  type JobSumsInput,
} from "../../src/frames/index.js";
import { readJobOutputs, type JobOutputs } from "../../src/io/outputs/job-outputs-read.js";
import { aggregateJobs, loadAggregateFrames } from "../../src/pipeline/aggregate/aggregate-step.js";
import { tmp } from "../helpers.js";
import { readSums, stubSweep, writeSampleJobs, type SampleJobs } from "./fixtures.js";

/*
 * The aggregate phase streams: jobs' recorded sums are read a few at a time and merged into sums
 * per output group. These tests prove the tables do not depend on how the jobs arrive, and equal
 * the tables of the sums recomputed from every sweep row.
 */

let sample: SampleJobs;
let read: JobOutputs;
let sums: JobSumsInput[];
let expected: string[];
/** The tables aggregateRun writes: aggregateAll's seven, then data_quality from the jobs' job.json. */
let expectedFiles: string[];
const jobOf = (x: { securityCode: string; date: string }): string => `${x.securityCode}|${x.date}`;
const qualityCsv = (keep: (key: string) => boolean = () => true): string =>
  tableToCsv(
    dataQualityTable(sample.results.filter((r) => keep(jobOf(r))).map((r) => ({ ...r, counts: r.dataQuality.counts }))),
  );
beforeAll(async () => {
  sample = await writeSampleJobs();
  read = await readJobOutputs(sample.dir);
  sums = await readSums(sample.dir);
  // From the rows, not the records: what the records give must equal it.
  expected = aggregateAll(jobSumsFromSweeps(read.sweeps, read.cells)).map(tableToCsv);
  expectedFiles = [...expected, qualityCsv()];
});

describe("Aggregator", () => {
  it("equals aggregateAll of the rows' sums when fed the recorded sums job by job, in reverse order", () => {
    const a = new Aggregator();
    for (const j of [...sums].reverse()) a.addJob(j);
    expect(a.tables().map(tableToCsv)).toEqual(expected);
  });

  it("checks its input: 9 cells, each job once, decimals 0..6, good options", () => {
    const [job] = jobSumsFromSweeps([stubSweep(), stubSweep({ orderId: 2n })]);
    const a = new Aggregator();
    a.addJob(job!);
    expect(() => a.addJob(job!)).toThrow(expect.objectContaining({ code: "duplicate_job" }));
    const cells = job!.sums.cells.slice(0, 8);
    expect(() => new Aggregator().addJob({ ...job!, sums: { ...job!.sums, cells } })).toThrow(
      expect.objectContaining({ code: "bad_cells" }),
    );
    expect(() => new Aggregator().addJob({ ...job!, decimals: 7 })).toThrow(
      expect.objectContaining({ name: "AggregationError", code: "bad_decimals" }),
    );
    expect(() => jobSumsFromSweeps([stubSweep(), stubSweep({ decimals: 3 })])).toThrow(
      expect.objectContaining({ code: "rows_mismatch" }),
    );
    expect(() => new Aggregator({ bucketMinutes: 0 })).toThrow(expect.objectContaining({ code: "bad_option" }));
  });
});

describe("aggregateRun (streamed from disk)", () => {
  it("writes the same bytes however many jobs are read at a time, equal to aggregating everything in memory", async () => {
    for (const concurrency of [1, 2, 5, 12, 64]) {
      const out = tmp("sweeplab-agg-");
      cpSync(sample.dir, out, { recursive: true });
      const files = await aggregateJobs(out, undefined, { concurrency });
      expect(files.map((f) => f.slice(out.length))).toEqual(
        [...TABLE_NAMES, DATA_QUALITY_TABLE].map((t) => `/aggregated/${t}.csv`),
      );
      expect(files.map((f) => readFileSync(f, "utf8"))).toEqual(expectedFiles);
    }
  });

  it("aggregates only the jobs asked for, as aggregateAll of those jobs", async () => {
    const out = tmp("sweeplab-agg-");
    cpSync(sample.dir, out, { recursive: true });
    const only = sums.filter((_c, i) => i % 3 === 1).map((c) => ({ securityCode: c.securityCode, date: c.date }));
    const keep = new Set(only.map(jobOf));
    const subset = aggregateAll(sums.filter((c) => keep.has(jobOf(c)))).map(tableToCsv);
    expect(subset).not.toEqual(expected);
    const files = await aggregateJobs(out, only, { concurrency: 3 });
    expect(files.map((f) => readFileSync(f, "utf8"))).toEqual([...subset, qualityCsv((k) => keep.has(k))]);
  });

  it("loadAggregateFrames gives the DataFrames of the same tables", async () => {
    const frames = await loadAggregateFrames(sample.dir);
    const inMemory = aggregateFrames(sums);
    expect(Object.keys(frames)).toEqual([...TABLE_NAMES, DATA_QUALITY_TABLE]);
    expect(frames[DATA_QUALITY_TABLE]?.shape).toEqual([12, DATA_QUALITY_COLUMNS.length]);
    for (const t of TABLE_NAMES) {
      expect(frames[t]?.columns).toEqual(inMemory[t].columns);
      expect(frames[t]?.values).toEqual(inMemory[t].values);
    }
  });
});
