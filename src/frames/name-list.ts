import { FrameError } from "./frame-error.js";

/**
 * Column names given as a list, or one name as a list of one (as pandas takes `on="security_code"`).
 * FrameError `bad_argument` for anything else or an empty list, naming `what` and how it is written
 * (`example`): at the REPL or in a script nothing type-checks the call, and danfojs failed on such a
 * value with a TypeError or, given `on: []`, joined every row with every row.
 */
export function nameList(value: unknown, what: string, example: string): string[] {
  const list: unknown = typeof value === "string" ? [value] : value;
  if (Array.isArray(list) && list.length > 0 && list.every((n) => typeof n === "string")) return list;
  const got = value === undefined ? "nothing" : JSON.stringify(value);
  throw new FrameError("bad_argument", `${what} must name one column or a list of them (${example}), got ${got}`);
}
