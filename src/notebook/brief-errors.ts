import { inspect } from "node:util";
import { errorLine } from "../pipeline/error-line.js";

let debug = false;

/**
 * Whether the notebook API shows a toolkit error in full: `true` keeps every error's stack trace
 * (for a bug report); `false` (the default) shows a typed toolkit error (a `ConfigError`,
 * `InputErrors`, a refused aggregation, … any error with a lower_snake `code`) as its one-line
 * message, once, which says what to do. Errors that are not the toolkit's (bugs) always keep their stack.
 */
export function setDebug(on = true): void {
  debug = on;
}

/** Whether {@link setDebug} asked for full stack traces. */
export function isDebug(): boolean {
  return debug;
}

/**
 * Makes a typed toolkit error brief, unless {@link setDebug} is on: its `stack` becomes the one line
 * `Name: message` (no stack frames), and printing it (`console.error`, the REPL, Jupyter) shows that
 * line only, without a dump of its fields. The same error object is returned, its class, `code` and
 * fields unchanged (`instanceof` and `code` checks still work). Anything else is returned untouched.
 */
export function briefError<E>(e: E): E {
  if (debug) return e;
  const line = errorLine(e);
  if (line === undefined) return e;
  const error = e as unknown as Error;
  const stack = `${error.name}: ${line}`;
  Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(error, inspect.custom, { value: () => stack, configurable: true, enumerable: false });
  return e;
}

/**
 * The project's Jupyter kernel (kernels/sweeplab-tslab/error-output.mjs) passes every error a cell
 * throws through this, so that a toolkit error thrown by any sweeplab function (`loadConfigFile`,
 * `readJobOutputs`, …), not only by the notebook API, is shown briefly too.
 */
(globalThis as Record<symbol, unknown>)[Symbol.for("sweeplab.briefError")] = briefError;

/** Awaits `work`; a typed toolkit error it throws is rethrown brief ({@link briefError}). */
export async function briefly<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw briefError(e);
  }
}
