import * as toolkit from "../index.js";

/** The error classes the toolkit exports (`ConfigError`, `InputErrors`, `StoreNotReadyError`, …). */
const ERROR_CLASSES: readonly (abstract new (...args: never[]) => Error)[] = (
  Object.values(toolkit) as unknown[]
).filter(
  (v): v is abstract new (...args: never[]) => Error =>
    typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Error,
);

/** Whether `e` is one of the toolkit's typed errors, whose message already says what is wrong and what to do. */
export function isToolkitError(e: unknown): e is Error {
  return ERROR_CLASSES.some((C) => e instanceof C);
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
