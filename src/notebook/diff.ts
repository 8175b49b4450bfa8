import { FrameError, type DataFrame } from "../frames/index.js";
import { frameData } from "../frames/frame-read.js";
import { showValue } from "../config/errors.js";
import { checkOptionKeys } from "../frames/option-keys.js";
import { frameOf, frameRows, keyColumn, ratioColumn, type ColumnSpec, type FrameValue } from "./frame.js";

/** Options of {@link diffFrames}. */
export interface DiffOptions {
  /** Numbers closer than this are equal (default 0: exact). */
  tolerance?: number;
}

/**
 * The cells that differ between two frames of the same table (e.g. before and after a rerun), as a
 * Promise of a DataFrame (await it: `show(await diffFrames(a, b, keys))`), matched on the `keys`
 * columns: one row per changed numeric cell with the key values, `column`, `before`, `after` and
 * `change` (after − before; NaN where a side has no answer), plus a row per key present on one side
 * only (`column` "(only before)" or "(only after)"). Rows in the order of `before`, then the new keys
 * of `after`. Text columns other than the keys are not compared.
 * FrameError `unknown_column` when a key is not a column of both frames, `bad_argument` when the
 * keys do not tell a frame's rows apart (two rows with the same key values: add key columns) or are
 * no list of names (one name is a list of one) or `options` has a key other than `tolerance` (a
 * number ≥ 0), `not_a_frame` for a frame that is none (a Promise).
 */
export async function diffFrames(
  before: DataFrame,
  after: DataFrame,
  keyColumns: readonly string[] | string,
  options: DiffOptions = {},
): Promise<DataFrame> {
  frameData(before, "diffFrames (before)");
  frameData(after, "diffFrames (after)");
  checkOptionKeys("diffFrames", options, ["tolerance"]);
  const tolerance: unknown = options.tolerance;
  if (tolerance !== undefined && !(typeof tolerance === "number" && tolerance >= 0))
    throw new FrameError("bad_argument", `diffFrames: tolerance must be a number ≥ 0, got ${showValue(tolerance)}`);
  const given: unknown = typeof keyColumns === "string" ? [keyColumns] : keyColumns;
  if (!Array.isArray(given) || given.length === 0 || given.some((k) => typeof k !== "string"))
    throw new FrameError(
      "bad_argument",
      `diffFrames: keys must be a list of column names, got ${JSON.stringify(keyColumns)}`,
    );
  const keys = given as readonly string[];
  const tol = options.tolerance ?? 0;
  // Each row by its key values: the keys must be columns of the frame and tell its rows apart
  // (else a later row would replace an earlier one and be compared alone, silently).
  const index = (f: DataFrame, name: string): Map<string, Map<string, FrameValue>> => {
    const missing = keys.find((k) => !f.columns.includes(k));
    if (missing !== undefined)
      throw new FrameError(
        "unknown_column",
        `diffFrames: key "${missing}" is not a column of ${name}; its columns are: ${f.columns.join(", ")}`,
      );
    const m = new Map<string, Map<string, FrameValue>>();
    for (const r of frameRows(f)) {
      const row = new Map(f.columns.map((c, i) => [c, r[i] as FrameValue]));
      const key = JSON.stringify(keys.map((k) => row.get(k)));
      if (m.has(key)) {
        const n = frameRows(f).filter((x) => JSON.stringify(keys.map((k) => x[f.columns.indexOf(k)])) === key).length;
        const others = f.columns.filter((c) => !keys.includes(c) && typeof row.get(c) === "string");
        throw new FrameError(
          "bad_argument",
          `diffFrames: the keys ${keys.join(", ")} do not identify the rows of ${name}: ${n} rows have ${key}; ` +
            `add key columns${others.length > 0 ? ` (e.g. ${others.slice(0, 3).join(", ")})` : ""} so that each row has its own`,
        );
      }
      m.set(key, row);
    }
    return m;
  };
  const a = index(before, "before");
  const b = index(after, "after");
  const out: (string | number)[][] = [];
  const keyCells = (k: string): string[] =>
    (JSON.parse(k) as (FrameValue | null)[]).map((v) => (v === null ? "" : String(v)));
  for (const [k, ra] of a) {
    const rb = b.get(k);
    if (rb === undefined) {
      out.push([...keyCells(k), "(only before)", "", "", ""]);
      continue;
    }
    for (const c of before.columns) {
      if (keys.includes(c)) continue;
      const x = ra.get(c);
      const y = rb.get(c);
      if (typeof x !== "number" || typeof y !== "number") continue;
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (Math.abs(y - x) <= tol) continue;
      out.push([...keyCells(k), c, Number.isNaN(x) ? "" : x, Number.isNaN(y) ? "" : y, y - x]);
    }
  }
  for (const k of b.keys()) if (!a.has(k)) out.push([...keyCells(k), "(only after)", "", "", ""]);
  const columns: ColumnSpec[] = [
    ...keys.map(keyColumn),
    keyColumn("column"),
    ratioColumn("before"),
    ratioColumn("after"),
    ratioColumn("change"),
  ];
  return frameOf(
    columns,
    out.map((r) => r.map((v) => (typeof v === "number" && Number.isNaN(v) ? "" : v))),
  );
}
