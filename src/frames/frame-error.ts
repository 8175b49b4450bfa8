import { SweeplabError } from "../model/errors.js";
/** Why {@link FrameError} was raised. */
export type FrameErrorCode =
  | "unknown_column" // a column name the frame does not have (the message lists the ones it has)
  | "bad_mask" // a filter mask whose length is not the frame's row count, or that holds a non-boolean
  | "not_numeric" // a statistic over a column holding a value that is not a number
  | "bad_argument" // an option out of range: an unknown statistic or format, an empty key list, a merge `how`; a workDir name outside its root; a folder given to securityNames
  | "not_a_frame"; // a value given where a danfojs DataFrame or Series was expected

/**
 * A frame helper (`groupStats`, `pivot`, `crosstab`, `melt`, `filter`, `notNa`, `show`) was given
 * something it cannot use: the message names the column or argument, what the frame has instead,
 * and what to do. Raised before any result is built.
 */
export class FrameError extends SweeplabError {
  override readonly name = "FrameError";
  constructor(
    readonly code: FrameErrorCode,
    message: string,
  ) {
    super(message);
  }
}
