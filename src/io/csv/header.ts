import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { InputError } from "../../model/errors.js";
import { INSTRUMENT_REQUIRED, PARTICIPANT_REQUIRED, SESSION_REQUIRED } from "../../model/reference.js";
import { TABLES, type TableKind, type TableSpec } from "../../model/schemas.js";
import { NBBO_TABLE, ORDER_TABLE, TRADE_TABLE } from "../../model/tables/index.js";
import { byteChunks, fileSize, isGzip } from "./source.js";
import { LineSplitter } from "./lines.js";

/** A file's header: column names in file order. */
export interface FileHeader {
  names: string[];
}

/** Bytes read looking for the header line (a real one is ~500 bytes). */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The names of a header line. Quoted names after a space (`"a", "b"`, as some scripts write them)
 * are read too, the spaces dropped. A line that is not CSV even so is InputError `unknown_format`
 * saying what is wrong.
 */
function parseHeaderLine(path: string, text: string): string[] {
  const names = (trim: boolean): string[] =>
    (parse(text, { relax_column_count: true, record_delimiter: "\n", trim })[0] ?? []).map((n) => n.trim());
  try {
    return names(false);
  } catch (e) {
    try {
      return names(true);
    } catch {
      throw new InputError(
        "unknown_format",
        path,
        `its header line is not valid CSV (${(e as Error).message}): a quote must enclose a whole name ("a","b"); save the file again as CSV`,
      );
    }
  }
}

/**
 * Reads the header line of a CSV or CSV.gz file. Names are trimmed (real ob.csv and session.csv
 * carry a leading space). Errors: `unreadable`, `empty_file`, `truncated_gzip`, `unknown_format`
 * (no line end in the first MiB, NUL bytes in the header line: UTF-16, or gzip data in a file not
 * named .gz), `bad_line_ends`
 * (the first line holds a bare CR: classic Mac line ends would make the whole file one line).
 */
export async function readHeader(path: string): Promise<FileHeader> {
  const size = await fileSize(path);
  if (size === 0) throw new InputError("empty_file", path, "is empty (0 bytes): expected a header line");
  let names: string[] | undefined;
  const splitter = new LineSplitter();
  const visit = (text: string, _offset: number, _badUtf8: boolean, overlong: boolean): void => {
    if (names !== undefined || (!overlong && text.trim() === "")) return;
    if (overlong) throw new InputError("unknown_format", path, "its first line is longer than 1 MiB: not a CSV file");
    if (text.includes("\u0000"))
      throw new InputError(
        "unknown_format",
        path,
        'its header line holds NUL bytes: UTF-16 text (a spreadsheet\'s "Unicode text") or not text at all; save it as UTF-8 CSV',
      );
    if (text.includes("\r"))
      throw new InputError(
        "bad_line_ends",
        path,
        "the header line holds a bare CR (classic Mac line ends?): convert the line ends to LF or CRLF",
      );
    names = parseHeaderLine(path, text);
  };
  let read = 0;
  try {
    for await (const chunk of byteChunks(path, 64 * 1024)) {
      // A plain file's first bytes as read: gzip's magic number (1f 8b) means a compressed file.
      if (read === 0 && !isGzip(path) && chunk[0] === 0x1f && chunk[1] === 0x8b)
        throw new InputError(
          "unknown_format",
          path,
          `holds gzip-compressed data: rename it to ${basename(path)}.gz (a name ending in .gz is read decompressed)`,
        );
      splitter.push(chunk, visit);
      if (names !== undefined) return { names };
      if ((read += chunk.length) > MAX_HEADER_BYTES)
        throw new InputError("unknown_format", path, `has no header line in its first ${read} bytes: not a CSV file`);
    }
    splitter.end(visit);
  } catch (e) {
    // Garbage after a complete gzip stream does not spoil a header line that is all there.
    if (!(e instanceof InputError) || e.code !== "gzip_trailing_garbage") throw e;
    splitter.end(visit);
  }
  if (names !== undefined) return { names };
  throw new InputError("empty_file", path, "has no header line");
}

/** A reference table: instruments (`ob.csv`), participants (`par.csv`), market phases (`session.csv`). */
export type ReferenceKind = "instruments" | "participants" | "sessions";

/** Any table an input file may hold: a data table or a reference table. */
export type InputTableKind = TableKind | ReferenceKind;

// Columns only that data table has: both present → that table, for a file given to the reader.
const DISTINCTIVE: readonly [TableKind, string, string][] = [
  ["orders", "order_id", "security_code"],
  ["trades", "matchgroupid", "securitycode"],
  ["nbbo", "bidprice", "offerprice"],
];

const REFERENCE: readonly [ReferenceKind, readonly string[]][] = [
  ["instruments", INSTRUMENT_REQUIRED],
  ["participants", PARTICIPANT_REQUIRED],
  ["sessions", SESSION_REQUIRED],
];

/**
 * Which table a header belongs to (names already trimmed), to find tables by content: the data
 * table holding at least half of its required columns (the most, if several; so a damaged file with
 * a column or two missing is still that table, and the check names what is missing), else the
 * reference table holding all of its required columns; undefined when none does. Names are
 * compared exactly first, then regardless of case: a reference table's (`orderbookid`, `name`,
 * `timestamp`: a whole reference table wins over part of a data table), then a data table's
 * (`ORDER_ID`, `Security_Code`). A table's two distinctive columns alone (`order_id` and
 * `security_code` in a job's `classified.csv`) are not enough.
 */
export function recogniseTable(names: readonly string[]): InputTableKind | undefined {
  const exact = new Set(names);
  const lower = new Set(names.map((n) => n.toLowerCase()));
  const data = bestDataTable(exact, (n) => n);
  if (data !== undefined && data.share === 1) return data.kind;
  for (const [kind, required] of REFERENCE) if (required.every((n) => exact.has(n))) return kind;
  // A reference table whole in another case wins over part of a data table: a session file's
  // OrderBookId, Timestamp and Sequence lower-cased are half of NBBO's columns, as spelt there.
  for (const [kind, required] of REFERENCE) if (required.every((n) => lower.has(n.toLowerCase()))) return kind;
  return (data ?? bestDataTable(lower, (n) => n.toLowerCase()))?.kind;
}

/** The data table holding the largest share (at least half) of its required columns in `has`. */
function bestDataTable(
  has: ReadonlySet<string>,
  key: (n: string) => string,
): { kind: TableKind; share: number } | undefined {
  let best: { kind: TableKind; share: number } | undefined;
  for (const kind of ["orders", "trades", "nbbo"] as const) {
    const required = [...TABLES[kind].required] as string[];
    const share = required.filter((n) => has.has(key(n))).length / required.length;
    if (share >= 0.5 && (best === undefined || share > best.share)) best = { kind, share };
  }
  return best;
}

/**
 * Which data table a file given to the reader is: by its two distinctive columns, in any case (so
 * that an orders file missing most columns reports them), else as {@link recogniseTable};
 * undefined for none or a reference table.
 */
export function detectTable(names: readonly string[]): TableKind | undefined {
  const has = new Set(names.map((n) => n.toLowerCase()));
  for (const [kind, a, b] of DISTINCTIVE) if (has.has(a) && has.has(b)) return kind;
  const kind = recogniseTable(names);
  return kind === "orders" || kind === "trades" || kind === "nbbo" ? kind : undefined;
}

/**
 * A file's header names as the table spec spells them: a name equal to a column of `spec` regardless
 * of case becomes that column's name (`PASSIVEAGGRESSIVE` → `passiveaggressive`, `exchange` →
 * trades' `EXCHANGE`); any other name is kept as it is (an unknown column, read past). Real extracts
 * mix cases (trades' `EXCHANGE`), and an optional column matched only by its exact spelling would
 * otherwise be read as absent — every value 0 — without a word.
 */
export function canonicalNames(names: readonly string[], spec: TableSpec): string[] {
  const byLower = new Map<string, string>();
  for (const key of Object.keys(spec.columns)) byLower.set(key.toLowerCase(), key);
  return names.map((n) => byLower.get(n.toLowerCase()) ?? n);
}

/**
 * Checks a header (as {@link canonicalNames} gives it) against a table spec: every required column
 * present, no name twice (names compared regardless of case). Throws
 * `missing_column` (naming each missing column) or `duplicate_column`.
 */
export function checkHeader(path: string, names: readonly string[], spec: TableSpec): void {
  const seen = new Set<string>();
  const lower = new Set<string>();
  for (const n of names) {
    // Unnamed columns (trailing commas a spreadsheet adds) are unknown columns, read past.
    if (n !== "" && lower.has(n.toLowerCase()))
      throw new InputError(
        "duplicate_column",
        path,
        `column "${n}" appears twice in the header (names are compared regardless of case): keep one`,
      );
    lower.add(n.toLowerCase());
    seen.add(n);
  }
  const missing = [...spec.required].filter((n) => !seen.has(n));
  if (missing.length > 0) {
    throw new InputError(
      "missing_column",
      path,
      `missing required ${spec.kind} column(s): ${missing.join(", ")} (header has: ${names.join(", ")})${delimiterHint(names)}`,
      missing,
    );
  }
}

const DECLARED = { orders: ORDER_TABLE, trades: TRADE_TABLE, nbbo: NBBO_TABLE } as const;

/**
 * The optional columns of table `kind` that the analysis reads (kept in the partition store) and
 * that a header (as {@link canonicalNames} gives it) lacks, in the table's column order: every row
 * of such a file reads them as 0 (no order status, no minimum quantity, no quote snapshot…).
 */
export function absentStoredColumns(kind: TableKind, names: readonly string[]): string[] {
  const has = new Set(names);
  const columns = DECLARED[kind].columns as Readonly<Record<string, { required?: boolean; store?: unknown }>>;
  return Object.entries(columns)
    .filter(([n, c]) => c.store !== undefined && c.required !== true && !has.has(n))
    .map(([n]) => n);
}

/** A hint when a header of one name holds another delimiter (a spreadsheet's export), else "". */
function delimiterHint(names: readonly string[]): string {
  if (names.length !== 1) return "";
  const n = names[0] as string;
  for (const [sep, word] of [
    [";", "semicolons"],
    ["\t", "tabs"],
    ["|", "bars"],
  ] as const)
    if (n.includes(sep)) return `: its header is separated by ${word}, not commas; save it as comma-separated CSV`;
  return "";
}

/** The table a file name suggests (`orders…`, `trades…`, `nbbo…`), if any. */
export function tableFromName(path: string): TableKind | undefined {
  const base = path.split(/[\\/]/).pop()?.toLowerCase() ?? "";
  for (const kind of ["orders", "trades", "nbbo"] as const) if (base.startsWith(kind)) return kind;
  return undefined;
}

/**
 * The spec for a file: the one asked for, else the one its header matches, else the one its name
 * suggests (so that `orders.csv` lacking `order_id` reports the missing column); `unknown_format`
 * when none applies.
 */
export function specFor(path: string, names: readonly string[], table?: TableKind): TableSpec {
  const kind = table ?? detectTable(names) ?? tableFromName(path);
  if (kind === undefined) {
    throw new InputError(
      "unknown_format",
      path,
      `header matches no known table (orders need order_id and security_code; trades matchgroupid and securitycode; nbbo bidprice and offerprice)`,
    );
  }
  return TABLES[kind] as unknown as TableSpec;
}
