/** One value of a {@link Table}: a number, a text, or "" where a ratio has no answer (a zero denominator). */
export type Cell = string | number;

/**
 * What a column holds, which says how it combines and prints:
 * `key` (identifies the row: text or integer), `sum` (an additive integer: count, shares, jobs),
 * `aud` (an additive amount of money: exact AUD text with 6 decimals, e.g. "1234.500000"),
 * `ratio` (derived at the end from sums: fill ratios, bps, prices, trends; "" when undefined).
 */
export type ColumnKind = "key" | "sum" | "aud" | "ratio";

/** The names of the aggregated tables, in the order `aggregateAll` returns them. */
export const TABLE_NAMES = [
  "global_summary",
  "by_security",
  "by_date",
  "by_participant",
  "time_series_analysis",
  "time_of_day",
  "size_band",
] as const;

/** Name of an aggregated table of sweep figures (its CSV file is `<name>.csv`). */
export type TableName = (typeof TABLE_NAMES)[number];

/** The name of the aggregated data-quality table (`data_quality.csv`), built from the jobs' job.json. */
export const DATA_QUALITY_TABLE = "data_quality";

/** Name of any aggregated table: one of {@link TABLE_NAMES} or {@link DATA_QUALITY_TABLE}. */
export type AnyTableName = TableName | typeof DATA_QUALITY_TABLE;

/**
 * A plain aggregated table: column names, the kind of each column, and rows in a deterministic
 * order (sorted by the key columns, or in a fixed order for group, band and time-bucket rows).
 */
export interface Table {
  name: AnyTableName;
  columns: string[];
  kinds: ColumnKind[];
  rows: Cell[][];
}

/** A/B for a ratio cell: the quotient, or "" when the denominator is 0. */
export function ratio(num: number | bigint, den: number | bigint, scale = 1): Cell {
  const d = Number(den);
  return d === 0 ? "" : (Number(num) * scale) / d;
}

/** Orders cells: numbers numerically before texts, texts by UTF-16 code units (locale-free). */
export function compareCells(a: Cell, b: Cell): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders rows by their first `n` cells. */
export function compareKeys(n: number): (a: readonly Cell[], b: readonly Cell[]) => number {
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const c = compareCells(a[i] ?? "", b[i] ?? "");
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** A ratio as text: at most 10 significant digits, shortest form, "" when undefined. */
export function formatRatio(v: Cell): string {
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return "";
  return String(Number(v.toPrecision(10)) + 0);
}

function field(v: Cell): string {
  if (typeof v === "number") return String(v + 0);
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * The exact CSV text of a table: a header line, then one line per row, `\n` line ends with a final
 * newline. Keys and sums print as they are (integers as integers), AUD as its exact 6-decimal
 * text, ratios with at most 10 significant digits ("" when undefined); texts are quoted only when
 * they hold a comma, quote or line break. The same table always gives the same bytes.
 */
export function tableToCsv(table: Table): string {
  const lines = [table.columns.map(field).join(",")];
  for (const row of table.rows)
    lines.push(row.map((v, i) => (table.kinds[i] === "ratio" ? formatRatio(v) : field(v))).join(","));
  return lines.join("\n") + "\n";
}
