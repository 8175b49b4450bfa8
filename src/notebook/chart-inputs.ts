import type { DataFrame } from "../frames/index.js";
import { FrameError } from "../frames/frame-error.js";
import { describeNotFrame, isFrameLike } from "../frames/frame-read.js";
import { checkOptionKeys } from "../frames/option-keys.js";
import type { SweepRow } from "../io/outputs/job-outputs-read.js";
import { briefError } from "./brief-errors.js";

/**
 * What was given instead of sweep rows (`sweepRows`' result), for an error message; undefined when
 * `rows` are sweep rows (or none): "a string", "a Promise: await it first …", "a DataFrame …".
 */
export function notSweepRows(rows: unknown): string | undefined {
  if (Array.isArray(rows)) {
    const first: unknown = rows[0];
    if (
      rows.length === 0 ||
      (typeof first === "object" && first !== null && typeof (first as SweepRow).orderId === "bigint")
    )
      return undefined;
    const keys = typeof first === "object" && first !== null ? Object.keys(first).slice(0, 8).join(", ") : typeof first;
    return `an array whose first item is not a sweep row (keys ${keys})`;
  }
  if (typeof rows === "string") return "a string";
  if (isFrameLike(rows)) return "a DataFrame (compare's frame? give the rows of sweepRows)";
  return describeNotFrame(rows);
}

/**
 * The rows of `sweepRows` that `what` (`charts.savings`, `statistics`) was given, or FrameError
 * `bad_argument` saying what it got and what to pass (`what(await sweepRows(result))`), brief.
 */
export function sweepRowsArg(rows: unknown, what: string): readonly SweepRow[] {
  const got = notSweepRows(rows);
  if (got === undefined) return rows as readonly SweepRow[];
  throw briefError(
    new FrameError(
      "bad_argument",
      `${what}: expected the sweep rows of sweepRows (${what}(await sweepRows(result))), got ${got}`,
    ),
  );
}

/**
 * The table `name` of aggregate()'s tables that the chart `what` was given, or FrameError
 * `bad_argument` saying what it got and what to pass (`what(await aggregate(result))`), brief.
 */
export function aggregateTable(frames: unknown, name: string, what: string): DataFrame {
  const table: unknown =
    typeof frames === "object" && frames !== null ? (frames as Record<string, unknown>)[name] : undefined;
  if (isFrameLike(table) && !isFrameLike(frames)) return table as DataFrame;
  const got =
    typeof frames === "string"
      ? "a string"
      : isFrameLike(frames)
        ? "a DataFrame (one table: give them all)"
        : typeof frames === "object" && frames !== null && typeof (frames as { then?: unknown }).then !== "function"
          ? `an object without the table ${name}`
          : describeNotFrame(frames);
  throw briefError(
    new FrameError(
      "bad_argument",
      `${what}: expected the tables of aggregate (${what}(await aggregate(result))), got ${got}`,
    ),
  );
}

/**
 * Refuses options of the chart `what` that are not an object or have a key `keys` does not list
 * (at the REPL or in a script nothing type-checks them: `charts.fillRatio(t, { name })` drew the
 * bars unnamed, without a word): FrameError `bad_argument` (frames/option-keys.ts), brief.
 */
export function chartOptions(what: string, options: unknown, keys: readonly string[]): void {
  try {
    checkOptionKeys(what, options, keys);
  } catch (e) {
    throw briefError(e);
  }
}

/**
 * The `by` of the chart `what` and its options: the second argument is either `by` itself
 * (`charts.fillRatio(t, "date", { names })`) or the options, `by` among them
 * (`charts.fillRatio(t, { names })`, `charts.costScenario(t, { by: "participant" })`), as
 * `charts.timeSeries(t, { by: "security" })` takes it. A `by` outside `allowed` is FrameError
 * `bad_argument` (at the REPL or in a script nothing type-checks it: it drew another chart, silently),
 * and so is an option `keys` does not list ({@link chartOptions}; `by` only in the second argument).
 */
export function chartBy<B extends string, O extends object>(
  what: string,
  allowed: readonly [B, ...B[]],
  byOrOptions: B | (O & { by?: B }) | undefined,
  options: O | undefined,
  keys: readonly (keyof O & string)[],
): { by: B; options: O } {
  const inline = typeof byOrOptions === "object" && byOrOptions !== null;
  if (inline) chartOptions(what, byOrOptions, ["by", ...keys]);
  chartOptions(what, options, keys);
  const { by, ...rest } = (inline ? byOrOptions : { by: byOrOptions }) as { by?: unknown };
  const merged = { ...(options ?? {}), ...(inline ? rest : {}) } as O;
  const chosen = by ?? allowed[0];
  if (typeof chosen !== "string" || !(allowed as readonly string[]).includes(chosen))
    throw briefError(
      new FrameError(
        "bad_argument",
        `${what}: by must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${typeof chosen === "string" ? `"${chosen}"` : typeof chosen}`,
      ),
    );
  return { by: chosen as B, options: merged };
}
