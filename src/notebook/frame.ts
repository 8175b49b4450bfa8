import type { Cell, ColumnKind, DataFrame } from "../frames/index.js";
import { frameData } from "../frames/frame-read.js";

/** A column of a table built by the notebook layer: its name and kind (see `ColumnKind`). */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

/** A `key` column named `name` (texts and integers kept as they are). */
export const keyColumn = (name: string): ColumnSpec => ({ name, kind: "key" });
/** A `sum` column named `name` (integers). */
export const sumColumn = (name: string): ColumnSpec => ({ name, kind: "sum" });
/** A `ratio` column named `name` (numbers, "" read as NaN: no answer). */
export const ratioColumn = (name: string): ColumnSpec => ({ name, kind: "ratio" });

/**
 * A danfojs DataFrame of plain rows, through the frames layer (the only one importing danfojs,
 * loaded on first use): `key` columns keep texts and integers, `sum` columns are integers, `ratio`
 * columns are numbers with "" read as NaN (no answer). Values are never narrowed.
 */
export async function frameOf(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[]): Promise<DataFrame> {
  const { toDataFrame } = await import("../frames/frames.js");
  // toDataFrame reads only the columns, kinds and rows of a table; the name is that of any table.
  return toDataFrame({
    name: "by_security",
    columns: columns.map((c) => c.name),
    kinds: columns.map((c) => c.kind),
    rows: rows.map((r) => [...r]),
  });
}

/** A value of a DataFrame cell. */
export type FrameValue = string | number | boolean;

/** Whether `x` looks like a danfojs DataFrame (columns, a 2-D shape and values). */
export function isFrame(x: unknown): x is DataFrame {
  const f = x as { columns?: unknown; shape?: unknown; values?: unknown } | null;
  return (
    typeof f === "object" && f !== null && Array.isArray(f.columns) && Array.isArray(f.shape) && f.shape.length === 2
  );
}

/** The rows of a DataFrame as arrays of cells, in column order. */
export function frameRows(frame: DataFrame): FrameValue[][] {
  if (frame.shape[0] === 0) return [];
  return (frame.values as FrameValue[][]).map((r) => [...r]);
}

/**
 * The rows of a DataFrame as plain objects keyed by column name (e.g. to feed a plot builder).
 * FrameError `not_a_frame` given anything else (a Promise: await it first).
 */
export function records(frame: DataFrame): Record<string, FrameValue>[] {
  frameData(frame, "records"); // FrameError not_a_frame for anything else (a Promise: await it)
  const cols = frame.columns;
  return frameRows(frame).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] as FrameValue])));
}

/** A number cell, or undefined for no answer (NaN, "", or not a number). */
export function num(v: FrameValue | undefined): number | undefined {
  return typeof v === "number" && !Number.isNaN(v) ? v : undefined;
}
