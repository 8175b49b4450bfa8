import { gunzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob, type JobResult } from "../../src/core/job.js";
import { aggregateAll, jobSumsFromSweeps, toDataFrame, type Table } from "../../src/frames/index.js";
import { jobDir, writeJobOutputs } from "../../src/io/outputs/job-outputs.js";
import { readJobOutputs, type JobOutputs } from "../../src/io/outputs/job-outputs-read.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import type { Partition } from "../../src/model/partition.js";
import { statistics } from "../../src/notebook/compare.js";
import { sweepStatistics } from "../../src/stats/index.js";
import { buildPartition, type EventSpec } from "../fixtures/partition.js";
import { tmp } from "../helpers.js";
import { CENTRE_POINT_MASK } from "./fixtures.js";

/*
 * A final-state job (one row per order: no book replay, no simulation) next to an event job. The
 * final-state job's simulated columns are "not simulated" (empty), never 0; aggregating both gives
 * exactly the event job's simulated measures, with the final-state job's real fills added.
 */
const SWEEP = 2048;

/** Final-state, FS 2024-10-03: S1 filled 200 of 200 for real, S2 50 of 300, S3 nothing of 40. */
const FINAL: EventSpec[] = [
  { orderId: 1, t: "10:01:00", qty: 200, matched: 200, reason: 3, status: 2, otype: SWEEP },
  { orderId: 2, t: "10:02:00", qty: 300, matched: 50, reason: 1, status: 4, otype: SWEEP },
  { orderId: 3, t: "10:03:00", qty: 40, reason: 9, status: 4, otype: SWEEP },
];
const FINAL_LEGS = [
  { orderId: 1, t: "10:00:30", price: 1000, qty: 200, matchGroupId: 1 },
  { orderId: 2, t: "10:01:30", price: 1000, qty: 50, matchGroupId: 2 },
];

/*
 * Events, EV 2024-10-04: a resting Centre Point sell of 100 (id 10, limit 990) at 10:00:00, then a
 * sweep buy of 100 (id 11, limit 1010) at 10:00:05 that really filled 60 at 1000 and was
 * cancelled. The simulation (mid 1000 from the 995/1005 snapshots) fills the sweep's 100 against 10.
 */
const EVENTS: EventSpec[] = [
  { orderId: 10, t: "10:00:00", side: 2, price: 990, qty: 100 },
  { orderId: 11, t: "10:00:05", side: 1, price: 1010, qty: 100, otype: SWEEP },
  { orderId: 11, t: "10:00:06", side: 1, price: 1010, qty: 100, matched: 60, reason: 3, otype: SWEEP },
  { orderId: 11, t: "10:00:07", side: 1, price: 1010, qty: 100, matched: 60, reason: 1, status: 4, otype: SWEEP },
];
const EVENT_LEGS = [{ orderId: 11, t: "10:00:06", price: 1000, qty: 60, matchGroupId: 1 }];

const config = defaultAnalysisConfig();
const finalPart = buildPartition({ securityCode: "FS", date: "2024-10-03", events: FINAL, trades: FINAL_LEGS });
const eventPart = buildPartition({ securityCode: "EV", date: "2024-10-04", events: EVENTS, trades: EVENT_LEGS });
const finalJob = runJob(finalPart, config);
const eventJob = runJob(eventPart, config);

// The CSV layout (the test below reads simulation.csv.gz's empty cells); the same jobs written as
// Parquet (the default, nulls for "not simulated") must read back as the same rows.
async function write(dir: string, jobs: [Partition, JobResult][]): Promise<JobOutputs> {
  const asParquet = `${dir}-parquet`;
  for (const [p, r] of jobs) {
    const csv = { detailFormat: "csv.gz" } as const;
    await writeJobOutputs(jobDir(dir, p.securityCode, p.date), r, p.orders, CENTRE_POINT_MASK, undefined, csv);
    await writeJobOutputs(jobDir(asParquet, p.securityCode, p.date), r, p.orders, CENTRE_POINT_MASK);
  }
  const read = await readJobOutputs(dir);
  expect(await readJobOutputs(asParquet)).toStrictEqual(read);
  return read;
}

let finalOnly: JobOutputs;
let eventOnly: JobOutputs;
let both: JobOutputs;
let finalDir: string;
beforeAll(async () => {
  finalDir = tmp("sweeplab-final-");
  finalOnly = await write(finalDir, [[finalPart, finalJob]]);
  eventOnly = await write(tmp("sweeplab-event-"), [[eventPart, eventJob]]);
  both = await write(tmp("sweeplab-both-"), [
    [finalPart, finalJob],
    [eventPart, eventJob],
  ]);
});

/** The "All / All" row of global_summary as { column: cell }. */
function overall(out: JobOutputs): Record<string, string | number> {
  const t = aggregateAll(jobSumsFromSweeps(out.sweeps, out.cells)).find((x) => x.name === "global_summary") as Table;
  const row = t.rows.find((r) => r[0] === "All" && r[1] === "All") ?? [];
  return Object.fromEntries(t.columns.map((c, i) => [c, row[i] ?? "?"]));
}

const SIMULATED = [
  "sim_filled",
  "sim_fill_ratio",
  "sim_fills",
  "compared_qty",
  "sim_value_aud",
  "compared_value_aud",
  "savings_aud",
  "savings_bps",
];

describe("a final-state job: simulated figures are 'not simulated', not 0", () => {
  it("the job's sweeps are flagged not simulated and its cells count no simulated sweep", () => {
    expect(finalJob.orderShape).toBe("final_state");
    expect(Array.from(finalJob.sweeps.simulated)).toEqual([0, 0, 0]);
    expect(finalJob.cells.map((c) => [c.simulatedSweeps, c.simulatedQty])).toEqual(
      Array.from({ length: 9 }, () => [0, 0]),
    );
    expect(Array.from(eventJob.sweeps.simulated)).toEqual([1]);
    expect(eventJob.cells[3]).toMatchObject({ sweeps: 1, simulatedSweeps: 1, simulatedQty: 100, simFilled: 100 });
  });

  it("simulation.csv leaves the simulated cells empty and reads them back as undefined", () => {
    const dir = jobDir(finalDir, "FS", "2024-10-03");
    const lines = gunzipSync(readFileSync(join(dir, "simulation.csv.gz")))
      .toString("utf8")
      .trim()
      .split("\n");
    const head = (lines[0] ?? "").split(",");
    const s1 = (lines[1] ?? "").split(",");
    const cell = (name: string): string => s1[head.indexOf(name)] ?? "?";
    expect(cell("real_filled")).toBe("200");
    for (const name of ["sim_filled", "sim_value_half_ticks", "sim_fills", "compared_qty", "savings_micro_aud"])
      expect([name, cell(name)]).toEqual([name, ""]);
    const metrics = readFileSync(join(dir, "metrics.csv"), "utf8").split("\n");
    expect(metrics[0]).toContain("simulatedSweeps,simulatedQty");
    expect(
      finalOnly.sweeps.map((s) => [s.realFilled, s.simFilled, s.simFills, s.comparedQty, s.savingsMicroAud]),
    ).toEqual([
      [200, undefined, undefined, undefined, undefined],
      [50, undefined, undefined, undefined, undefined],
      [0, undefined, undefined, undefined, undefined],
    ]);
  });

  it("aggregated simulated measures are empty (NaN in frames); real measures are there", () => {
    const o = overall(finalOnly);
    expect(o.real_filled).toBe(250);
    expect(o.real_fill_ratio).toBe(250 / 540);
    for (const name of SIMULATED) expect([name, o[name]]).toEqual([name, ""]);
    const frame = toDataFrame(aggregateAll(jobSumsFromSweeps(finalOnly.sweeps, finalOnly.cells))[0] as Table);
    const col = (name: string): unknown[] => frame.column(name).values;
    // Every row with sweeps (a row with none has nothing to simulate: its sums stay 0).
    const withSweeps = col("sweeps").flatMap((n, i) => ((n as number) > 0 ? [i] : []));
    expect(withSweeps.length).toBeGreaterThan(3);
    for (const name of ["sim_fill_ratio", "sim_filled", "savings_aud"])
      expect([name, withSweeps.map((i) => col(name)[i])]).toEqual([name, withSweeps.map(() => Number.NaN)]);
  });

  it("one event job + one final-state job = the event job's simulated measures, both jobs' real fills", () => {
    const ev = overall(eventOnly);
    const mix = overall(both);
    expect(ev.sim_filled).toBe(100);
    expect(ev.sim_fill_ratio).toBe(1);
    for (const name of SIMULATED) expect([name, mix[name]]).toEqual([name, ev[name]]);
    expect(mix.real_filled).toBe(60 + 250);
    expect(mix.qty).toBe(100 + 540);
    expect(mix.sweeps).toBe(4);
  });

  it("paired tests count only the simulated sweeps", () => {
    expect(sweepStatistics(finalJob.sweeps).overall.matchedQty.n).toBe(0);
    expect(statistics(both.sweeps).overall.matchedQty.n).toBe(1);
    expect(statistics(both.sweeps).overall.matchedQty.meanDiff).toBe(40);
  });
});

describe("a metrics.csv written before the simulated counts existed", () => {
  it("reads as every sweep simulated (as such a job was)", async () => {
    const dir = tmp("sweeplab-legacy-");
    await write(dir, [[eventPart, eventJob]]);
    const file = join(jobDir(dir, "EV", "2024-10-04"), "metrics.csv");
    const legacy = readFileSync(file, "utf8").replace(/,[^,\n]*,[^,\n]*\n/g, "\n");
    expect(legacy.split("\n")[0]?.endsWith("costImpactMicroAud")).toBe(true);
    writeFileSync(file, legacy);
    const cells = (await readJobOutputs(dir)).cells[0]?.cells ?? [];
    expect(cells.map((c) => [c.sweeps, c.simulatedSweeps, c.qty, c.simulatedQty])).toEqual(
      eventJob.cells.map((c) => [c.sweeps, c.sweeps, c.qty, c.qty]),
    );
  });
});
