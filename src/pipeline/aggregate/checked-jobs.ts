import { jobKeyString, type JobKey } from "../../config/index.js";
// Not frames/index.js: that would load danfojs (≈1 s) into every run just to write CSV.
import { Aggregator } from "../../aggregate/aggregate.js";
import type { Table } from "../../aggregate/table.js";
import type { SealedJob } from "../../io/outputs/job-record.js";
import { recordedJobOf, type RecordedJob } from "../../io/outputs/job-sums-read.js";
import type { Participant } from "../../model/reference.js";

/** Participant names and types by id, for `by_participant` (AggregateJobsOptions' `participants`). */
type Participants = ReadonlyMap<number, Pick<Participant, "name" | "type">>;

/** What an {@link Aggregator} of the pipeline is made with (AggregateJobsOptions' `participants` and `session`). */
export interface AggregatorOptions {
  participants?: Participants;
  /** The `time_of_day` window, Sydney `HH:MM[:SS]` (default 10:00–16:00). */
  session?: { start: string; end: string };
}

/** An empty {@link Aggregator} with the participants and `time_of_day` window of `options`. */
export function newAggregator(options: AggregatorOptions): Aggregator {
  const { participants, session } = options;
  return new Aggregator({
    ...(participants === undefined ? {} : { participants }),
    // A bound with seconds: the aggregation widens its bucket to the minute and labels it with the bound.
    ...(session === undefined ? {} : { session }),
  });
}

/** Merges one job as its job.json records it: its sums, and its data-quality counts when it has a block. */
export function addRecordedJob(aggregator: Aggregator, job: RecordedJob): void {
  aggregator.addJob(job);
  if (job.quality !== undefined)
    aggregator.addQuality({ securityCode: job.securityCode, date: job.date, counts: job.quality.dataQuality.counts });
}

/** Every table of an {@link Aggregator}, in the order they are written: the seven, then data_quality. */
export function aggregatedTables(aggregator: Aggregator): Table[] {
  return [...aggregator.tables(), aggregator.qualityTable()];
}

/**
 * The sums of the jobs a check finds current, merged as the check reads their job.json
 * ({@link CheckedJobs.onCurrent}), so an aggregation of those jobs reads no job.json again: what it
 * merges is the very text the check proved current (sealed, of today's fingerprints), and no run
 * can rewrite a job between a check and a later read of it. A job.json the check read but
 * `recordedJobOf` refuses (another job's, a malformed data-quality block) keeps its error, thrown
 * by {@link CheckedJobs.tables} as reading it would have.
 */
export class CheckedJobs {
  private readonly aggregator: Aggregator;
  private readonly merged = new Set<string>();
  private readonly errors = new Map<string, unknown>();

  constructor(options: AggregatorOptions = {}) {
    this.aggregator = newAggregator(options);
  }

  /** Hand this to the check (`currentJobs`' `onCurrent`): merges each job found current. */
  readonly onCurrent = (k: JobKey, read: SealedJob): void => {
    const key = jobKeyString(k);
    try {
      addRecordedJob(this.aggregator, recordedJobOf(k, read));
      this.merged.add(key);
    } catch (e) {
      this.errors.set(key, e);
    }
  };

  /**
   * The tables of exactly `jobs` when they are the jobs merged (with the error of the first of them,
   * in their order, that was refused); undefined when they are not (the caller reads them instead).
   */
  tables(jobs: readonly JobKey[]): Table[] | undefined {
    const keys = jobs.map(jobKeyString);
    if (keys.length !== this.merged.size + this.errors.size) return undefined;
    for (const key of keys) {
      if (this.errors.has(key)) throw this.errors.get(key);
      if (!this.merged.has(key)) return undefined;
    }
    return aggregatedTables(this.aggregator);
  }
}
