import { jobKeyString, type JobKey } from "../../config/index.js";
import type { Aggregator } from "../../aggregate/aggregate.js";
import type { JobQuality } from "../../io/outputs/job-quality-read.js";
import type { JobOutputRecord } from "../../io/outputs/job-record.js";
import type { RecordedJob } from "../../io/outputs/job-sums-read.js";
import { addRecordedJobs, writeAggregatedTables, type AggregateJobsOptions } from "./aggregate-step.js";
import { addRecordedJob, aggregatedTables, newAggregator } from "./checked-jobs.js";

/** A job computed by this run, as its worker returned it when asked for its sums (`JobValueWithSums`). */
export interface ComputedJob {
  securityCode: string;
  date: string;
  /** The record the worker wrote into the job's job.json: its `decimals` and additive `sums`. */
  record: Pick<JobOutputRecord, "decimals" | "sums">;
  /** The data-quality block the worker wrote into it. */
  quality: JobQuality;
}

/**
 * The aggregated tables of one run, built without reading back what the run itself wrote: each job
 * the run computes is merged ({@link RunAggregate.addComputed}) from the sums its worker returned,
 * as it finishes; the jobs skipped as current (done by an earlier run) from the job.json their
 * check read ({@link RunAggregate.addSkipped}), or else from their job.json when the tables are
 * written ({@link RunAggregate.write}). The same tables, byte for
 * byte, as `aggregateJobs` over the output folder: the worker's sums are those it wrote into the
 * job's job.json, and no table depends on the order of the jobs. Memory is the {@link Aggregator}'s
 * sums per output group; nothing is kept per job beyond them, nor per sweep.
 */
export class RunAggregate {
  private readonly aggregator: Aggregator;
  // The first error of merging a computed job: raised by write(), where reading it from disk would have.
  private failure: { error: unknown } | undefined;
  // The skipped jobs merged from the job.json their check read (`SEC|date`).
  private readonly merged = new Set<string>();

  /** Participant names as {@link AggregateJobsOptions}. AggregationError `bad_option` never (defaults). */
  constructor(private readonly options: AggregateJobsOptions = {}) {
    this.aggregator = newAggregator(options);
  }

  /**
   * Merges a job this run computed. Never throws: an error (AggregationError `bad_cells |
   * duplicate_job | bad_decimals`) is kept and thrown by {@link RunAggregate.write}, so the jobs
   * phase goes on as it did when aggregation read every job back.
   */
  addComputed(job: ComputedJob): void {
    if (this.failure !== undefined) return;
    try {
      const { securityCode, date } = job;
      this.aggregator.addJob({ securityCode, date, decimals: job.record.decimals, sums: job.record.sums });
      this.aggregator.addQuality({ securityCode, date, counts: job.quality.dataQuality.counts });
    } catch (error) {
      this.failure = { error };
    }
  }

  /**
   * Merges a job skipped as current, from the job.json its check read (`recordedJobOf`): {@link
   * RunAggregate.write} does not read it again. Never throws: as {@link RunAggregate.addComputed}.
   */
  addSkipped(job: RecordedJob): void {
    if (this.failure !== undefined) return;
    try {
      addRecordedJob(this.aggregator, job);
      this.merged.add(jobKeyString(job));
    } catch (error) {
      this.failure = { error };
    }
  }

  /**
   * Merges the jobs `skipped` (current from an earlier run) not yet merged by {@link
   * RunAggregate.addSkipped} (their job.json is read) and writes the tables into
   * `<outputDir>/aggregated/` (see `aggregateJobs`); returns their paths. Call once. Throws the
   * error kept by {@link RunAggregate.addComputed} or `addSkipped`, `JobOutputsError` of a skipped
   * job's job.json, or a file system error.
   */
  async write(outputDir: string, skipped: readonly JobKey[]): Promise<string[]> {
    if (this.failure !== undefined) throw this.failure.error;
    const unread = skipped.filter((k) => !this.merged.has(jobKeyString(k)));
    if (unread.length > 0) await addRecordedJobs(this.aggregator, outputDir, unread, this.options.concurrency);
    return writeAggregatedTables(outputDir, aggregatedTables(this.aggregator));
  }
}
