import type { ColumnSpec } from "../../model/schemas.js";
import type { Batch } from "./batch.js";

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: bigint and integers as exact decimal text, strings quoted only when needed. */
export function csvField(v: unknown): string {
  if (typeof v === "string") return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  return String(v);
}

/**
 * Writes the rows of a batch as CSV text (no header) in the given column order. Ids and
 * timestamps come from the exact bigint columns, so parse → columns → CSV reproduces them
 * digit for digit.
 */
export function batchToCsv<S extends ColumnSpec>(batch: Batch<S>, columns: readonly (keyof S & string)[]): string {
  const cols = columns.map((c) => batch.columns[c] as ArrayLike<unknown>);
  const lines: string[] = [];
  for (let i = 0; i < batch.length; i++) lines.push(cols.map((c) => csvField(c[i])).join(","));
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}
