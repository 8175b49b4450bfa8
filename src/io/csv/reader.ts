import { addUnknownCodes, type UnknownCodeCounts, type UnknownCodePolicy } from "../../model/unknown-codes.js";
import type { RowErrorCode, RowReject } from "../../model/errors.js";
import type { ColumnSpec, TableKind, TableSpec } from "../../model/schemas.js";
import { BatchBuilder, type Batch } from "./batch.js";
import { canonicalNames, checkHeader, readHeader, specFor } from "./header.js";
import { LineSplitter } from "./lines.js";
import { FAST_PATH_AVAILABLE } from "./fast-row.js";
import { RecordAssembler, type CsvRecord, type RecordProblem } from "./records.js";
import { byteChunks, countNewlines, DEFAULT_CHUNK_SIZE, fileSize, type ByteRange } from "./source.js";
import { InputError } from "../../model/errors.js";

/** Progress of one file's read, emitted once per chunk. */
export interface ReadProgress {
  file: string;
  /** Bytes of the file consumed so far (compressed bytes for gzip), counted from the range start. */
  bytesRead: number;
  /** Bytes to read: the file size or the range length. */
  bytesTotal: number;
  /** Byte position in the file reached (range start + bytes read). */
  position: number;
  rows: number;
  rejected: number;
}

/** Options of {@link openTable}. */
export interface ReadOptions {
  /** Read chunk size in bytes (default 64 MiB). Any size from 1 byte yields the same rows. */
  chunkSize?: number;
  /** Rows per yielded batch (default 16,384). */
  batchRows?: number;
  /** Read only this row-aligned byte range of an uncompressed file (see splitByteRanges). */
  range?: ByteRange;
  /**
   * Store only these columns in the batches (the others are still validated, so rejects and
   * counts do not change, but their arrays stay empty). Default: every column.
   */
  columns?: readonly string[];
  /** Force the table kind instead of detecting it from the header. */
  table?: TableKind;
  /**
   * Reuse batch arrays: a yielded batch is valid only until the next iteration step (copy what
   * you keep). Saves allocation and keeps memory flat; used by scan and partitioning.
   */
  reuseBatches?: boolean;
  /**
   * Parse plain rows straight from their bytes (default true; see fast-row.ts). Off, every row goes
   * through the general path (split/csv-parse and parseField): same rows, same rejects, slower. For
   * the equivalence tests and for measuring.
   */
  fastPath?: boolean;
  /**
   * A code value outside its table (model/codes.ts: changereason, orderstatus, ordertype, dealsource,
   * passiveaggressive, exchangeordertype bits): `"keep"` (default) keeps the row and counts the value
   * in `FileReport.unknownCodes`; `"reject"` rejects the row as `unknown_code`.
   */
  unknownCodes?: UnknownCodePolicy;
  /** Called once per read chunk with bytes, rows and position so far. */
  onProgress?: (p: ReadProgress) => void;
  /** Receives every rejected row, in file order. */
  onReject?: (r: RowReject) => void;
}

/** What happened to one file (or byte range): `rowsRead = accepted + rejected` always. */
export interface FileReport {
  file: string;
  table: TableKind;
  range?: ByteRange;
  bytes: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  blankLines: number;
  rejectsByCode: Partial<Record<RowErrorCode, number>>;
  /**
   * Code values outside their tables in accepted rows, per column and value (`{ changereason:
   * { "99": 3 } }`); absent when there were none (or under `unknownCodes: "reject"`, where they are
   * `unknown_code` rejects instead).
   */
  unknownCodes?: UnknownCodeCounts;
  /** A file-level failure met while reading (e.g. `truncated_gzip`); rows before it are counted. */
  error?: { code: string; message: string };
  /**
   * Set (true) only on a byte-range read that ended before the end of the file inside an open quoted
   * record: the record goes on in the next range, so the ranges' rows are not the file's (read it
   * whole instead). Ranges that all end outside a record give exactly the whole read's rows.
   */
  cutRecord?: boolean;
}

/**
 * Adds the counts of another read of the same file (e.g. a byte range) into `into`: bytes, rows,
 * accepted, rejected, blank lines, rejects by code (codes keep the order they were first met) and
 * unknown code values.
 * File-level errors are left to the caller.
 */
export function addReport(into: FileReport, r: FileReport): void {
  into.bytes += r.bytes;
  into.rowsRead += r.rowsRead;
  into.accepted += r.accepted;
  into.rejected += r.rejected;
  into.blankLines += r.blankLines;
  for (const [code, n] of Object.entries(r.rejectsByCode)) {
    const k = code as RowErrorCode;
    into.rejectsByCode[k] = (into.rejectsByCode[k] ?? 0) + (n ?? 0);
  }
  if (r.unknownCodes !== undefined) into.unknownCodes = addUnknownCodes(into.unknownCodes, r.unknownCodes);
}

/**
 * A validated input file, ready to stream. {@link openTable} checks the header before any row is
 * read; iterating yields columnar {@link Batch}es; {@link TableReader.report} holds the counts.
 */
export interface TableReader<S extends ColumnSpec = ColumnSpec> extends AsyncIterable<Batch<S>> {
  readonly file: string;
  readonly spec: TableSpec<S>;
  readonly header: readonly string[];
  readonly report: FileReport;
}

/**
 * Opens an orders, trades or NBBO file (`.csv` or `.csv.gz`). Throws {@link InputError}
 * (`unreadable`, `empty_file`, `bad_line_ends`, `unknown_format`, `missing_column`,
 * `duplicate_column`, `range_on_gzip`, `truncated_gzip` when not even the header can be read)
 * before reading any row. Bad rows never throw: they go to `onReject` and the report (a repeated
 * header line is a `duplicate_header` reject). A gzip cut short or corrupt sets `report.error`
 * (`truncated_gzip`) after yielding every row before the damage and counting the cut row as
 * `truncated_record`; bytes after the last complete gzip member set `report.error`
 * (`gzip_trailing_garbage`) with every row read. Iterating throws only `unreadable`.
 */
export async function openTable(file: string, options: ReadOptions = {}): Promise<TableReader> {
  const size = await fileSize(file);
  const fileNames = (await readHeader(file)).names;
  const spec = specFor(file, fileNames, options.table);
  const names = canonicalNames(fileNames, spec);
  checkHeader(file, names, spec);
  if (options.range !== undefined && file.toLowerCase().endsWith(".gz")) {
    throw new InputError("range_on_gzip", file, "byte ranges need an uncompressed file");
  }
  const report: FileReport = {
    file,
    table: spec.kind,
    ...(options.range === undefined ? {} : { range: options.range }),
    bytes: options.range === undefined ? size : options.range.end - options.range.start,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    blankLines: 0,
    rejectsByCode: {},
  };
  return {
    file,
    spec,
    header: names,
    report,
    [Symbol.asyncIterator]: () => readBatches(file, spec, names, report, options, size),
  };
}

async function* readBatches(
  file: string,
  spec: TableSpec,
  names: readonly string[],
  report: FileReport,
  options: ReadOptions,
  size: number,
): AsyncGenerator<Batch> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const batchRows = Math.max(1, options.batchRows ?? 16_384);
  const range = options.range;
  const start = range?.start ?? 0;
  const builder = new BatchBuilder(
    spec,
    names,
    file,
    batchRows,
    options.columns === undefined ? undefined : new Set(options.columns),
    options.fastPath !== false && FAST_PATH_AVAILABLE,
    options.unknownCodes ?? "keep",
  );
  const progress = { fileBytesRead: 0 };
  const ready: Batch[] = [];
  // Line numbers inside a byte range are relative until a reject needs the absolute one.
  let lineBase: number | undefined = start === 0 ? 0 : undefined;
  const pendingRejects: RowReject[] = [];

  const reject = (r: RowReject): void => {
    report.rowsRead++;
    report.rejected++;
    report.rejectsByCode[r.code] = (report.rejectsByCode[r.code] ?? 0) + 1;
    pendingRejects.push(r);
  };
  const sink = {
    record(r: CsvRecord): void {
      const bad = builder.push(r.fields, r.offset, r.line, r.raw);
      if (bad !== undefined) {
        reject(bad);
        return;
      }
      report.rowsRead++;
      report.accepted++;
      if (builder.length >= batchRows) ready.push(builder.take());
    },
    problem(p: RecordProblem): void {
      reject({
        file,
        line: p.line,
        column: 0,
        columnName: "",
        code: p.code,
        message: p.message,
        text: p.raw.slice(0, 500),
      });
    },
  };
  const flushRejects = async (): Promise<void> => {
    if (pendingRejects.length === 0) return;
    lineBase ??= await countNewlines(file, start);
    for (const r of pendingRejects) options.onReject?.({ ...r, line: r.line + lineBase });
    pendingRejects.length = 0;
  };

  let assembler: RecordAssembler | undefined = start === 0 ? undefined : new RecordAssembler(1, sink, names.length);
  let line = 0; // physical lines seen before the assembler exists (header and blank lines)
  const emitProgress = (): void =>
    options.onProgress?.({
      file,
      bytesRead: progress.fileBytesRead,
      bytesTotal: report.bytes,
      position: start + progress.fileBytesRead,
      rows: report.rowsRead,
      rejected: report.rejected,
    });
  function* drain(): Generator<Batch> {
    while (ready.length > 0) {
      const b = ready.shift() as Batch;
      yield b;
      if (options.reuseBatches === true) builder.recycle(b);
    }
  }
  // The hot path: a plain row goes straight from its bytes into the batch (fast-row.ts). A line it
  // is not certain of — the header, a quote or the lines of an open quoted record, anything unusual —
  // is decoded and goes through the RecordAssembler (csv-parse for quotes) and parseField instead.
  const fast = (buf: Buffer, s: number, e: number, offset: number): boolean => {
    if (assembler === undefined || assembler.busy || !builder.pushBytes(buf, s, e, offset)) return false;
    assembler.skipLine();
    report.rowsRead++;
    report.accepted++;
    if (builder.length >= batchRows) ready.push(builder.take());
    return true;
  };
  const splitter = new LineSplitter(start, fast);
  const visit = (text: string, offset: number, badUtf8: boolean, overlong: boolean): void => {
    if (assembler === undefined) {
      line++;
      if (text.trim() === "") report.blankLines++;
      else assembler = new RecordAssembler(line + 1, sink, names.length);
      return;
    }
    assembler.push(text, offset, badUtf8, overlong);
  };
  try {
    for await (const chunk of byteChunks(file, chunkSize, range, progress)) {
      splitter.push(chunk, visit);
      // Tiny chunks are many: skip the awaits and generators that would do nothing.
      if (pendingRejects.length > 0) await flushRejects();
      emitProgress();
      if (ready.length > 0) yield* drain();
    }
    splitter.end(visit);
  } catch (e) {
    if (!(e instanceof InputError) || (e.code !== "truncated_gzip" && e.code !== "gzip_trailing_garbage")) throw e;
    report.error = { code: e.code, message: e.message };
    // Garbage after the last complete member: the data itself ended cleanly, so its last line is whole.
    if (e.code === "gzip_trailing_garbage") splitter.end(visit);
    const tail = e.code === "truncated_gzip" ? splitter.endTruncated() : undefined;
    if (tail !== undefined && assembler !== undefined) {
      sink.problem({
        code: "truncated_record",
        message: "row cut off by the end of a damaged file",
        line: assembler.nextLine,
        offset: tail.offset,
        raw: tail.text,
      });
    }
  }
  // The only state carried from line to line is the open quoted record (and line numbers, made
  // absolute above): a range that starts where a whole read is between records and ends between
  // records reads exactly the whole read's rows and rejects for its bytes.
  if (range !== undefined && range.end < size && assembler?.busy === true) report.cutRecord = true;
  assembler?.end();
  if (assembler !== undefined) report.blankLines += assembler.blankLines;
  const unknown = builder.unknownCodes();
  if (unknown !== undefined) report.unknownCodes = unknown;
  await flushRejects();
  emitProgress();
  if (builder.length > 0) ready.push(builder.take());
  yield* drain();
}
