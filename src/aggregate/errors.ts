import { SweeplabError } from "../model/errors.js";
/** Why {@link AggregationError} was raised. */
export type AggregationErrorCode =
  | "bad_cells" // a job without exactly 9 cells
  | "duplicate_job" // the same (security, date) twice: it would be counted twice
  | "bad_decimals" // DecimalsInPrice outside 0..6 (ticks × 10^(6 − decimals) would not be whole micro-AUD)
  | "rows_mismatch" // sweep rows of one job with different decimals (`jobSumsFromSweeps`)
  | "count_too_large" // a sum of shares past 2^53 − 1, where a double is no longer exact
  | "bad_option"; // an aggregation option out of range

/** What to do about each code, appended to the message (`bad_option`'s message says what is allowed). */
const REMEDY: Readonly<Record<AggregationErrorCode, string>> = {
  bad_cells: "; its record is damaged: run the same command again to recompute the job",
  duplicate_job: "; pass each (security, date) once",
  bad_decimals: "; fix that security's DecimalsInPrice in the instruments file (ob.csv)",
  rows_mismatch: "; give one job's rows the decimals of its security",
  count_too_large:
    "; check the order and trade quantities (a quantity in the wrong unit), or aggregate fewer jobs (--securities, --dates)",
  bad_option: "",
};

/**
 * Inputs that cannot be aggregated exactly: the message names the job (security, date), what
 * disagrees and what to do. Raised before any table is built, so no table is ever built from
 * inconsistent inputs.
 */
export class AggregationError extends SweeplabError {
  override readonly name = "AggregationError";
  constructor(
    readonly code: AggregationErrorCode,
    message: string,
    readonly securityCode = "",
    readonly date = "",
  ) {
    super(`${securityCode === "" ? "" : `job (${securityCode}, ${date}): `}${message}${REMEDY[code]}`);
  }
}
