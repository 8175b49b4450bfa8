import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyDataQualityCounts, type DataQualityCounts } from "../../src/core/data-quality.js";
import { jobDir } from "../../src/io/outputs/job-outputs.js";
import type { JobQuality } from "../../src/io/outputs/job-quality-read.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildDataQualitySummary, formatDataQuality, readRunQuality } from "../../src/pipeline/summary-quality.js";
import { tmp } from "../helpers.js";

const block = (securityCode: string, date: string, over: Partial<DataQualityCounts>): JobQuality => ({
  securityCode,
  date,
  dataQuality: {
    duplicates: "drop",
    counts: { ...emptyDataQualityCounts(), centrePointOrders: 10, selectedOrders: 10, ...over },
    outsideSessionPlacedNs: null,
    samples: { overfilledOrders: (over.overfilledOrders ?? 0) > 0 ? [{ orderId: `${securityCode}9`, qty: 1 }] : [] },
  },
});
const context = (jobs: number) => ({
  config: { analysis: defaultAnalysisConfig() },
  present: [] as { securityCode: string; date: string }[],
  jobs,
});

describe("the run summary's data-quality section", () => {
  // Seven jobs with 0..6 repeated legs, one of them also with 2 overfilled orders.
  const blocks = [0, 1, 2, 3, 4, 5, 6].map((i) =>
    block(`S${i}`, "2024-10-02", {
      repeatedTradeLegs: i,
      tradeLegs: 20,
      matchedTradeLegs: 20,
      ...(i === 2 ? { overfilledOrders: 2, overfilledQty: 3 } : {}),
    }),
  );
  const present = blocks.map((b) => ({ securityCode: b.securityCode, date: b.date }));
  const s = buildDataQualitySummary(blocks, { ...context(7), present });

  it("sums the counts and lists the 5 jobs with most warnings, most first", () => {
    expect(s.jobs).toBe(7);
    expect(s.totals.repeatedTradeLegs).toBe(21);
    expect(s.totals.centrePointOrders).toBe(70);
    expect(s.warnings).toBe(21 + 2);
    expect(s.worst.map((w) => [w.key, w.warnings])).toEqual([
      ["S6|2024-10-02", 6],
      ["S5|2024-10-02", 5],
      ["S2|2024-10-02", 4],
      ["S4|2024-10-02", 4],
      ["S3|2024-10-02", 3],
    ]);
    expect(s.worst[2]?.counts).toEqual({ repeatedTradeLegs: 2, overfilledOrders: 2 });
  });

  it("prints the totals, the worst jobs and the reasons", () => {
    expect(formatDataQuality(s)).toEqual([
      "data quality: 23 warnings in 7 jobs (repeatedTradeLegs 21, overfilledOrders 2) — per job in job.json and aggregated/data_quality.csv",
      "  S6|2024-10-02: 6 (repeatedTradeLegs 6)",
      "  S5|2024-10-02: 5 (repeatedTradeLegs 5)",
      "  S2|2024-10-02: 4 (repeatedTradeLegs 2, overfilledOrders 2)",
      "  S4|2024-10-02: 4 (repeatedTradeLegs 4)",
      "  S3|2024-10-02: 3 (repeatedTradeLegs 3)",
      "  ! trades: 21 repeated legs (same matchgroupid, orderid and side), dropped",
      "  ! 2 orders matched more than their quantity (3 shares beyond it, counted as filled: a fill ratio over 100 %): S29",
    ]);
  });

  it("reads the blocks from job.json, leaving out failed jobs and listing a malformed block", async () => {
    const out = tmp();
    const write = (code: string, text: string): void => {
      const dir = jobDir(out, code, "2024-10-02");
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/job.json`, text);
    };
    write("A", JSON.stringify(block("A", "2024-10-02", { repeatedTradeLegs: 3 })));
    write("B", JSON.stringify({ securityCode: "B", date: "2024-10-02", dataQuality: { counts: { tradeLegs: -1 } } }));
    write("OLD", JSON.stringify({ securityCode: "OLD", date: "2024-10-02" })); // before data-quality blocks
    const keys = ["A", "B", "C", "OLD"].map((securityCode) => ({ securityCode, date: "2024-10-02" }));
    const { blocks, problems } = await readRunQuality(out, keys);
    expect(blocks.map((b) => [b.securityCode, b.dataQuality.counts.repeatedTradeLegs])).toEqual([["A", 3]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("SEC_B/2024-10-02/job.json");
  });

  it("prints one line for the jobs whose order rows are final states, naming them, not as warnings", () => {
    const fs = [
      block("85603", "2024-09-04", { finalStateJobs: 1, finalStateOrders: 128 }),
      block("110621", "2024-09-04", { finalStateJobs: 1, finalStateOrders: 21 }),
      block("110622", "2024-09-04", { tradeLegs: 4, matchedTradeLegs: 4 }),
    ];
    const present = fs.map((b) => ({ securityCode: b.securityCode, date: b.date }));
    const d = buildDataQualitySummary(fs, { ...context(3), present });
    expect(d.totals).toMatchObject({ finalStateJobs: 2, finalStateOrders: 149 });
    expect(d.warnings).toBe(0);
    expect(formatDataQuality(d)).toEqual([
      "data quality: 0 warnings in 3 jobs — per job in job.json and aggregated/data_quality.csv",
      "  ! 2 jobs hold final-state order rows (one row per order, no placements) (85603|2024-09-04, 110621|2024-09-04): " +
        "real fills, groups and size bands only; no book replay or simulation (simulated fills and savings not computed)",
    ]);
  });

  it("sums the short-filled orders like the overfilled ones: a warning, 5 ids across the jobs, in job order", () => {
    const withShort = (code: string, ids: string[]): JobQuality => {
      const b = block(code, "2024-10-03", {
        tradeLegs: 9,
        matchedTradeLegs: 9,
        shortFilledOrders: ids.length,
        shortFilledQty: 10 * ids.length,
      });
      const sample = ids.map((orderId) => ({ orderId, matchedQty: 30, filledQty: 20 }));
      return { ...b, dataQuality: { ...b.dataQuality, samples: { shortFilledOrders: sample } } };
    };
    const jobs = [withShort("A", ["11", "12", "13"]), withShort("B", []), withShort("C", ["31", "32", "33", "34"])];
    const present = jobs.map((b) => ({ securityCode: b.securityCode, date: b.date }));
    const d = buildDataQualitySummary(jobs, { ...context(3), present });
    expect(d.totals).toMatchObject({ shortFilledOrders: 7, shortFilledQty: 70 });
    expect(d.warnings).toBe(7);
    expect(d.worst.map((w) => [w.key, w.warnings])).toEqual([
      ["C|2024-10-03", 4],
      ["A|2024-10-03", 3],
    ]);
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toContain("(70 shares of trades missing: ");
    expect(d.reasons[0]).toContain("understated): 11, 12, 13, 31, 32; check");
  });

  it("names the jobs whose job.json counts no order row (NBBO or trades only)", () => {
    const withRows = (b: JobQuality, rows: number): JobQuality => ({
      ...b,
      dataQuality: { ...b.dataQuality, orderShape: { shape: "events", rows, orders: rows, placementRows: rows } },
    });
    const jobs = [
      withRows(block("110621", "2024-09-04", { tradeLegs: 4, matchedTradeLegs: 4 }), 21),
      withRows(block("74150", "2025-07-01", { centrePointOrders: 0, selectedOrders: 0, quotesWithoutMidpoint: 1 }), 0),
      withRows(block("75511", "2025-07-01", { centrePointOrders: 0, selectedOrders: 0, quotesWithoutMidpoint: 1 }), 0),
      block("110622", "2024-09-04", {}), // a job.json without the order shape: not counted as empty
    ];
    const present = jobs.map((b) => ({ securityCode: b.securityCode, date: b.date }));
    const d = buildDataQualitySummary(jobs, { ...context(4), present });
    expect(d.reasons).toEqual([
      "2 of 4 jobs hold no order row, only trades or NBBO quotes (74150|2025-07-01, 75511|2025-07-01): " +
        "nothing is analysed there; the orders files hold no row of these securities on these dates",
    ]);
  });

  it("reads a job.json written before the final-state counts existed as event data (counts 0)", async () => {
    const out = tmp();
    const dir = jobDir(out, "A", "2024-10-02");
    mkdirSync(dir, { recursive: true });
    const old = block("A", "2024-10-02", { repeatedTradeLegs: 3 });
    const { finalStateJobs: _j, finalStateOrders: _o, ...counts } = old.dataQuality.counts;
    writeFileSync(`${dir}/job.json`, JSON.stringify({ ...old, dataQuality: { ...old.dataQuality, counts } }));
    const { blocks, problems } = await readRunQuality(out, [{ securityCode: "A", date: "2024-10-02" }]);
    expect(problems).toEqual([]);
    expect(blocks[0]?.dataQuality.counts).toMatchObject({
      repeatedTradeLegs: 3,
      finalStateJobs: 0,
      finalStateOrders: 0,
    });
  });
});

describe("a job.json written before the short-filled counts existed", () => {
  it("is not read as 0 short-filled orders: its block is reported as malformed (a run recomputes it: record format 4)", async () => {
    const out = tmp();
    const dir = jobDir(out, "A", "2024-10-02");
    mkdirSync(dir, { recursive: true });
    const old = block("A", "2024-10-02", { tradeLegs: 5 });
    const { shortFilledOrders: _o, shortFilledQty: _q, ...counts } = old.dataQuality.counts;
    writeFileSync(`${dir}/job.json`, JSON.stringify({ ...old, dataQuality: { ...old.dataQuality, counts } }));
    const { blocks, problems } = await readRunQuality(out, [{ securityCode: "A", date: "2024-10-02" }]);
    expect(blocks).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("dataQuality.counts.shortFilledOrders");
  });
});
