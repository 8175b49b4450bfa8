/** HTML and text building blocks of the notebook outputs: escaping, formatted tables. */
import { formatValue, rightAligned, type CellFormatter, type ColumnFormat } from "../frames/column-format.js";

/** `text` with `& < > " '` escaped, safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A table to render: column names, how each prints, and rows of cells, plus how many rows the full
 * table has. With `indexed`, the first column holds the row labels (a frame's index): shown with
 * an empty header, as row headers, and not counted as a column in the caption.
 */
export interface TableView {
  columns: readonly string[];
  /** The format of each column (see `COLUMN_FORMATS`), in column order. */
  formats: readonly (ColumnFormat | CellFormatter)[];
  /** The rows shown; a `null` row marks where rows were left out. */
  rows: readonly (readonly unknown[] | null)[];
  totalRows: number;
  indexed?: boolean;
  title?: string;
}

/** Keeps at most `max` rows: the first and last halves, with a `null` marker between them. */
export function elide(rows: readonly (readonly unknown[])[], max: number): (readonly unknown[] | null)[] {
  if (rows.length <= max) return [...rows];
  const head = Math.ceil(max / 2);
  return [...rows.slice(0, head), null, ...rows.slice(rows.length - (max - head))];
}

// A describe() frame's `count` row counts values whatever the column holds; its variance row is in
// squared units, which no column format fits.
const ROW_FORMATS: Readonly<Record<string, ColumnFormat>> = { count: "count", variance: "number", var: "number" };

/** The texts of the shown rows, cell by cell (`null` where rows were left out). */
function cellTexts(view: TableView): (string[] | null)[] {
  return view.rows.map((r) => {
    if (r === null) return null;
    const label = view.indexed === true ? ROW_FORMATS[String(r[0])] : undefined;
    return view.columns.map((_, i) => {
      const f = view.formats[i] ?? "number";
      return formatValue(r[i], label !== undefined && i > 0 ? label : f);
    });
  });
}

function alignment(view: TableView): boolean[] {
  return view.columns.map((_, i) =>
    view.indexed === true && i === 0
      ? false
      : rightAligned(
          view.formats[i] ?? "number",
          view.rows.map((r) => r?.[i]),
        ),
  );
}

function caption(view: TableView): string {
  const n = view.columns.length - (view.indexed === true ? 1 : 0);
  return `${view.totalRows} row${view.totalRows === 1 ? "" : "s"} × ${n} column${n === 1 ? "" : "s"}`;
}

/**
 * The table as HTML: a frame's index as row headers, numbers right-aligned, a caption with its size,
 * "…" where rows were left out; inside a horizontally scrolling box, no cell wrapping (a wide table
 * scrolls instead of running off the page or breaking dates over lines).
 */
export function tableHtml(view: TableView): string {
  const right = alignment(view);
  // Inline on every cell: Jupyter's own CSS sets `white-space: normal` on cells, and an untrusted
  // notebook drops <style> elements, but keeps style attributes.
  const cls = (i: number): string =>
    right[i] === true ? ' style="text-align:right;white-space:nowrap"' : ' style="text-align:left;white-space:nowrap"';
  const head = view.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join("");
  const body = cellTexts(view)
    .map((r) =>
      r === null
        ? `<tr><td colspan="${view.columns.length}" style="text-align:center">…</td></tr>`
        : `<tr>${r
            .map((t, i) => {
              const tag = view.indexed === true && i === 0 ? "th" : "td";
              return `<${tag}${cls(i)}>${escapeHtml(t)}</${tag}>`;
            })
            .join("")}</tr>`,
    )
    .join("");
  const size = caption(view);
  const title = view.title === undefined ? size : `${escapeHtml(view.title)} (${size})`;
  return (
    `<div class="sweeplab-table-wrap" style="overflow-x:auto;max-width:100%">` +
    `<table class="sweeplab-table dataframe" style="white-space:nowrap">` +
    `<caption style="caption-side:top;text-align:left">${title}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

/** The table as aligned plain text, for the console and the REPL (same cell texts as the HTML). */
export function tableText(view: TableView): string {
  const cells = cellTexts(view);
  const widths = view.columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r === null ? 1 : (r[i] ?? "").length))),
  );
  const right = alignment(view);
  const pad = (s: string, i: number): string =>
    right[i] === true ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0);
  const lines = [view.columns.map(pad).join("  ").trimEnd()];
  for (const r of cells) lines.push(r === null ? "…" : r.map(pad).join("  ").trimEnd());
  const n = view.columns.length - (view.indexed === true ? 1 : 0);
  const size = `[${view.totalRows} rows × ${n} columns]`;
  return `${view.title === undefined ? "" : `${view.title} `}${size}\n${lines.join("\n")}`;
}
