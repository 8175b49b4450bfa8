import { basename } from "node:path";
import type { DataFrame } from "../frames/index.js";
import type { ScanResult } from "../io/index.js";
import { scanParallel } from "../pipeline/scan/scan.js";
import { formatNsIso } from "../model/time.js";
import { briefly } from "./brief-errors.js";
import { frameOf, keyColumn as key, sumColumn as sum } from "./frame.js";
import { scanOptions, type ScanFramesOptions } from "./scan-options.js";

/** A scan's result (see `ScanResult`) with its two tables as DataFrames. */
export interface ScanFrames extends ScanResult {
  frames: {
    /**
     * One row per (security, Sydney trading date): `security_code`, `date`, the order, Centre
     * Point, sweep, trade and NBBO row counts, `participants` (distinct ids), and the first and last
     * event time (`first_event`, `last_event`, ISO-8601 UTC with nanoseconds, exact).
     */
    partitions: DataFrame;
    /** One row per input file: `file` (name), `table`, `bytes`, `rows_read`, `accepted`, `rejected`, `blank_lines`, `error`. */
    files: DataFrame;
    /**
     * Everything the inputs held (see `ScanResult.inputs`), one row per path, sorted by `listed_as`
     * then path: `path`, `listed_as` (data, reference, ignored, duplicate, skipped), `table`
     * (data and reference), `note` (why ignored or skipped; the file read instead of a duplicate).
     */
    inputs: DataFrame;
  };
}

/** The rows of the inputs table (see `ScanFrames.frames.inputs`). */
function inputRows(l: NonNullable<ScanResult["inputs"]>): string[][] {
  return [
    ...l.data.map((d) => [d.file, "data", d.table ?? "", ""]),
    ...l.reference.map((r) => [r.file, "reference", r.table, r.note ?? ""]),
    ...l.ignored.map((f) => [f.file, "ignored", "", f.reason]),
    ...l.duplicates.map((d) => [
      d.file,
      "duplicate",
      "",
      `${d.reason === "same_content" ? "a copy of" : "the same file as"} ${d.sameAs}: read once`,
    ]),
    ...l.skipped.map((k) => [k.path, "skipped", "", k.reason]),
  ];
}

const PARTITION_COLUMNS = [
  key("security_code"),
  key("date"),
  sum("order_rows"),
  sum("centre_point_rows"),
  sum("sweep_rows"),
  sum("sweep_orders"),
  sum("trade_rows"),
  sum("centre_point_trade_rows"),
  sum("nbbo_rows"),
  sum("participants"),
  key("first_event"),
  key("last_event"),
];

const INPUT_COLUMNS = [key("path"), key("listed_as"), key("table"), key("note")];

const FILE_COLUMNS = [
  key("file"),
  key("table"),
  sum("bytes"),
  sum("rows_read"),
  sum("accepted"),
  sum("rejected"),
  sum("blank_lines"),
  key("error"),
];

/**
 * Scans order, trade and NBBO files (files, folders or globs; `.csv` or `.csv.gz`) in one pass —
 * every row validated, bad rows counted and written to `options.rejectsPath` when given — and
 * returns the shape of the data: the plain `ScanResult` (per-file accounting, per-partition shape,
 * throughput) plus its partition and file tables as DataFrames in `frames`. With `workers: N` (N > 1)
 * the files are scanned by N worker threads (`scanParallel`), with the same result; `chunkSize` in
 * bytes or as a size text ("64MB"), as in a config. Throws FrameError `bad_argument` for an option
 * it does not take or a value out of range, `InputErrors` (every unusable file at once) before
 * reading any row; brief (the message only) unless `setDebug(true)`.
 */
export function scan(inputs: string | readonly string[], options: ScanFramesOptions = {}): Promise<ScanFrames> {
  return briefly(() => scanFrames(inputs, options));
}

async function scanFrames(inputs: string | readonly string[], options: ScanFramesOptions): Promise<ScanFrames> {
  const result = await scanParallel(typeof inputs === "string" ? [inputs] : inputs, scanOptions(options));
  const partitions = await frameOf(
    PARTITION_COLUMNS,
    result.partitions.map((p) => [
      p.securityCode,
      p.date,
      p.orderRows,
      p.centrePointRows,
      p.sweepRows,
      p.sweepOrders,
      p.tradeRows,
      p.centrePointTradeRows,
      p.nbboRows,
      p.participants.length,
      formatNsIso(p.firstTsNs),
      formatNsIso(p.lastTsNs),
    ]),
  );
  const files = await frameOf(
    FILE_COLUMNS,
    result.files.map((f) => [
      basename(f.file),
      f.table,
      f.bytes,
      f.rowsRead,
      f.accepted,
      f.rejected,
      f.blankLines,
      f.error?.code ?? "",
    ]),
  );
  const listed = await frameOf(INPUT_COLUMNS, result.inputs === undefined ? [] : inputRows(result.inputs));
  return { ...result, frames: { partitions, files, inputs: listed } };
}
