import { clockSeconds } from "../model/analysis-config.js";
import { byDate, bySecurity, globalSummary, sizeBandTable } from "./aggregate-jobs.js";
import { DataQualitySums, type JobQualityCounts } from "./aggregate-quality.js";
import { ParticipantSums, TimeOfDaySums, type ParticipantName, type TimeBuckets } from "./aggregate-sweeps.js";
import { SeriesSums } from "./aggregate-time-series.js";
import { AggregationError } from "./errors.js";
import { JobIndex, type JobSumsInput } from "./jobs.js";
import { addSweepSums, emptyMeasures } from "./measures.js";
import type { Table } from "./table.js";

/** Options of {@link aggregateAll}; every field has a default. */
export interface AggregateOptions {
  /** Dates in the rolling fill ratio of `time_series_analysis` (default 5). */
  rollingDates?: number;
  /**
   * The `time_of_day` window, "HH:MM[:SS]" Sydney local time (default 10:00–16:00); a bound with
   * seconds widens its bucket to the minute, and its label states the bound (13:07:30-13:37).
   */
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

/** An `HH:MM[:SS]` bound as its label: `HH:MM`, with `:SS` only when it has seconds. */
const clockLabel = (seconds: number): string =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, ...(seconds % 60 === 0 ? [] : [seconds % 60])]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");

function timeBuckets(options: AggregateOptions): TimeBuckets {
  const minutes = positiveInteger(options.bucketMinutes ?? 30, "bucketMinutes");
  const session = options.session ?? { start: "10:00", end: "16:00" };
  const start = clockSeconds(session.start);
  const end = clockSeconds(session.end);
  if (!Number.isInteger(start) || !Number.isInteger(end) || !(start < end))
    throw new AggregationError(
      "bad_option",
      `session must be HH:MM[:SS] times with start < end, got ${session.start}–${session.end}`,
    );
  // The jobs' sums are per minute of placement: a bound with seconds widens the buckets to the
  // minute (the start down, the end up), and the labels keep the bound itself (13:07:30-13:37).
  return {
    startMinute: Math.floor(start / 60),
    endMinute: Math.ceil(end / 60),
    minutes,
    ...(start % 60 === 0 ? {} : { startLabel: clockLabel(start) }),
    ...(end % 60 === 0 ? {} : { endLabel: clockLabel(end) }),
  };
}

/**
 * {@link aggregateAll} fed one job at a time, so that a run of any size is aggregated as its
 * records are read. Every table is a fold of the jobs' additive sums (`JobSums`: per cell, per
 * participant, per minute of placement), so the running state is one set of sums per output group
 * — per job (9 cells), per participant, per time bucket and per (date, security, participant) — and
 * never a sweep: memory grows with the number of output rows, not with the input. No table needs
 * every per-sweep value (there are no medians or quantiles). Neither the order of jobs nor how
 * they were split changes a figure.
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

  /** Adds one job's sums: AggregationError `bad_cells | duplicate_job | bad_decimals`. */
  addJob(job: JobSumsInput): void {
    const scale = this.index.addJob(job);
    for (const p of job.sums.participants) {
      const m = addSweepSums(emptyMeasures(), p.sums, scale);
      this.participants.add(p.participantId, m);
      this.series.add(job.securityCode, job.date, p.participantId, m);
    }
    for (const x of job.sums.minutes) this.timeOfDay.add(x.minute, addSweepSums(emptyMeasures(), x.sums, scale));
  }

  /** Adds one job's data-quality counts (its job.json `dataQuality`): AggregationError `duplicate_job`. */
  addQuality(q: JobQualityCounts): void {
    this.quality.add(q);
  }

  /** The `data_quality` table of the jobs' counts added with {@link Aggregator.addQuality}. */
  qualityTable(): Table {
    return this.quality.table();
  }

  /** The seven tables of what was added, in the order of `TABLE_NAMES` (see {@link aggregateAll}). */
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
 * Aggregates the sums of any number of jobs (job.json records' `sums`, or `jobSumsFromSweeps` of
 * rows) into the seven tables of `processed_files/aggregated/`, in the order of `TABLE_NAMES`:
 * `global_summary`, `by_security`, `by_date` and `size_band` from the jobs' 9 cells;
 * `by_participant` and `time_series_analysis` from their per-participant sums; `time_of_day` from
 * their per-minute sums, bucketed here. Money is summed as exact integer micro-AUD, ratios are
 * derived at the end, so aggregating N jobs equals aggregating their union, figure for figure, and
 * the result does not depend on the order of the inputs. Pure: no I/O. AggregationError
 * (`bad_cells | duplicate_job | bad_decimals | bad_option`). The same as an {@link Aggregator} fed
 * every job.
 */
export function aggregateAll(jobs: readonly JobSumsInput[], options: AggregateOptions = {}): Table[] {
  const a = new Aggregator(options);
  for (const job of jobs) a.addJob(job);
  return a.tables();
}
