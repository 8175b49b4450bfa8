import { SweeplabError } from "../model/errors.js";

/**
 * `generate()` was stopped (its `signal`; in a notebook, a kernel interrupt) before it finished:
 * it wrote nothing more after, and removed every file it had written.
 */
export class GenerateInterruptedError extends SweeplabError {
  override readonly name = "GenerateInterruptedError";
  readonly code = "generate_interrupted";
  constructor(
    /** The output folder it was writing. */
    readonly outDir: string,
  ) {
    super(
      `${outDir}: generate was interrupted and stopped; the files it had written are removed (no data set is left there): run it again`,
    );
  }
}
