import { isToolkitError } from "../model/errors.js";
import { asUnwritable, errnoCode } from "./errors.js";

/**
 * The message of a typed error of the toolkit, to print instead of a stack trace; undefined for
 * anything else (a bug, whose stack trace is wanted). Typed errors are the `SweeplabError`s
 * (InputError, ConfigError, StoreError, JobOutputsError, AggregationError, RunLockedError, …), and
 * any other error whose `code` is lower_snake_case text: `isToolkitError` (model/errors.ts). A file
 * system error is one too:
 * a full disk or a read-only folder (`ENOSPC`, `EROFS`, `EACCES`, `EPERM`, `EDQUOT`) gives the
 * `STOPPED: …` line naming the path and what to do; any other (`ENOENT`, …) its own message, which
 * names the path.
 */
export function errorLine(e: unknown): string | undefined {
  if (isToolkitError(e)) return e.message;
  if (!(e instanceof Error) || errnoCode(e) === undefined) return undefined;
  const path = (e as NodeJS.ErrnoException).path;
  return asUnwritable(e, typeof path === "string" ? path : "the output folder", undefined)?.message ?? e.message;
}
