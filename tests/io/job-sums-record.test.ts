import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SIZE_BANDS } from "../../src/core/classify.js";
import { emptySweepSums, SWEEP_COUNT_FIELDS, SWEEP_MONEY_FIELDS, type SweepSums } from "../../src/core/job-sums.js";
import { jobDir } from "../../src/io/outputs/job-outputs.js";
import { readJobOutputs, type JobOutputs } from "../../src/io/outputs/job-outputs-read.js";
import { JobSumsRecord, jobSumsJson, SUMS_COLUMNS } from "../../src/io/outputs/job-sums-record.js";
import { readRecordedJob, type RecordedJob } from "../../src/io/outputs/job-sums-read.js";
import type { SweepRow } from "../../src/frames/index.js";
import { writeSampleJobs, type SampleJobs } from "../frames/fixtures.js";

/*
 * The sums a job saves in its job.json record are the Σ over its own sweep rows, as the row reader
 * reads them back from simulation.csv.gz: per cell, per participant and per minute of placement,
 * every field. The expected sums are worked out here from the rows with plain BigInt arithmetic.
 */

let sample: SampleJobs;
let rows: JobOutputs;
let recorded: RecordedJob[];
beforeAll(async () => {
  sample = await writeSampleJobs();
  rows = await readJobOutputs(sample.dir);
  recorded = await Promise.all(
    rows.cells.map((c) =>
      readRecordedJob({ dir: jobDir(sample.dir, c.securityCode, c.date), securityCode: c.securityCode, date: c.date }),
    ),
  );
});

/** One row's contribution, the naive way. */
function rowSums(r: SweepRow): SweepSums {
  const s = emptySweepSums();
  s.sweeps = 1;
  s[`group${r.group}Sweeps`] = 1;
  s.qty = r.qty;
  s.realFilled = r.realFilled;
  s.realTrades = r.realTrades;
  s.costOrders = r.realFilled > 0 && r.meanMidHalfTicks !== undefined ? 1 : 0;
  s.realValueTicks = BigInt(r.realValueTicks);
  s.costMidpointMicroAud = BigInt(r.costMidpointMicroAud);
  s.costHalfSpreadMicroAud = BigInt(r.costHalfSpreadMicroAud);
  s.costImpactMicroAud = BigInt(r.costImpactMicroAud);
  if (r.simFilled === undefined) return s;
  s.simulatedSweeps = 1;
  s.simulatedQty = r.qty;
  s.simFilled = r.simFilled;
  s.simFills = r.simFills ?? 0;
  s.comparedQty = r.comparedQty ?? 0;
  s.simValueHalfTicks = BigInt(r.simValueHalfTicks ?? 0);
  s.savingsMicroAud = BigInt(r.savingsMicroAud ?? 0);
  if (s.comparedQty > 0 && r.realFilled > 0) {
    // real VWAP × compared qty in micro-AUD, rounded half up: (2·num + den) ÷ (2·den).
    const num = BigInt(r.realValueTicks) * BigInt(s.comparedQty) * 10n ** BigInt(6 - r.decimals);
    const den = BigInt(r.realFilled);
    s.comparedValueMicroAud = (2n * num + den) / (2n * den);
  }
  return s;
}

function plus(a: SweepSums, b: SweepSums): SweepSums {
  const out = { ...a };
  for (const k of SWEEP_COUNT_FIELDS) out[k] = a[k] + b[k];
  for (const k of SWEEP_MONEY_FIELDS) out[k] = a[k] + b[k];
  return out;
}

/** Σ of rowSums by key, sorted by key. */
function sumBy(rs: readonly SweepRow[], key: (r: SweepRow) => number): [number, SweepSums][] {
  const m = new Map<number, SweepSums>();
  for (const r of rs) m.set(key(r), plus(m.get(key(r)) ?? emptySweepSums(), rowSums(r)));
  return [...m].sort(([a], [b]) => a - b);
}

describe("the sums in job.json's record", () => {
  it("equal, for every job, the Σ over its sweep rows read back from simulation.csv.gz", () => {
    expect(recorded).toHaveLength(12);
    let sweeps = 0;
    for (const job of recorded) {
      const own = rows.sweeps.filter((r) => r.securityCode === job.securityCode && r.date === job.date);
      sweeps += own.length;
      const cells = Array.from({ length: 9 }, (_x, i) =>
        own
          .filter((r) => (r.group - 1) * 3 + SIZE_BANDS.indexOf(r.sizeBand) === i)
          .reduce((a, r) => plus(a, rowSums(r)), emptySweepSums()),
      );
      expect(job.sums.cells).toEqual(cells);
      expect(job.sums.participants.map((p) => [p.participantId, p.sums])).toEqual(sumBy(own, (r) => r.participantId));
      expect(job.sums.minutes.map((m) => [m.minute, m.sums])).toEqual(sumBy(own, (r) => Math.floor(r.placedNs / 60e9)));
      expect(job.decimals).toBe(own[0]?.decimals ?? job.decimals);
    }
    expect(sweeps).toBe(rows.sweeps.length);
    expect(sweeps).toBeGreaterThan(1000);
    // Not trivially zero: money fields are summed, savings have both signs somewhere.
    const all = recorded.flatMap((j) => j.sums.cells).reduce(plus, emptySweepSums());
    expect(all.comparedValueMicroAud).toBeGreaterThan(0n);
    expect(all.savingsMicroAud).not.toBe(0n);
  });

  it("are the job's own in-memory sums, and the job returns its data-quality block too", () => {
    expect(recorded.map((j) => j.sums)).toEqual(sample.results.map((r) => r.sums));
    expect(recorded.map((j) => j.quality?.dataQuality.counts)).toEqual(sample.results.map((r) => r.dataQuality.counts));
  });
});

describe("JobSumsRecord", () => {
  const some = (): SweepSums => ({ ...emptySweepSums(), sweeps: 2, group2Sweeps: 2, savingsMicroAud: -(2n ** 70n) });
  const sums = {
    cells: Array.from({ length: 9 }, some),
    participants: [{ participantId: 7, sums: some() }],
    minutes: [
      { minute: -3, sums: some() },
      { minute: 601, sums: some() },
    ],
  };

  it("round-trips exactly through JSON (bigints as decimal text, beyond 2^53)", () => {
    const text = JSON.stringify(jobSumsJson(sums));
    expect(JobSumsRecord.parse(JSON.parse(text))).toEqual(sums);
    expect(text).toContain(`-${2n ** 70n}`);
  });

  it("rejects another layout, a negative or fractional count, and other than 9 cells", () => {
    const json = jobSumsJson(sums);
    expect(JobSumsRecord.safeParse({ ...json, columns: SUMS_COLUMNS.replace("qty,", "") }).success).toBe(false);
    const negative = json.cells[0]!.replace(/^2,/, "-2,");
    expect(JobSumsRecord.safeParse({ ...json, cells: [negative, ...json.cells.slice(1)] }).success).toBe(false);
    const fraction = json.cells[0]!.replace(/^2,/, "2.5,");
    expect(JobSumsRecord.safeParse({ ...json, cells: [fraction, ...json.cells.slice(1)] }).success).toBe(false);
    expect(JobSumsRecord.safeParse({ ...json, cells: json.cells.slice(1) }).success).toBe(false);
  });

  it("a job.json whose record lacks valid sums is refused by name, for aggregation", async () => {
    const c = rows.cells[0]!;
    const dir = jobDir(sample.dir, c.securityCode, c.date);
    const file = join(dir, "job.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as { record: Record<string, unknown> };
    json.record.sums = { ...(json.record.sums as object), cells: [] };
    writeFileSync(file, JSON.stringify(json));
    const folder = { dir, securityCode: c.securityCode, date: c.date };
    await expect(readRecordedJob(folder)).rejects.toMatchObject({ code: "bad_value", columnName: "record.sums.cells" });
    json.record.format = 1;
    writeFileSync(file, JSON.stringify(json));
    await expect(readRecordedJob(folder)).rejects.toThrow(/holds no record of format 4 with the job's sums \(found 1/);
  });
});
