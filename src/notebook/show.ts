import type { DataFrame } from "../frames/index.js";
import { displayTarget } from "./display.js";
import { elide, tableHtml, tableText, type TableView } from "./html.js";
import { frameRows, isFrame } from "./frame.js";

/** Options of {@link show}. */
export interface ShowOptions {
  /** Show at most this many rows: the first and last halves (default 40). */
  maxRows?: number;
  /** A caption above the table. */
  title?: string;
}

/** What {@link show} renders: a DataFrame, plain row objects, or named DataFrames (one table each). */
export type Showable = DataFrame | readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, DataFrame>>;

function viewOf(data: DataFrame | readonly Readonly<Record<string, unknown>>[], options: ShowOptions): TableView {
  const max = Math.max(2, options.maxRows ?? 40);
  let columns: string[];
  let rows: unknown[][];
  if (isFrame(data)) {
    columns = [...data.columns];
    rows = frameRows(data);
  } else {
    columns = [...new Set(data.flatMap((r) => Object.keys(r)))];
    rows = data.map((r) => columns.map((c) => r[c]));
  }
  return {
    columns,
    rows: elide(rows, max),
    totalRows: rows.length,
    ...(options.title === undefined ? {} : { title: options.title }),
  };
}

/**
 * Renders a table: an HTML table in a notebook (numbers right-aligned, long tables cut to their
 * first and last rows, a caption with the size), aligned text in the REPL or a terminal. Given
 * named DataFrames (as `aggregate` returns), shows each under its name.
 */
export function show(data: Showable, options: ShowOptions = {}): void {
  const target = displayTarget();
  if (!Array.isArray(data) && !isFrame(data)) {
    for (const [name, frame] of Object.entries(data as Readonly<Record<string, DataFrame>>))
      show(frame, { ...options, title: options.title === undefined ? name : `${options.title}: ${name}` });
    return;
  }
  const view = viewOf(data as DataFrame | readonly Readonly<Record<string, unknown>>[], options);
  target.show({ text: tableText(view), html: tableHtml(view) });
}
