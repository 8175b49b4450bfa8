/**
 * The types of a scan's result and options ({@link ScanResult}, {@link ScanPart}, …), apart from the
 * code that fills them (scan.ts, scan-accumulator.ts, scan-merge.ts), which all import them.
 */

import type { UnknownCodeCounts, UnknownCodePolicy } from "../../model/unknown-codes.js";
import type { RowReject } from "../../model/errors.js";
import type { InputListing } from "../inputs/inputs.js";
import type { FileReport } from "../csv/reader.js";
import type { OrderShape } from "../../core/order-shape.js";
import type { OrderRowsPart } from "./scan-order-rows.js";

/** The shape of one (security, trading date) partition, as found by {@link scan}. */
export interface PartitionScan {
  securityCode: string;
  /** Australia/Sydney trading date, YYYY-MM-DD. */
  date: string;
  orderRows: number;
  /** Order rows with any Centre Point bit (64 | 256 | 2048 | 4096). */
  centrePointRows: number;
  /** Order rows with the sweep bit (2048). */
  sweepRows: number;
  /** Distinct sweep order ids. */
  sweepOrders: number;
  tradeRows: number;
  /** Trade legs of Centre Point deal sources (46, 47, 48 and the block codes 50–52). */
  centrePointTradeRows: number;
  nbboRows: number;
  /** Distinct participant ids on order and trade rows, ascending. */
  participants: number[];
  /** Earliest and latest event time, ns since the epoch (UTC). */
  firstTsNs: bigint;
  lastTsNs: bigint;
  /**
   * What a run will make of the order rows (core `orderShapeOf`, the run's own rule): `"events"`,
   * or `"final_state"` (one row per order, under half of them placements: the run computes real
   * fills, groups and size bands only). See `OrderRows` for how repeated rows count.
   */
  orderShape: OrderShape;
  /** With `"final_state"`: the order rows the decision counted (repeats left out) and the placements among them. */
  finalState?: { rows: number; placementRows: number };
}

/**
 * One partition's shape as seen by one file or byte range ({@link scanPart}): the counts of
 * {@link PartitionScan} plus the distinct sweep order ids themselves, so that {@link mergeScans}
 * can count distinct ids exactly across parts.
 */
export interface PartitionPart extends Omit<PartitionScan, "sweepOrders" | "orderShape" | "finalState"> {
  /** Distinct sweep order ids (u64), ascending. */
  sweepOrderIds: BigUint64Array;
  /** The part's order rows, from which the partition's {@link PartitionScan.orderShape} is merged. */
  orderKeys: OrderRowsPart;
}

/** What one file or byte range contributes to a scan: its accounting and its partitions. */
export interface ScanPart {
  /** The file's (or range's) report; ranges of one file are summed by {@link mergeScans}. */
  report: FileReport;
  /** Partitions met in this file or range, in no particular order. */
  partitions: PartitionPart[];
}

/** Result of a scan: per-file accounting, per-partition shape and throughput. */
export interface ScanResult {
  files: FileReport[];
  partitions: PartitionScan[];
  totals: {
    files: number;
    bytes: number;
    rowsRead: number;
    accepted: number;
    rejected: number;
    /** Code values outside their tables, over all files, per column and value (absent when none). */
    unknownCodes?: UnknownCodeCounts;
    seconds: number;
    rowsPerSecond: number;
    mbPerSecond: number;
  };
  /** Where rejected rows were written, when asked. */
  rejectsPath?: string;
  /**
   * What the inputs held: the data files read, reference tables found (not scanned), files ignored
   * with the reason, duplicates read once, folders not read (see `discoverInputs`).
   */
  inputs?: InputListing;
}

/** Scan progress, emitted once per read chunk (with several workers: as their chunks are read). */
export interface ScanProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes read so far across all files (compressed bytes for gzip). */
  bytesRead: number;
  bytesTotal: number;
  /** Rows (and rejected rows) of `file` read so far. */
  rows: number;
  rejected: number;
}

/** Options of {@link scan}. */
export interface ScanOptions {
  chunkSize?: number;
  /** Write rejected rows to this CSV file. */
  rejectsPath?: string;
  /** Called once per read chunk, across all files. */
  onProgress?: (p: ScanProgress) => void;
  /** Receives every rejected row (they also go to `rejectsPath` when set). */
  onReject?: (r: RowReject) => void;
  /** A code value outside its table: keep and count it (default) or reject the row (`unknown_code`). */
  unknownCodes?: UnknownCodePolicy;
}
