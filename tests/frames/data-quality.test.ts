import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob, type JobResult } from "../../src/core/job.js";
import { DATA_QUALITY_COLUMNS, dataQualityTable, tableToCsv } from "../../src/frames/index.js";
import { jobDir, writeJobOutputs } from "../../src/io/outputs/job-outputs.js";
import { readJobQuality } from "../../src/io/outputs/job-quality-read.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import type { Partition, TradeLegs } from "../../src/model/partition.js";
import { aggregateJobs } from "../../src/pipeline/aggregate/aggregate-step.js";
import { tmp } from "../helpers.js";
import { CENTRE_POINT_MASK, testStamp } from "./fixtures.js";

/*
 * The 12 sample_data jobs, every other one with its trade file delivered twice (each leg repeated).
 * The repeats are dropped, so every job's figures equal those of the clean data; data_quality.csv
 * counts them, one additive row per job.
 */

/** The trade legs followed by a second copy of themselves. */
function twice(t: TradeLegs): TradeLegs {
  const out: Record<string, unknown> = { length: 2 * t.length };
  for (const [name, col] of Object.entries(t)) {
    if (name === "length") continue;
    const from = col as Float64Array;
    const to = new (from.constructor as Float64ArrayConstructor)(2 * t.length);
    to.set(from);
    to.set(from, t.length);
    out[name] = to;
  }
  return out as unknown as TradeLegs;
}

let partitions: Partition[];
let clean: JobResult[];
let doubled: JobResult[];
let dir: string;
beforeAll(async () => {
  ({ partitions } = await loadPartitions([join(import.meta.dirname, "..", "..", "sample_data")]));
  clean = partitions.map((p) => runJob(p, defaultAnalysisConfig()));
  dir = tmp("sweeplab-dq-");
  doubled = [];
  for (const [i, p] of partitions.entries()) {
    const input = i % 2 === 1 ? { ...p, trades: twice(p.trades) } : p;
    const r = runJob(input, defaultAnalysisConfig());
    await writeJobOutputs(jobDir(dir, p.securityCode, p.date), r, p.orders, CENTRE_POINT_MASK, testStamp());
    doubled.push(r);
  }
});

/** The CSV's rows by key (security|date), each a list of bigint sums. */
function sums(csv: string): Map<string, bigint[]> {
  const [head, ...lines] = csv.trimEnd().split("\n");
  expect(head).toBe(DATA_QUALITY_COLUMNS.join(","));
  return new Map(lines.map((l) => l.split(",")).map((f) => [`${f[0]}|${f[1]}`, f.slice(2).map(BigInt)]));
}
const total = (m: Map<string, bigint[]>): bigint[] =>
  [...m.values()].reduce((a, b) => a.map((v, i) => v + (b[i] ?? 0n)));

describe("data_quality.csv", () => {
  it("the repeats are dropped: every job's figures equal the clean data's", () => {
    expect(doubled.map((r) => r.cells)).toEqual(clean.map((r) => r.cells));
    expect(doubled.map((r) => r.dataQuality.counts.repeatedTradeLegs)).toEqual(
      partitions.map((p, i) => (i % 2 === 1 ? p.trades.length : 0)),
    );
  });

  it("job.json holds the block, read back as written", async () => {
    const p = partitions[1]!;
    const q = await readJobQuality(jobDir(dir, p.securityCode, p.date));
    expect(q?.dataQuality.counts).toEqual(doubled[1]!.dataQuality.counts);
    expect(q?.dataQuality.samples.repeatedTradeLegs?.length).toBe(10);
  });

  it("is written with the other tables: one row per job, the counts of its job.json", async () => {
    const files = await aggregateJobs(dir);
    expect(files.map((f) => f.slice(dir.length))).toContain("/aggregated/data_quality.csv");
    const text = readFileSync(join(dir, "aggregated", "data_quality.csv"), "utf8");
    expect(text).toBe(tableToCsv(dataQualityTable(doubled.map((r) => ({ ...r, counts: r.dataQuality.counts })))));
    const rows = sums(text);
    expect(rows.size).toBe(12);
    const col = (name: string): number => DATA_QUALITY_COLUMNS.indexOf(name) - 2;
    const legs = partitions.filter((_p, i) => i % 2 === 1).reduce((s, p) => s + p.trades.length, 0);
    expect(total(rows)[col("repeated_trade_legs")]).toBe(BigInt(legs));
    expect(total(rows)[col("warnings")]).toBe(BigInt(legs)); // nothing else is wrong with sample_data
  });

  it.each([
    ["alternate jobs", (i: number): boolean => i % 2 === 0],
    ["first and last six jobs", (i: number): boolean => i < 6],
  ])("split into two halves (%s): the halves' rows are the whole's, and their sums add up", async (_how, inFirst) => {
    const keys = partitions.map((p) => ({ securityCode: p.securityCode, date: p.date }));
    const read = async (only?: typeof keys): Promise<Map<string, bigint[]>> => {
      await aggregateJobs(dir, only);
      return sums(readFileSync(join(dir, "aggregated", "data_quality.csv"), "utf8"));
    };
    const a = await read(keys.filter((_k, i) => inFirst(i)));
    const b = await read(keys.filter((_k, i) => !inFirst(i)));
    const whole = await read();
    expect(new Map([...a, ...b])).toEqual(whole);
    expect(total(a).map((v, i) => v + (total(b)[i] ?? 0n))).toEqual(total(whole));
  });
});
