/**
 * Typed errors of the input layer. A bad row never throws: it becomes a {@link RowReject} (plain,
 * structured-cloneable data) that is written to the rejects file and counted. Problems that make a
 * whole file unusable (unreadable, empty, a required column missing) are {@link InputError}s,
 * raised before any work starts.
 */

/** Why one row was rejected. */
export type RowErrorCode =
  | "field_count" // the row has more or fewer fields than the header
  | "csv_syntax" // an unterminated or misplaced quote
  | "empty_field" // a required value is empty
  | "not_integer" // a numeric field holds something else ("12a", "1.5", "abc")
  | "negative" // a price or quantity below zero
  | "out_of_range" // an integer too large for its type (e.g. an id above 2^64 − 1)
  | "unknown_side" // side is not 1 (buy) or 2 (sell)
  | "unknown_code" // a code outside its table (changereason, ordertype, dealsource, …)
  | "bad_timestamp" // not a non-negative integer count of ns, or outside 1990–2100
  | "bad_date" // not a valid YYYY-MM-DD date
  | "bad_security_code" // not 1–32 characters of [A-Za-z0-9._-] starting with no dot (it is used in file paths)
  | "bad_encoding" // bytes that are not valid UTF-8, or a NUL byte
  | "line_too_long" // a physical line longer than 1 MiB (binary data, or bare CR line ends)
  | "truncated_record" // the last row of a file cut off mid-way (e.g. a truncated gzip)
  | "duplicate_header"; // the header line again, below the header (files concatenated with cat)

/** Why a whole file cannot be read. */
export type FileErrorCode =
  | "unreadable" // missing file, permission denied, a directory
  | "empty_file" // no header line at all
  | "missing_column" // a required column is absent from the header
  | "duplicate_column" // the header names a column twice
  | "unknown_format" // the header matches none of orders/trades/nbbo
  | "truncated_gzip" // the gzip stream ends early or is corrupt, or the file is not gzip at all
  | "gzip_trailing_garbage" // bytes after the last complete gzip member (reported; rows are all read)
  | "bad_line_ends" // bare CR line ends (classic Mac): the whole file would be one line
  | "range_on_gzip"; // byte ranges asked of a compressed file

/** One rejected row: where it is, which column failed, why, and the offending text. */
export interface RowReject {
  file: string;
  /** 1-based physical line number in the file (the header is line 1). */
  line: number;
  /** 1-based column number of the offending field; 0 when the whole row is at fault. */
  column: number;
  /** Header name of the offending column, or "" when the whole row is at fault. */
  columnName: string;
  code: RowErrorCode;
  message: string;
  /** The offending text: the field's value, or the raw row (at most 500 characters). */
  text: string;
}

/**
 * The base of every typed error of the toolkit: a lower_snake `code` naming the kind of problem, and a
 * message that names the file, line, column or folder at fault and says what to do. The CLI, the REPL
 * and the notebook print any of them as that message, once, without a stack trace (`setDebug(true)`
 * in a notebook brings stacks back); an error that is not one of these is a bug, shown with its stack.
 */
export abstract class SweeplabError extends Error {
  /** What kind of problem, as lower_snake text (`store_not_ready`, `missing_column`, …). */
  abstract readonly code: string;
}

/** lower_snake text: what the `code` of a typed error is. */
const LOWER_SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * Whether `e` is a typed error of the toolkit, to be shown as its message alone (no stack): a
 * {@link SweeplabError}, or any other `Error` whose `code` is lower_snake text (a typed error that
 * crossed a worker boundary as a plain `Error`, or a package's typed error). Node's own codes
 * (`ENOENT`, `ERR_…`) are not lower_snake, and an error without a code is a bug. The one test the
 * CLI (`errorLine`), the notebook (`briefError`) and the REPL make.
 */
export function isToolkitError(e: unknown): e is Error & { code: string } {
  if (e instanceof SweeplabError) return true;
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && LOWER_SNAKE.test(code);
}

/** A file-level input problem. Its message names the file and says what to do. */
export class InputError extends SweeplabError {
  override readonly name = "InputError";
  constructor(
    readonly code: FileErrorCode,
    readonly file: string,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(`${file}: ${message}`);
  }
}

/** Several file-level problems found while checking all inputs before any work. */
export class InputErrors extends SweeplabError {
  override readonly name = "InputErrors";
  readonly code = "input_errors";
  constructor(readonly errors: readonly InputError[]) {
    super(`${errors.length} input problem(s):\n${errors.map((e) => `  [${e.code}] ${e.message}`).join("\n")}`);
  }
}
