/** HTML and text building blocks of the notebook outputs: escaping, cell formatting, tables. */

/** `text` with `& < > " '` escaped, safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * One value as table text: integers as they are (ids stay ungrouped), other numbers with at most
 * 6 significant digits, bigints digit for digit, and "" for no answer (undefined, null, NaN).
 */
export function formatCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "";
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  if (typeof v === "bigint" || typeof v === "string" || typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? "";
}

/** A table to render: column names and rows of cells, plus how many rows the full table has. */
export interface TableView {
  columns: readonly string[];
  /** The rows shown; a `null` row marks where rows were left out. */
  rows: readonly (readonly unknown[] | null)[];
  totalRows: number;
  title?: string;
}

/** Keeps at most `max` rows: the first and last halves, with a `null` marker between them. */
export function elide(rows: readonly (readonly unknown[])[], max: number): (readonly unknown[] | null)[] {
  if (rows.length <= max) return [...rows];
  const head = Math.ceil(max / 2);
  return [...rows.slice(0, head), null, ...rows.slice(rows.length - (max - head))];
}

const isNumeric = (v: unknown): boolean => typeof v === "number" || typeof v === "bigint";

/** The table as HTML: numbers right-aligned, a caption with its size, "…" where rows were left out. */
export function tableHtml(view: TableView): string {
  const numeric = view.columns.map((_, i) => view.rows.some((r) => r !== null && isNumeric(r[i])));
  const align = (i: number): string => (numeric[i] === true ? ' style="text-align:right"' : "");
  const head = view.columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join("");
  const body = view.rows
    .map((r) =>
      r === null
        ? `<tr><td colspan="${view.columns.length}" style="text-align:center">…</td></tr>`
        : `<tr>${view.columns.map((_, i) => `<td${align(i)}>${escapeHtml(formatCell(r[i]))}</td>`).join("")}</tr>`,
    )
    .join("");
  const size = `${view.totalRows} row${view.totalRows === 1 ? "" : "s"} × ${view.columns.length} column${view.columns.length === 1 ? "" : "s"}`;
  const caption = view.title === undefined ? size : `${escapeHtml(view.title)} (${size})`;
  return (
    `<div style="overflow-x:auto"><table class="sweeplab-table dataframe" style="white-space:nowrap">` +
    `<caption style="caption-side:top;text-align:left">${caption}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

/** The table as aligned plain text, for the console and the REPL. */
export function tableText(view: TableView): string {
  const cells = view.rows.map((r) => (r === null ? null : view.columns.map((_, i) => formatCell(r[i]))));
  const widths = view.columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r === null ? 1 : (r[i] ?? "").length))),
  );
  const numeric = view.columns.map((_, i) => view.rows.some((r) => r !== null && isNumeric(r[i])));
  const pad = (s: string, i: number): string =>
    numeric[i] === true ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0);
  const lines = [view.columns.map(pad).join("  ").trimEnd()];
  for (const r of cells) lines.push(r === null ? "…" : r.map(pad).join("  ").trimEnd());
  const size = `[${view.totalRows} rows × ${view.columns.length} columns]`;
  return `${view.title === undefined ? "" : `${view.title} `}${size}\n${lines.join("\n")}`;
}
