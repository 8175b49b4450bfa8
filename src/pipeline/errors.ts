import { SweeplabError } from "../model/errors.js";
/** The phases of a run, as named in a stop message. */
export type RunPhase = "setup" | "partition" | "jobs" | "aggregate" | "summary";

/**
 * File system error codes that no retry can fix: the output disk is full (`ENOSPC`, `EDQUOT`) or
 * cannot be written (`EROFS`, `EACCES`, `EPERM`). The run stops at the first one.
 */
export const UNWRITABLE_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM"]);

/** The errno code of a file system error (`ENOSPC`), or undefined for anything else. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** What to do about an unwritable output, by errno code. */
function remedy(code: string, outputDir: string): string {
  return code === "ENOSPC" || code === "EDQUOT"
    ? `free space on the disk of ${outputDir} (or choose another output folder: --output / outputDir), then rerun`
    : `make ${outputDir} writable (or choose another output folder: --output / outputDir), then rerun`;
}

/**
 * The one-line stop message of an unwritable output: `STOPPED: the output folder cannot be written
 * (ENOSPC: …) in the jobs phase: free space on the disk of <dir> …, then rerun; finished work is kept`.
 * `detail` is the file system error's own message (it names the file).
 */
export function unwritableMessage(
  code: string,
  detail: string,
  outputDir: string,
  phase: RunPhase | undefined,
): string {
  const what = detail.startsWith(code) ? detail : `${code}: ${detail}`;
  return (
    `STOPPED: the output folder cannot be written (${what})${phase === undefined ? "" : ` in the ${phase} phase`}: ` +
    `${remedy(code, outputDir)}; finished work is kept, no half-written file is left`
  );
}

/**
 * The output folder cannot be written (full disk, read-only, no permission): the run stopped in
 * `phase`. Code `output_unwritable`; `errno` is the file system's code, `path` the file it failed
 * on (or the output folder); `phase` is undefined outside a run (e.g. `sweeplab aggregate`). The
 * message is one line starting `STOPPED:` and says what to do.
 */
export class OutputUnwritableError extends SweeplabError {
  override readonly name = "OutputUnwritableError";
  readonly code = "output_unwritable";
  /** The file the write failed on, or the output folder when the error did not name one. */
  readonly path: string;
  constructor(
    readonly errno: string,
    readonly outputDir: string,
    readonly phase: RunPhase | undefined,
    cause: Error,
  ) {
    super(unwritableMessage(errno, cause.message, outputDir, phase), { cause });
    const p = (cause as NodeJS.ErrnoException).path;
    this.path = typeof p === "string" ? p : outputDir;
  }
}

/** `e` as an {@link OutputUnwritableError} when it is a full-disk or read-only error, else undefined. */
export function asUnwritable(
  e: unknown,
  outputDir: string,
  phase: RunPhase | undefined,
): OutputUnwritableError | undefined {
  if (e instanceof OutputUnwritableError) return e;
  const code = errnoCode(e);
  return code !== undefined && UNWRITABLE_CODES.has(code) && e instanceof Error
    ? new OutputUnwritableError(code, outputDir, phase, e)
    : undefined;
}
