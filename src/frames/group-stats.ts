import { danfo, type DataFrame } from "./danfo.js";
import { FrameError } from "./frame-error.js";
import { columnIndex, compareValues, frameData, isMissing, type FrameData } from "./frame-read.js";
import { checkStat, columnStat, type Stat } from "./nan-stats.js";

/** What {@link groupStats} computes: per value column, one statistic or several. */
export type StatSpec = Readonly<Record<string, Stat | readonly Stat[]>>;

/** Plain columns and rows of a result table, before it becomes a DataFrame. */
export interface PlainTable {
  columns: string[];
  rows: unknown[][];
}

/** The distinct keys of the rows in order of first appearance, with the row positions of each. */
export function groupRows(data: FrameData, keyCols: readonly number[]): { key: unknown[]; rows: number[] }[] {
  const groups = new Map<string, { key: unknown[]; rows: number[] }>();
  data.rows.forEach((row, r) => {
    const key = keyCols.map((c) => row[c]);
    // pandas' groupby drops rows whose key is missing (dropna=True); so does this.
    if (key.some(isMissing)) return;
    const id = JSON.stringify(key.map((v) => (typeof v === "bigint" ? `${v}n` : v)));
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(r);
  });
  return [...groups.values()];
}

/** Orders key tuples with {@link compareValues}, first element first. */
export function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** {@link groupStats} as plain columns and rows (the pure part). */
export function groupStatsTable(data: FrameData, by: string | readonly string[], stats: StatSpec): PlainTable {
  const keys = typeof by === "string" ? [by] : [...by];
  if (keys.length === 0) throw new FrameError("bad_argument", "groupStats: name at least one column to group by");
  const keyCols = keys.map((k) => columnIndex(data, k, "group-by column"));
  const measures = Object.entries(stats).flatMap(([col, s]) => {
    const c = columnIndex(data, col, "statistics column");
    return (typeof s === "string" ? [s] : [...s]).map((stat) => ({ c, col, stat: checkStat(stat, col) }));
  });
  const groups = groupRows(data, keyCols).sort((a, b) => compareKeys(a.key, b.key));
  return {
    columns: [...keys, ...measures.map((m) => `${m.col}_${m.stat}`)],
    rows: groups.map((g) => [
      ...g.key,
      ...measures.map((m) =>
        columnStat(
          g.rows.map((r) => data.rows[r]?.[m.c]),
          m.stat,
          m.col,
        ),
      ),
    ]),
  };
}

/** A plain table as a danfojs DataFrame (default row labels 0..n−1, so every danfojs method works on it). */
export function plainToFrame(table: PlainTable): DataFrame {
  return new (danfo().DataFrame)(table.rows, { columns: table.columns });
}

/**
 * Group statistics that skip missing values, as pandas' `groupby(by).agg(...)` does — unlike
 * danfojs, whose group mean is NaN as soon as one value is NaN. One row per distinct key (rows
 * with a missing key are left out, as pandas does), sorted by key; the key columns first, then
 * `<column>_<stat>` per statistic asked, e.g.
 * `groupStats(sweeps, "security_code", { savings_aud: ["mean", "count"] })` gives columns
 * `security_code`, `savings_aud_mean`, `savings_aud_count`. `count` counts present values.
 * Errors: FrameError `unknown_column` (listing the frame's columns), `not_numeric`, `bad_argument`.
 */
export function groupStats(frame: DataFrame, by: string | readonly string[], stats: StatSpec): DataFrame {
  return plainToFrame(groupStatsTable(frameData(frame, "groupStats"), by, stats));
}
