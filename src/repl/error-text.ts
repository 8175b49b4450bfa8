import { isToolkitError } from "../model/errors.js";
import { isDebug } from "../notebook/index.js";

/**
 * Whether the REPL prints `e` briefly ({@link toolkitErrorText}): a typed error of the toolkit
 * (`isToolkitError`, the CLI's and the notebook's test too), unless `setDebug(true)` asked for whole
 * errors.
 */
export function printsBriefly(e: unknown): e is Error {
  return isToolkitError(e) && !isDebug();
}

/**
 * A toolkit error as the REPL prints it: its name and its message, once — no stack, no dump of its
 * fields (the message holds them) — and where to find the rest: the REPL keeps the last uncaught
 * error as `_error`.
 */
export function toolkitErrorText(e: Error): string {
  const name = e.name !== "Error" ? e.name : e.constructor.name;
  return `${name}: ${e.message}\n  (the whole error: _error; where it was thrown: _error.stack)`;
}
