/**
 * A detail table's cells as read back, column for column as declared (core/detail-tables/): from a
 * CSV field's text ({@link textCell}) or a Parquet value ({@link valueCell}), each checked against
 * its column's type; a value that does not fit is a `bad_value` naming file, row and column.
 */
import type { DetailColumn } from "../../core/detail-tables/index.js";
import { dateText } from "./detail-parquet-row.js";
import { JobOutputsError, NUMBER_TEXT } from "./job-outputs-rows.js";

/**
 * One cell of a detail table as read: a `u64` id or a `timestamp_ns` as its exact decimal digits
 * (never a JS number), a `date` as YYYY-MM-DD, `text` as it is, an `int64`/`int32` as a number
 * (the writer holds them to safe integers), a `float64` as a number; null where the column is
 * nullable and the value is absent (an empty CSV field, a Parquet null).
 */
export type DetailCell = string | number | null;

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const UNSIGNED = /^(0|[1-9]\d*)$/;
const SIGNED = /^-?(0|[1-9]\d*)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SPECIAL = /^(-?Infinity|NaN)$/;

/** Where a value is, to name it in an error: file and 1-based row (line); the column is the cell's. */
export interface At {
  file: string;
  line: number;
}

/** A value as an error message shows it. */
const shown = (v: unknown): string =>
  v instanceof Date ? v.toISOString() : typeof v === "object" && v !== null ? "an object" : String(v);

/** A `bad_value` for column `c` at `at`, saying what was expected and what was there. */
const badValue = (c: DetailColumn, at: At, what: string, got: string): JobOutputsError =>
  new JobOutputsError("bad_value", at.file, at.line, c.name, `${what}, got ${got}`);

/** A whole number (number or bigint) of an integer column as a number: it must be safe (an Int32 for `int32`). */
function wholeNumber(c: DetailColumn, v: unknown, at: At): number {
  const n = typeof v === "bigint" && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || (c.type === "int32" && (n | 0) !== n))
    throw badValue(c, at, c.type === "int32" ? "expected a 32-bit whole number" : "expected a whole number", shown(v));
  return n;
}

/** A CSV field of column `c` as its cell (see {@link DetailCell}). */
export function textCell(c: DetailColumn, text: string, at: At): DetailCell {
  if (text === "" && c.type !== "text") {
    if (c.nullable === true) return null;
    throw badValue(c, at, "expected a value, got an empty field", JSON.stringify(text));
  }
  switch (c.type) {
    case "u64":
      if (!UNSIGNED.test(text) || BigInt(text) > U64_MAX)
        throw badValue(c, at, "expected a 64-bit id", JSON.stringify(text));
      return text;
    case "timestamp_ns":
      if (!SIGNED.test(text) || BigInt(text) < I64_MIN || BigInt(text) > I64_MAX)
        throw badValue(c, at, "expected ns digits", JSON.stringify(text));
      return text;
    case "int64":
    case "int32":
      if (!SIGNED.test(text)) throw badValue(c, at, "expected a whole number", JSON.stringify(text));
      return wholeNumber(c, Number(text), at);
    case "float64":
      if (!NUMBER_TEXT.test(text) && !SPECIAL.test(text))
        throw badValue(c, at, "expected a decimal number", JSON.stringify(text));
      return Number(text);
    case "date":
      if (!DATE.test(text)) throw badValue(c, at, "expected a YYYY-MM-DD date", JSON.stringify(text));
      return text;
    case "text":
      return text;
  }
}

/** A Parquet value of column `c` (bigint, number, text, epoch ms or Date, null) as its cell. */
export function valueCell(c: DetailColumn, v: unknown, at: At): DetailCell {
  if (v === null || v === undefined) {
    if (c.nullable === true) return null;
    throw badValue(c, at, "expected a value, got null", shown(v));
  }
  switch (c.type) {
    case "u64":
    case "timestamp_ns": {
      // Our files hold both as INT64 (read as a signed bigint); an id is its unsigned 64 bits.
      const big = typeof v === "bigint" ? v : typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : undefined;
      if (big === undefined)
        throw badValue(c, at, c.type === "u64" ? "expected a 64-bit id" : "expected ns as a 64-bit integer", shown(v));
      return (c.type === "u64" ? BigInt.asUintN(64, big) : big).toString();
    }
    case "int64":
    case "int32":
      return wholeNumber(c, v, at);
    case "float64":
      if (typeof v !== "number") throw badValue(c, at, "expected a number", shown(v));
      return v;
    case "date": {
      const d = dateText(v);
      if (d === undefined) throw badValue(c, at, "expected a date", shown(v));
      return d;
    }
    case "text":
      if (typeof v !== "string") throw badValue(c, at, "expected text", shown(v));
      return v;
  }
}
