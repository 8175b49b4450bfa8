import { SweeplabError } from "../model/errors.js";

/**
 * `generate()` was stopped (its `signal`; in a notebook, a kernel interrupt) before it finished:
 * it wrote nothing more after, and removed every file it had written (only those: a file of the
 * folder it had not opened yet, an earlier data set's, is left as it was).
 */
export class GenerateInterruptedError extends SweeplabError {
  override readonly name = "GenerateInterruptedError";
  readonly code = "generate_interrupted";
  constructor(
    /** The output folder it was writing. */
    readonly outDir: string,
  ) {
    super(
      `${outDir}: generate was interrupted and stopped; the files it had written are removed, any other file there is left as it was (an earlier data set's among them): run it again into an empty folder (workDir(name, { fresh: true }))`,
    );
  }
}
