import { SweeplabError } from "../../model/errors.js";

/**
 * A job's worker returned no sums although its task asked for them (`returnSums: true`): the run's
 * aggregate step cannot merge that job, so the run stops rather than write tables without it. A
 * bug of the toolkit (code `job_sums_missing`), never of the data: the job's job.json holds its
 * sums, so `sweeplab aggregate` over the same output folder builds the tables.
 */
export class JobSumsMissingError extends SweeplabError {
  override readonly name = "JobSumsMissingError";
  readonly code = "job_sums_missing";
  constructor(
    /** The job's key, `SEC|YYYY-MM-DD`. */
    readonly key: string,
    /** The job's folder (its job.json holds the sums). */
    readonly jobDir: string,
  ) {
    super(
      `${jobDir}: the worker of job ${key} returned no sums although the run's aggregate step needs them ` +
        `(a bug in sweeplab: please report it); its job.json holds them: run \`sweeplab aggregate\` with the ` +
        `same config to build the aggregated tables`,
    );
  }
}
