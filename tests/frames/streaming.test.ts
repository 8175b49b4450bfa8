import { cpSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  aggregateAll,
  aggregateFrames,
  AggregationError,
  Aggregator,
  DATA_QUALITY_COLUMNS,
  DATA_QUALITY_TABLE,
  dataQualityTable,
  jobCellsFromSweeps,
  tableToCsv,
  TABLE_NAMES,
} from "../../src/frames/index.js";
import { readJobOutputs, type JobOutputs } from "../../src/io/outputs/job-outputs-read.js";
import { aggregateJobs, loadAggregateFrames } from "../../src/pipeline/aggregate/aggregate-step.js";
import { tmp } from "../helpers.js";
import { stubSweep, writeSampleJobs, type SampleJobs } from "./fixtures.js";

/*
 * The aggregate phase streams: jobs are read a few at a time and folded row by row into sums per
 * output group. These tests prove the tables do not depend on how the rows arrive.
 */

let sample: SampleJobs;
let read: JobOutputs;
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
  expected = aggregateAll(read.cells, read.sweeps).map(tableToCsv);
  expectedFiles = [...expected, qualityCsv()];
});

describe("Aggregator", () => {
  it("equals aggregateAll when fed job by job, in reverse job order, each job's cells then its rows", () => {
    const a = new Aggregator();
    for (const c of [...read.cells].reverse()) {
      a.addJob(c);
      for (const r of read.sweeps) if (jobOf(r) === jobOf(c)) a.addSweep(r);
    }
    expect(a.tables().map(tableToCsv)).toEqual(expected);
  });

  it("equals aggregateAll when the rows of all jobs interleave", () => {
    const a = new Aggregator();
    for (const c of read.cells) a.addJob(c);
    // Round robin over the jobs: row 0 of each job, then row 1 of each, …
    const byJob = read.cells.map((c) => read.sweeps.filter((r) => jobOf(r) === jobOf(c)));
    const longest = Math.max(...byJob.map((rows) => rows.length));
    for (let i = 0; i < longest; i++) for (const rows of byJob) if (rows[i] !== undefined) a.addSweep(rows[i]!);
    expect(a.tables().map(tableToCsv)).toEqual(expected);
  });

  it("checks as aggregateAll does: rows before their job's cells, rows that disagree with the cells, bad options", () => {
    const row = stubSweep();
    const a = new Aggregator();
    expect(() => a.addSweep(row)).toThrow(expect.objectContaining({ code: "unknown_job" }));
    const b = new Aggregator();
    b.addJob(jobCellsFromSweeps([row, stubSweep({ orderId: 2n })])[0]!);
    b.addSweep(row);
    expect(() => b.addSweep(stubSweep({ decimals: 3 }))).toThrow(expect.objectContaining({ code: "rows_mismatch" }));
    expect(() => b.tables()).toThrow(AggregationError);
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
    const only = read.cells.filter((_c, i) => i % 3 === 1).map((c) => ({ securityCode: c.securityCode, date: c.date }));
    const keep = new Set(only.map(jobOf));
    const subset = aggregateAll(
      read.cells.filter((c) => keep.has(jobOf(c))),
      read.sweeps.filter((r) => keep.has(jobOf(r))),
    ).map(tableToCsv);
    expect(subset).not.toEqual(expected);
    const files = await aggregateJobs(out, only, { concurrency: 3 });
    expect(files.map((f) => readFileSync(f, "utf8"))).toEqual([...subset, qualityCsv((k) => keep.has(k))]);
  });

  it("loadAggregateFrames gives the DataFrames of the same tables", async () => {
    const frames = await loadAggregateFrames(sample.dir);
    const inMemory = aggregateFrames(read.cells, read.sweeps);
    expect(Object.keys(frames)).toEqual([...TABLE_NAMES, DATA_QUALITY_TABLE]);
    expect(frames[DATA_QUALITY_TABLE]?.shape).toEqual([12, DATA_QUALITY_COLUMNS.length]);
    for (const t of TABLE_NAMES) {
      expect(frames[t]?.columns).toEqual(inMemory[t].columns);
      expect(frames[t]?.values).toEqual(inMemory[t].values);
    }
  });
});
