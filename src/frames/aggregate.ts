import { clockSeconds } from "../model/analysis-config.js";
import { byDate, bySecurity, globalSummary, sizeBandTable } from "./aggregate-jobs.js";
import { byParticipant, timeOfDay } from "./aggregate-sweeps.js";
import { timeSeries } from "./aggregate-time-series.js";
import { AggregationError } from "./errors.js";
import type { JobCells, SweepRow } from "./inputs.js";
import { indexJobs } from "./jobs.js";
import type { Table } from "./table.js";

/** Options of {@link aggregateAll}; every field has a default. */
export interface AggregateOptions {
  /** Dates in the rolling fill ratio of `time_series_analysis` (default 5). */
  rollingDates?: number;
  /** The `time_of_day` window, "HH:MM" Sydney local time (default 10:00–16:00). */
  session?: { start: string; end: string };
  /** Width of a `time_of_day` bucket in minutes (default 30). */
  bucketMinutes?: number;
}

function positiveInteger(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1)
    throw new AggregationError("bad_option", `${what} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Aggregates the outputs of any number of jobs into the seven tables of `processed_files/aggregated/`,
 * in the order of `TABLE_NAMES`: `global_summary`, `by_security`, `by_date` and `size_band`
 * from the jobs' additive cells; `by_participant`, `time_series_analysis` and `time_of_day` from the
 * per-sweep rows (which also give each cell its compared real value, the denominator of savings in
 * bps). Money is summed as exact integer micro-AUD, ratios are derived at the end, so aggregating N
 * jobs equals aggregating their union, figure for figure, and the result does not depend on the
 * order of the inputs. Pure: no I/O. `cells` and `sweeps` must come from the same jobs:
 * AggregationError (`bad_cells | duplicate_job | bad_decimals | unknown_job | rows_mismatch |
 * bad_option`) otherwise.
 */
export function aggregateAll(
  cells: readonly JobCells[],
  sweeps: readonly SweepRow[],
  options: AggregateOptions = {},
): Table[] {
  const window = positiveInteger(options.rollingDates ?? 5, "rollingDates");
  const minutes = positiveInteger(options.bucketMinutes ?? 30, "bucketMinutes");
  const session = options.session ?? { start: "10:00", end: "16:00" };
  const startMinute = clockSeconds(session.start) / 60;
  const endMinute = clockSeconds(session.end) / 60;
  if (!Number.isInteger(startMinute) || !Number.isInteger(endMinute) || !(startMinute < endMinute))
    throw new AggregationError(
      "bad_option",
      `session must be whole minutes with start < end, got ${session.start}–${session.end}`,
    );
  const jobs = indexJobs(cells, sweeps);
  return [
    globalSummary(jobs),
    bySecurity(jobs),
    byDate(jobs),
    byParticipant(sweeps),
    timeSeries(sweeps, window),
    timeOfDay(sweeps, { startMinute, endMinute, minutes }),
    sizeBandTable(jobs),
  ];
}
