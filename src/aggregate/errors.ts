import { SweeplabError } from "../model/errors.js";
/** Why {@link AggregationError} was raised. */
export type AggregationErrorCode =
  | "bad_cells" // a job without exactly 9 cells
  | "duplicate_job" // the same (security, date) twice: it would be counted twice
  | "bad_decimals" // DecimalsInPrice outside 0..6 (ticks × 10^(6 − decimals) would not be whole micro-AUD)
  | "rows_mismatch" // sweep rows of one job with different decimals (`jobSumsFromSweeps`)
  | "bad_option"; // an aggregation option out of range

/**
 * Inputs that cannot be aggregated exactly: the message names the job (security, date) and what
 * disagrees. Raised before any table is built, so no table is ever built from inconsistent inputs.
 */
export class AggregationError extends SweeplabError {
  override readonly name = "AggregationError";
  constructor(
    readonly code: AggregationErrorCode,
    message: string,
    readonly securityCode = "",
    readonly date = "",
  ) {
    super(securityCode === "" ? message : `job (${securityCode}, ${date}): ${message}`);
  }
}
