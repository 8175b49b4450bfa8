import { checkFormat, columnFormatOf, type CellFormatter, type ColumnFormat } from "../frames/column-format.js";
import { FrameError } from "../frames/frame-error.js";
import { describeNotFrame, frameData, isFrameLike } from "../frames/frame-read.js";
import type { DataFrame, Series } from "../frames/index.js";
import { displayTarget, type Output } from "./display.js";
import { elide, tableHtml, tableText, type TableView } from "./html.js";
import { showOptions } from "./show-options.js";

/** Options of {@link show}. */
export interface ShowOptions {
  /** Show at most this many rows: the first and last halves (default 40). */
  maxRows?: number;
  /** A caption above the table. */
  title?: string;
  /** Show only these columns, in this order (FrameError `unknown_column` lists the columns there are). */
  columns?: readonly string[];
  /**
   * Formats by column name, winning over the name rule (`columnFormatOf`): a format name
   * (`"aud"`, `"ratio"`, `"time_ns"`, `"text"`, … see `COLUMN_FORMATS`) or a function of the value.
   * The key `"*"` sets the format of every column the name rule leaves as a plain `number` (e.g.
   * the date columns of a `pivot` of `savings_aud`: `{ "*": "aud" }`). Any other key must be a
   * column of the table (FrameError `unknown_column`, as for `columns`).
   */
  formats?: Readonly<Record<string, ColumnFormat | CellFormatter>>;
  /** Show a frame's row labels as its first column (default true; plain rows have none). */
  index?: boolean;
}

/** What {@link show} renders: a DataFrame or Series, plain row objects, or named DataFrames (one table each). */
export type Showable =
  DataFrame | Series | readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, DataFrame>>;

function formatOf(name: string, options: ShowOptions): ColumnFormat | CellFormatter {
  const f = options.formats?.[name];
  if (f !== undefined) return typeof f === "function" ? f : checkFormat(f, name);
  const byName = columnFormatOf(name);
  const all = options.formats?.["*"];
  if (byName !== "number" || all === undefined) return byName;
  return typeof all === "function" ? all : checkFormat(all, "*");
}

/** The table {@link show} renders of a frame, a Series or plain rows (exported for the frame display hook). */
export function tableView(data: unknown, options: ShowOptions = {}): TableView {
  const max = Math.max(2, options.maxRows ?? 40);
  let columns: string[];
  let rows: unknown[][];
  let indexed = false;
  if (isFrameLike(data)) {
    const d = frameData(data, "show");
    columns = d.columns;
    rows = d.rows;
    if (options.index ?? true) {
      indexed = true;
      columns = ["", ...columns];
      rows = rows.map((r, i) => [d.index[i] ?? i, ...r]);
    }
  } else if (Array.isArray(data)) {
    const objects = data as readonly Readonly<Record<string, unknown>>[];
    columns = [...new Set(objects.flatMap((r) => Object.keys(r)))];
    rows = objects.map((r) => columns.map((c) => r[c]));
  } else throw notShowable(describeNotFrame(data));
  // No rows (a filter that kept none) name no columns to check against: the asked columns head the
  // empty table and a format is refused for nothing, where a row would have had its column.
  const noRows = Array.isArray(data) && data.length === 0;
  if (noRows) columns = (options.columns ?? []).filter((c) => c !== "");
  // A format for a column the table does not have (a misspelt name) is refused, as `columns` is,
  // rather than ignored with the column left in its default format.
  const stray = Object.keys(options.formats ?? {}).find((c) => c !== "*" && (c === "" || !columns.includes(c)));
  if (stray !== undefined && !noRows) throw strayFormat(stray, columns);
  if (options.columns !== undefined) {
    const pos = options.columns.map((c) => {
      const i = columns.indexOf(c);
      if (i < 0 || c === "")
        throw new FrameError(
          "unknown_column",
          `show: "${c}" is not a column of this table; its columns are: ${columns.filter((x) => x !== "").join(", ")}`,
        );
      return i;
    });
    const keep = indexed ? [0, ...pos] : pos;
    columns = keep.map((i) => columns[i] as string);
    rows = rows.map((r) => keep.map((i) => r[i]));
  }
  return {
    columns,
    formats: columns.map((c, i) => (indexed && i === 0 ? "text" : formatOf(c, options))),
    rows: elide(rows, max),
    totalRows: rows.length,
    ...(indexed ? { indexed } : {}),
    ...(options.title === undefined ? {} : { title: options.title }),
  };
}

/** The output {@link show} sends for one table: aligned text and HTML. */
export function tableOutput(data: unknown, options: ShowOptions = {}): Output {
  const view = tableView(data, options);
  return { text: tableText(view), html: tableHtml(view) };
}

/**
 * Renders a table: an HTML table in a notebook, aligned text in the REPL or a terminal. A frame's
 * row labels come first (so `describe()` keeps `count`, `mean`, …); each column prints by its
 * kind, from its name (`columnFormatOf`: `*_aud` as `A$31,858,367.38`, `*_ratio` as `98.7 %`,
 * `*_bps` with 1 decimal, `*_time`/`*_ns`/`*_event` as Sydney local time, ids as text, counts with
 * thousands separators), or as `options.formats` says; `options.columns` picks columns. Long
 * tables are cut to their first and last rows; wide ones scroll sideways, cells never wrap. Given
 * named DataFrames (as `aggregate` returns), shows each under its name.
 */
export function show(data: Showable, given: ShowOptions = {}): void {
  const options = showOptions(given);
  const target = displayTarget();
  if (!Array.isArray(data) && !isFrameLike(data)) {
    // Named frames: a plain object of frames (a Promise, a number, … is refused, never shown as nothing).
    const given: unknown = data;
    if (typeof given !== "object" || given === null || typeof (given as { then?: unknown }).then === "function")
      throw notShowable(describeNotFrame(given));
    const named = Object.entries(given as Readonly<Record<string, unknown>>);
    const bad = named.find(([, f]) => !isFrameLike(f));
    if (bad !== undefined)
      throw notShowable(`${bad[0]}: ${typeof bad[1] === "object" ? describeNotFrame(bad[1]) : typeof bad[1]}`);
    // A format applies to the frames holding its column; one that names a column of none is refused.
    const all = new Set(named.flatMap(([, f]) => frameData(f, "show").columns));
    const stray = Object.keys(options.formats ?? {}).find((c) => c !== "*" && !all.has(c));
    if (stray !== undefined) throw strayFormat(stray, [...all]);
    for (const [name, frame] of named) {
      const columns = frameData(frame, "show").columns;
      const formats = Object.fromEntries(
        Object.entries(options.formats ?? {}).filter(([c]) => c === "*" || columns.includes(c)),
      );
      const title = options.title === undefined ? name : `${options.title}: ${name}`;
      show(frame as DataFrame, { ...options, title, ...(options.formats === undefined ? {} : { formats }) });
    }
    return;
  }
  target.show(tableOutput(data, options));
}

/** FrameError `not_a_frame` of `show`, saying what it got. */
function notShowable(got: string): FrameError {
  return new FrameError(
    "not_a_frame",
    `show: expected a DataFrame, a Series, an array of rows or named frames, got ${got}`,
  );
}

/** FrameError `unknown_column`: `options.formats` names a column the table does not have. */
function strayFormat(column: string, columns: readonly string[]): FrameError {
  return new FrameError(
    "unknown_column",
    `show: formats names "${column}", not a column of this table; its columns are: ${columns.filter((x) => x !== "").join(", ")}`,
  );
}
