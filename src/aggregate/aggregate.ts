import { clockSeconds } from "../model/analysis-config.js";
import { byDate, bySecurity, globalSummary, sizeBandTable } from "./aggregate-jobs.js";
import { DataQualitySums, type JobQualityCounts } from "./aggregate-quality.js";
import { ParticipantSums, TimeOfDaySums, type ParticipantName, type TimeBuckets } from "./aggregate-sweeps.js";
import { SeriesSums } from "./aggregate-time-series.js";
import { AggregationError } from "./errors.js";
import type { JobCells, SweepRow } from "./inputs.js";
import { JobIndex } from "./jobs.js";
import { sweepMoney } from "./measures.js";
import type { Table } from "./table.js";

/** Options of {@link aggregateAll}; every field has a default. */
export interface AggregateOptions {
  /** Dates in the rolling fill ratio of `time_series_analysis` (default 5). */
  rollingDates?: number;
  /** The `time_of_day` window, "HH:MM" Sydney local time (default 10:00–16:00). */
  session?: { start: string; end: string };
  /** Width of a `time_of_day` bucket in minutes (default 30). */
  bucketMinutes?: number;
  /**
   * Participant names and types by id (the participants file, `loadParticipants`): `by_participant`
   * fills its `participant_name` and `participant_type` columns from them (default none: "").
   */
  participants?: ReadonlyMap<number, ParticipantName>;
}

function positiveInteger(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1)
    throw new AggregationError("bad_option", `${what} must be a positive integer, got ${v}`);
  return v;
}

function timeBuckets(options: AggregateOptions): TimeBuckets {
  const minutes = positiveInteger(options.bucketMinutes ?? 30, "bucketMinutes");
  const session = options.session ?? { start: "10:00", end: "16:00" };
  const startMinute = clockSeconds(session.start) / 60;
  const endMinute = clockSeconds(session.end) / 60;
  if (!Number.isInteger(startMinute) || !Number.isInteger(endMinute) || !(startMinute < endMinute))
    throw new AggregationError(
      "bad_option",
      `session must be whole minutes with start < end, got ${session.start}–${session.end}`,
    );
  return { startMinute, endMinute, minutes };
}

/**
 * {@link aggregateAll} fed one job and one sweep row at a time, so that a run of any size is
 * aggregated as it is read from disk. Every table is a fold of additive sums, so the running state
 * is one set of sums per output group — per job (9 cells), per participant, per time bucket and per
 * (date, security, participant) — and never the sweep rows themselves: memory grows with the number
 * of output rows, not with the input. No table needs every per-sweep value (there are no medians or
 * quantiles). Add a job's cells ({@link Aggregator.addJob}) before its rows; rows of different jobs
 * may interleave, and neither the order of jobs nor of rows changes a figure.
 */
export class Aggregator {
  private readonly window: number;
  private readonly index = new JobIndex();
  private readonly participants = new ParticipantSums();
  private readonly timeOfDay: TimeOfDaySums;
  private readonly series = new SeriesSums();
  private readonly quality = new DataQualitySums();
  private readonly names: ReadonlyMap<number, ParticipantName>;

  /** Checks the options: AggregationError `bad_option`. */
  constructor(options: AggregateOptions = {}) {
    this.window = positiveInteger(options.rollingDates ?? 5, "rollingDates");
    this.timeOfDay = new TimeOfDaySums(timeBuckets(options));
    this.names = options.participants ?? new Map();
  }

  /** Adds one job's 9 additive cells: AggregationError `bad_cells | duplicate_job | bad_decimals`. */
  addJob(job: JobCells): void {
    this.index.addJob(job);
  }

  /** Adds one sweep row of a job already added: AggregationError `unknown_job | rows_mismatch`. */
  addSweep(r: SweepRow): void {
    const money = sweepMoney(r, this.index.addSweep(r));
    this.participants.add(r, money);
    this.timeOfDay.add(r, money);
    this.series.add(r, money);
  }

  /** Adds one job's data-quality counts (its job.json `dataQuality`): AggregationError `duplicate_job`. */
  addQuality(q: JobQualityCounts): void {
    this.quality.add(q);
  }

  /** The `data_quality` table of the jobs' counts added with {@link Aggregator.addQuality}. */
  qualityTable(): Table {
    return this.quality.table();
  }

  /**
   * The seven tables of what was added, in the order of `TABLE_NAMES` (see {@link aggregateAll});
   * AggregationError `rows_mismatch` when a job's cells count other numbers of sweeps than its rows.
   */
  tables(): Table[] {
    const jobs = this.index.jobs();
    return [
      globalSummary(jobs),
      bySecurity(jobs),
      byDate(jobs),
      this.participants.table(this.names),
      this.series.table(this.window),
      this.timeOfDay.table(),
      sizeBandTable(jobs),
    ];
  }
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
 * bad_option`) otherwise. The same as an {@link Aggregator} fed every job, then every row.
 */
export function aggregateAll(
  cells: readonly JobCells[],
  sweeps: readonly SweepRow[],
  options: AggregateOptions = {},
): Table[] {
  const a = new Aggregator(options);
  for (const job of cells) a.addJob(job);
  for (const r of sweeps) a.addSweep(r);
  return a.tables();
}
