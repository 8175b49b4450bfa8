import type { DataFrame } from "../frames/index.js";
import type { SweepRow } from "../io/outputs/job-outputs-read.js";
import {
  fillRatioByDateFigure,
  fillRatioBySecurityFigure,
  orderScatterFigure,
  savingsBoxFigure,
  savingsDistributionFigure,
  sizeBandFigure,
  throughputFigure,
  timeOfDayFigure,
  type BreakdownRow,
  type Figure,
  type FillRatioRow,
  type SecurityNames,
  type SavingsOptions,
  type ScatterOptions,
} from "../plots/index.js";
import type { AggregateFrames } from "./aggregate.js";
import { aggregateTable, chartBy, chartOptions, sweepRowsArg } from "./chart-inputs.js";
import { num, records, type FrameValue } from "./frame.js";
import type { RunResult } from "./run-handle.js";

/** The sweeps and the real and simulated fill ratio of an aggregated row. */
function fillRatios(r: Record<string, FrameValue>): Omit<FillRatioRow, "key"> {
  return { sweeps: num(r.sweeps) ?? 0, realFillRatio: num(r.real_fill_ratio), simFillRatio: num(r.sim_fill_ratio) };
}

function fillRows(frame: DataFrame, keyColumn: string): FillRatioRow[] {
  return records(frame).map((r) => ({ key: String(r[keyColumn]), ...fillRatios(r) }));
}

function breakdownRows(frame: DataFrame, bucketColumn: string): BreakdownRow[] {
  return records(frame).map((r) => ({
    bucket: String(r[bucketColumn]),
    ...fillRatios(r),
    savingsBps: num(r.savings_bps),
  }));
}

/** Options of {@link fillRatioChart}: per security or date, and the securities' names. */
export interface FillRatioChartOptions {
  /** `security` (default: bars) or `date` (lines). */
  by?: "security" | "date";
  /** Security names by code (see `securityNames`), for the bars of `by: "security"`. */
  names?: SecurityNames;
}

/**
 * The fill ratio chart of aggregated tables (from `aggregate`): per security (bars, labelled with
 * their names from `names`, see `securityNames`) or per trading date (lines). `by` is the second
 * argument or a field of the options there (`charts.fillRatio(t, { names })`, `(t, "date")`); another
 * value is FrameError `bad_argument`.
 */
export function fillRatioChart(
  frames: AggregateFrames,
  by: "security" | "date" | FillRatioChartOptions = "security",
  options: FillRatioChartOptions = {},
): Figure {
  const c = chartBy<"security" | "date", FillRatioChartOptions>("charts.fillRatio", ["security", "date"], by, options, [
    "names",
  ]);
  return c.by === "security"
    ? fillRatioBySecurityFigure(
        fillRows(aggregateTable(frames, "by_security", "charts.fillRatio"), "security_code"),
        c.options.names === undefined ? {} : { names: c.options.names },
      )
    : fillRatioByDateFigure(fillRows(aggregateTable(frames, "by_date", "charts.fillRatio"), "date"));
}

/** The time-of-day chart of aggregated tables: sweeps per bucket, real and simulated fill ratio. */
export function timeOfDayChart(frames: AggregateFrames): Figure {
  return timeOfDayFigure(breakdownRows(aggregateTable(frames, "time_of_day", "charts.timeOfDay"), "time_bucket"));
}

/** The size-band chart of aggregated tables: real vs simulated fill ratio and savings (bps) per band. */
export function sizeBandChart(frames: AggregateFrames): Figure {
  return sizeBandFigure(breakdownRows(aggregateTable(frames, "size_band", "charts.sizeBand"), "size_band"));
}

/** The distribution of per-sweep savings (bps), simulated vs real, by fill group, of per-sweep rows (`sweepRows`). */
export function savingsChart(rows: readonly SweepRow[], options: SavingsOptions = {}): Figure {
  chartOptions("charts.savings", options, ["bins"]);
  return savingsDistributionFigure(
    sweepRowsArg(rows, "charts.savings").map((s) => ({ group: s.group, savingsBps: s.savingsBps })),
    options,
  );
}

/**
 * Boxes of the non-zero per-sweep savings (bps) by size band and fill group, of per-sweep rows
 * (`sweepRows`); the sweeps at exactly 0 are counted in the title and legend.
 */
export function savingsBoxChart(rows: readonly SweepRow[]): Figure {
  return savingsBoxFigure(
    sweepRowsArg(rows, "charts.savingsBox").map((s) => ({
      group: s.group,
      sizeBand: s.sizeBand,
      savingsBps: s.savingsBps,
    })),
  );
}

/**
 * The per-order scatter of real vs simulated filled fraction, of per-sweep rows (`sweepRows`); rows
 * not simulated (a final-state job) have no simulated fraction and are left out. `names` names the
 * securities.
 */
export function orderScatterChart(rows: readonly SweepRow[], options: ScatterOptions = {}): Figure {
  chartOptions("charts.orderScatter", options, ["maxPoints", "names"]);
  return orderScatterFigure(
    sweepRowsArg(rows, "charts.orderScatter").flatMap((s) =>
      s.simFilled === undefined
        ? []
        : [
            {
              orderId: s.orderId.toString(),
              securityCode: s.securityCode,
              qty: s.qty,
              realFilled: s.realFilled,
              simFilled: s.simFilled,
            },
          ],
    ),
    options,
  );
}

/** A labelled run result, for {@link throughputChart}. */
export interface LabelledRun {
  label: string;
  result: RunResult;
}

/**
 * The throughput chart of several runs (worker counts, chunk sizes): partition and job rows/s per
 * run with the peak memory sampled during each (`RunResult.peakRssMb`), in the order given.
 */
export function throughputChart(runs: readonly LabelledRun[]): Figure {
  return throughputFigure(
    runs.map(({ label, result }) => {
      const s = result.summary;
      return {
        label,
        workers: result.config.workers,
        chunkSizeBytes: result.config.chunkSize,
        partitionRowsPerSecond: s.partition.skipped ? undefined : s.partition.rowsPerSecond,
        jobRowsPerSecond: s.jobs === undefined || s.jobs.done === 0 ? undefined : s.jobs.rowsPerSecond,
        wallSeconds: s.wallSeconds,
        peakRssMb: result.peakRssMb,
      };
    }),
  );
}
