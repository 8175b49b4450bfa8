import type { DataFrame } from "./danfo.js";
import { FrameError } from "./frame-error.js";
import { columnIndex, compareValues, frameData, isMissing, type FrameData } from "./frame-read.js";
import { compareKeys, groupRows, plainToFrame, type PlainTable } from "./group-stats.js";
import { nameList } from "./name-list.js";
import { checkOptionKeys } from "./option-keys.js";
import { checkStat, columnStat, type Stat } from "./nan-stats.js";

/** Options of {@link pivot}. */
export interface PivotOptions {
  /** The column whose distinct values become the rows (the first column of the result). */
  index: string;
  /** The column whose distinct values become the columns. */
  columns: string;
  /** The column summarised in each cell. */
  values: string;
  /** The statistic of each cell (default `mean`, as pandas' `pivot_table`), skipping missing values. */
  agg?: Stat;
  /** The value of a (row, column) pair that has no row at all (default NaN, as pandas). */
  fill?: number;
}

const distinctSorted = (data: FrameData, c: number): unknown[] => {
  const seen = new Map<string, unknown>();
  for (const row of data.rows) if (!isMissing(row[c])) seen.set(String(row[c]), row[c]);
  return [...seen.values()].sort(compareValues);
};

/** {@link pivot} as plain columns and rows (the pure part). */
export function pivotTable(data: FrameData, o: PivotOptions, margins = false): PlainTable {
  const ri = columnIndex(data, o.index, "pivot index");
  const ci = columnIndex(data, o.columns, "pivot columns");
  const vi = columnIndex(data, o.values, "pivot values");
  const agg = checkStat(o.agg ?? "mean", o.values);
  const colKeys = distinctSorted(data, ci);
  const colPos = new Map(colKeys.map((k, i) => [String(k), i]));
  const cellOf = (rows: readonly number[]): number[] | undefined =>
    rows.length === 0
      ? undefined
      : [
          columnStat(
            rows.map((r) => data.rows[r]?.[vi]),
            agg,
            o.values,
          ),
        ];
  const line = (rows: readonly number[]): unknown[] => {
    const byCol: number[][] = colKeys.map(() => []);
    for (const r of rows) {
      const k = data.rows[r]?.[ci];
      if (!isMissing(k)) byCol[colPos.get(String(k)) as number]?.push(r);
    }
    const cells = byCol.map((rs) => cellOf(rs)?.[0] ?? o.fill ?? Number.NaN);
    return margins ? [...cells, cellOf(byCol.flat())?.[0] ?? o.fill ?? Number.NaN] : cells;
  };
  const groups = groupRows(data, [ri]).sort((a, b) => compareKeys(a.key, b.key));
  const rows = groups.map((g) => [g.key[0], ...line(g.rows)]);
  if (margins) rows.push(["All", ...line(groups.flatMap((g) => g.rows))]);
  return { columns: [o.index, ...colKeys.map(String), ...(margins ? ["All"] : [])], rows };
}

/**
 * A spreadsheet pivot, as pandas' `pivot_table(index=, columns=, values=, aggfunc=)`: one row per
 * distinct value of `index` (sorted; the first column, named `index`), one column per distinct
 * value of `columns` (sorted, named by its text), each cell the statistic `agg` (default mean) of
 * `values` over the rows with that pair, skipping missing values; NaN (or `fill`) where no row has
 * the pair. Errors: FrameError `unknown_column`, `not_numeric`, `bad_argument` (also an option it does
 * not take: `aggfunc`).
 */
export function pivot(frame: DataFrame, options: PivotOptions): DataFrame {
  checkOptionKeys("pivot", options, ["index", "columns", "values", "agg", "fill"]);
  return plainToFrame(pivotTable(frameData(frame, "pivot"), options));
}

/** Options of {@link crosstab}. */
export interface CrosstabOptions {
  /** Summarise this column per cell with `agg` instead of counting rows. */
  values?: string;
  /** The statistic of `values` per cell (default mean). */
  agg?: Stat;
  /** Add an `All` row and column with the totals over each row, column and the whole table. */
  margins?: boolean;
}

/**
 * How often each pair of values occurs, as pandas' `crosstab(df[rows], df[columns])`: one row per
 * distinct value of `rows` (sorted; the first column, named `rows`), one column per distinct value
 * of `columns`, each cell the number of frame rows with that pair (0 when none); with
 * `margins: true` an `All` row and column of totals. With `values`, each cell is `agg` of that
 * column instead (as {@link pivot}). Rows with a missing key are not counted. Errors: FrameError
 * `unknown_column`, `not_numeric`, `bad_argument` (also an option it does not take: `margin`).
 */
export function crosstab(frame: DataFrame, rows: string, columns: string, options: CrosstabOptions = {}): DataFrame {
  const data = frameData(frame, "crosstab");
  checkOptionKeys("crosstab", options, ["values", "agg", "margins"]);
  const margins = options.margins ?? false;
  // Checked here, as crosstab's own: below, the counted rows hold a helper column the message must not list.
  columnIndex(data, rows, "crosstab rows");
  columnIndex(data, columns, "crosstab columns");
  if (options.values !== undefined)
    return plainToFrame(
      pivotTable(data, { index: rows, columns, values: options.values, agg: options.agg ?? "mean" }, margins),
    );
  // Counting rows: count a column that is never missing (the row key itself).
  const counted = { ...data, rows: data.rows.map((r) => [...r, 1]), columns: [...data.columns, "\u0000rows"] };
  const t = pivotTable(counted, { index: rows, columns, values: "\u0000rows", agg: "count", fill: 0 }, margins);
  return plainToFrame(t);
}

/** Options of {@link melt}. */
export interface MeltOptions {
  /** Columns kept on every output row (identifiers; one name is a list of one; none: every column is melted). */
  idVars?: readonly string[] | string;
  /** Columns turned into rows (default: every column not in `idVars`; one name is a list of one). */
  valueVars?: readonly string[] | string;
  /** Name of the column holding the melted column's name (default `variable`). */
  varName?: string;
  /** Name of the column holding its value (default `value`). */
  valueName?: string;
}

const MELT_KEYS: readonly string[] = ["idVars", "valueVars", "varName", "valueName"];

/**
 * Wide to long, as pandas' `melt`: for each of `valueVars` in turn, every row of the frame becomes
 * a row of its `idVars`, the column's name (`variable`) and its value (`value`). Errors:
 * FrameError `unknown_column`, `bad_argument` (no column to melt, an option it does not take, an
 * `idVars` or `valueVars` that is no column name or list of them).
 */
export function melt(frame: DataFrame, options: MeltOptions = {}): DataFrame {
  const data = frameData(frame, "melt");
  const given: MeltOptions = typeof options === "object" && options !== null ? options : {};
  const example = 'melt(frame, { idVars: ["date"] })';
  const unknown = Object.keys(given).filter((k) => !MELT_KEYS.includes(k));
  if (unknown.length > 0)
    throw new FrameError(
      "bad_argument",
      `melt: ${unknown.map((k) => `"${k}"`).join(", ")} is no option (${MELT_KEYS.join(", ")})`,
    );
  const idVars = given.idVars === undefined ? [] : nameList(given.idVars, "melt: idVars", example);
  const valueVars = given.valueVars === undefined ? undefined : nameList(given.valueVars, "melt: valueVars", example);
  const ids = idVars.map((c) => columnIndex(data, c, "melt id column"));
  const names = valueVars ?? data.columns.filter((c) => !idVars.includes(c));
  if (names.length === 0) throw new FrameError("bad_argument", "melt: no column left to melt; name valueVars");
  const vals = names.map((c) => columnIndex(data, c, "melt value column"));
  const rows = vals.flatMap((v, k) => data.rows.map((row) => [...ids.map((i) => row[i]), names[k], row[v]]));
  return plainToFrame({
    columns: [...idVars, given.varName ?? "variable", given.valueName ?? "value"],
    rows,
  });
}
