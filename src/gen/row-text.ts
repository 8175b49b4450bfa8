/**
 * The generator's input rows as text in the column order of their table's declaration
 * (model/tables/{orders,trades,nbbo}.ts): a row is its values by header name, so that adding an
 * input column is its one entry there plus its value in the generator (the row's object literal does
 * not compile without it), and the column order comes from the declaration alone.
 */
import type { NbboColumn, OrderColumn, TradeColumn } from "../model/headers.js";

/** A field's value, written as `String(value)` (the generator writes no text that needs quoting). */
export type Field = string | number | bigint;

/** The columns of an orders row the file writer fills in (its row number). */
export type OrderWriterColumn = "row_num";
/** The columns of a trade leg the file writer fills in (its sequence and row number). */
export type TradeWriterColumn = "sequence" | "row_num";
/** The column of an NBBO row the file writer fills in (the file's sequence). */
export type NbboWriterColumn = "sequence";

/** An orders row as the partition simulation makes it: every column but the writer's. */
export type OrderValues = Record<Exclude<OrderColumn, OrderWriterColumn>, Field>;
/** A trade leg as the partition simulation makes it: every column but the writer's. */
export type TradeValues = Record<Exclude<TradeColumn, TradeWriterColumn>, Field>;
/** An NBBO row as the partition simulation makes it: every column but the writer's. */
export type NbboValues = Record<Exclude<NbboColumn, NbboWriterColumn>, Field>;

/** Writes one row (with its newline) from the simulation's values `row` and the writer's `w`. */
export type RowText<C extends string, W extends C> = (row: Record<Exclude<C, W>, Field>, w: Record<W, Field>) => string;

/**
 * The row writer of a table with header `header` (its declaration's order, `ORDER_HEADER`, …) whose
 * columns `writer` the file writer fills in: fields in header order, comma-separated, then `\n`.
 * Throws `RangeError` when a writer column is not in the header (a bug).
 */
export function rowText<C extends string, W extends C>(header: readonly C[], writer: readonly W[]): RowText<C, W> {
  for (const c of writer) if (!header.includes(c)) throw new RangeError(`rowText: ${c} is not a column`);
  const n = header.length;
  const keys = [...header] as string[];
  const ours = header.map((c) => (writer as readonly string[]).includes(c));
  return (row, w) => {
    const a = row as Record<string, Field>;
    const b = w as Record<string, Field>;
    let s = "";
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string;
      s += `${i === 0 ? "" : ","}${ours[i] === true ? b[k] : a[k]}`;
    }
    return `${s}\n`;
  };
}
