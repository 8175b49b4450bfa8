import { SweeplabError } from "../model/errors.js";
import { isDebug } from "../notebook/index.js";

/**
 * Whether `e` is one of the toolkit's typed errors ({@link SweeplabError}), whose message already
 * says what is wrong and what to do — and `setDebug(true)` has not asked for whole errors.
 */
export function isToolkitError(e: unknown): e is Error {
  return e instanceof SweeplabError && !isDebug();
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
