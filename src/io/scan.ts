import { performance } from "node:perf_hooks";
import { compareSecurityDate } from "../model/keys.js";
import { CENTRE_POINT_MASK, SWEEP_MASK } from "../model/codes.js";
import { InputError, InputErrors, type RowReject } from "../model/errors.js";
import type { NbboColumns, OrderColumns, TradeColumns } from "../model/schemas.js";
import type { Batch } from "./batch.js";
import { expandInputs } from "./inputs.js";
import { addReport, openTable, type FileReport, type ReadOptions, type TableReader } from "./reader.js";
import { RejectsWriter } from "./rejects.js";
import type { ByteRange } from "./source.js";
import { LITTLE_ENDIAN } from "../model/endian.js";

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
  /** Trade legs of Centre Point deal sources (46, 47, 48). */
  centrePointTradeRows: number;
  nbboRows: number;
  /** Distinct participant ids on order and trade rows, ascending. */
  participants: number[];
  /** Earliest and latest event time, ns since the epoch (UTC). */
  firstTsNs: bigint;
  lastTsNs: bigint;
}

/**
 * One partition's shape as seen by one file or byte range ({@link scanPart}): the counts of
 * {@link PartitionScan} plus the distinct sweep order ids themselves, so that {@link mergeScans}
 * can count distinct ids exactly across parts.
 */
export interface PartitionPart extends Omit<PartitionScan, "sweepOrders"> {
  /** Distinct sweep order ids (u64), ascending. */
  sweepOrderIds: BigUint64Array;
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
    seconds: number;
    rowsPerSecond: number;
    mbPerSecond: number;
  };
  /** Where rejected rows were written, when asked. */
  rejectsPath?: string;
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
}

interface Acc {
  p: PartitionScan;
  participants: Set<number>;
  sweeps: Set<bigint>;
  // Earliest and latest time as 32-bit halves (no bigint per row); p's bigints are set at the end.
  minHi: number;
  minLo: number;
  maxHi: number;
  maxLo: number;
}

// The only columns a scan looks at; every other column is still validated.
const SCAN_COLUMNS = [
  "security_code",
  "timestamp",
  "exchangeordertype",
  "participantid",
  "order_id",
  "securitycode",
  "tradetime",
  "dealsource",
  "orderbookid",
];

const CP_DEAL_SOURCES = new Set([46, 47, 48]);

/**
 * Per-(security, date) accumulator of scan counts. Hand-written loops over the batch columns: a
 * DataFrame group-by (danfojs) would copy every row into JS objects and cannot count distinct
 * bigint ids; this is the scan's hot path.
 */
class ScanAccumulator {
  // By security, then date: no key string built per row (the strings' hashes are cached).
  private readonly bySecurity = new Map<string, Map<string, Acc>>();
  private readonly parts: Acc[] = [];

  add(batch: Batch): void {
    if (batch.table === "orders") this.addOrders(batch as Batch<OrderColumns>);
    else if (batch.table === "trades") this.addTrades(batch as Batch<TradeColumns>);
    else this.addNbbo(batch as Batch<NbboColumns>);
  }

  /** Final partitions, sorted by security then date. */
  finish(): PartitionScan[] {
    return sortPartitions(
      this.parts.map((a) => ({
        ...withTimes(a),
        participants: [...a.participants].sort((x, y) => x - y),
        sweepOrders: a.sweeps.size,
      })),
    );
  }

  /** Partial partitions, with their sweep order ids, for {@link mergeScans}. */
  partial(): PartitionPart[] {
    return this.parts.map((a) => {
      const { sweepOrders: _n, ...rest } = withTimes(a);
      return {
        ...rest,
        participants: [...a.participants].sort((x, y) => x - y),
        sweepOrderIds: idsOf(a.sweeps),
      };
    });
  }

  // The last partition used: rows of one partition come in runs, and the reader interns codes and
  // dates, so the check is two pointer comparisons and the map (with its string key) is rarely hit.
  private last: Acc | undefined;
  private lastSec = "";
  private lastDate = "";

  private acc(sec: string, date: string): Acc {
    if (this.last !== undefined && sec === this.lastSec && date === this.lastDate) return this.last;
    let byDate = this.bySecurity.get(sec);
    if (byDate === undefined) this.bySecurity.set(sec, (byDate = new Map<string, Acc>()));
    let a = byDate.get(date);
    if (a === undefined) {
      a = {
        p: {
          securityCode: sec,
          date,
          orderRows: 0,
          centrePointRows: 0,
          sweepRows: 0,
          sweepOrders: 0,
          tradeRows: 0,
          centrePointTradeRows: 0,
          nbboRows: 0,
          participants: [],
          firstTsNs: 0n,
          lastTsNs: 0n,
        },
        participants: new Set(),
        sweeps: new Set(),
        minHi: Infinity,
        minLo: 0,
        maxHi: -1,
        maxLo: 0,
      };
      byDate.set(date, a);
      this.parts.push(a);
    }
    this.last = a;
    this.lastSec = sec;
    this.lastDate = date;
    return a;
  }

  private addOrders(b: Batch<OrderColumns>): void {
    const { security_code, exchangeordertype, participantid, order_id } = b.columns;
    const ts = halves(b.columns.timestamp);
    for (let i = 0; i < b.length; i++) {
      const a = this.acc(security_code[i] as string, b.tradingDate[i] as string);
      seen(a, ts[2 * i + 1] as number, ts[2 * i] as number);
      const otype = exchangeordertype[i] as number;
      a.p.orderRows++;
      if ((otype & CENTRE_POINT_MASK) !== 0) a.p.centrePointRows++;
      if ((otype & SWEEP_MASK) !== 0) {
        a.p.sweepRows++;
        a.sweeps.add(order_id[i] as bigint);
      }
      a.participants.add(participantid[i] as number);
    }
  }

  private addTrades(b: Batch<TradeColumns>): void {
    const { securitycode, dealsource, participantid } = b.columns;
    const ts = halves(b.columns.tradetime);
    for (let i = 0; i < b.length; i++) {
      const a = this.acc(securitycode[i] as string, b.tradingDate[i] as string);
      seen(a, ts[2 * i + 1] as number, ts[2 * i] as number);
      a.p.tradeRows++;
      if (CP_DEAL_SOURCES.has(dealsource[i] as number)) a.p.centrePointTradeRows++;
      a.participants.add(participantid[i] as number);
    }
  }

  private addNbbo(b: Batch<NbboColumns>): void {
    const { orderbookid } = b.columns;
    const ts = halves(b.columns.timestamp);
    for (let i = 0; i < b.length; i++) {
      const a = this.acc(orderbookid[i] as string, b.tradingDate[i] as string);
      seen(a, ts[2 * i + 1] as number, ts[2 * i] as number);
      a.p.nbboRows++;
    }
  }
}

/**
 * A timestamp column as 32-bit halves [lo, hi] per row (little-endian): the reader's times are
 * 1990–2100, so positive and below 2^63, and compare exactly as (hi, lo) pairs.
 */
function halves(a: BigInt64Array): Uint32Array {
  if (!LITTLE_ENDIAN) throw new Error("scan: big-endian platforms are not supported");
  return new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
}

/** Widens a partition's time span to include hi·2^32 + lo. */
function seen(a: Acc, hi: number, lo: number): void {
  if (hi < a.minHi || (hi === a.minHi && lo < a.minLo)) {
    a.minHi = hi;
    a.minLo = lo;
  }
  if (hi > a.maxHi || (hi === a.maxHi && lo > a.maxLo)) {
    a.maxHi = hi;
    a.maxLo = lo;
  }
}

/** The partition with its time span as exact bigints. */
function withTimes(a: Acc): PartitionScan {
  return {
    ...a.p,
    firstTsNs: (BigInt(a.minHi) << 32n) | BigInt(a.minLo),
    lastTsNs: (BigInt(a.maxHi) << 32n) | BigInt(a.maxLo),
  };
}

function idsOf(sweeps: ReadonlySet<bigint>): BigUint64Array {
  const ids = new BigUint64Array(sweeps.size);
  let i = 0;
  for (const id of sweeps) ids[i++] = id;
  return ids.sort();
}

function sortPartitions(ps: PartitionScan[]): PartitionScan[] {
  return ps.sort(compareSecurityDate);
}

/** Reader options a scan uses for one file (or range): only the scanned columns are stored. */
export function scanReadOptions(
  options: Pick<ReadOptions, "chunkSize" | "range" | "onProgress" | "onReject">,
): ReadOptions {
  return { ...options, columns: SCAN_COLUMNS, reuseBatches: true };
}

/** Options of {@link scanPart}. */
export interface ScanPartOptions {
  chunkSize?: number;
  /** Read only this row-aligned byte range of an uncompressed file (see `splitByteRanges`). */
  range?: ByteRange;
  /** Receives every rejected row, in file order, with its absolute line number. */
  onReject?: (r: RowReject) => void;
  /** Called once per read chunk with the bytes, rows and rejects of this part so far. */
  onProgress?: (p: { bytesRead: number; rows: number; rejected: number }) => void;
}

/**
 * Scans one file, or one byte range of an uncompressed file, into a {@link ScanPart} — the unit of
 * work of a parallel scan; {@link mergeScans} of the parts of every file (in file order, a file's
 * ranges in order) equals {@link scan} of the files. Throws {@link InputError} like `openTable`.
 */
export async function scanPart(file: string, options: ScanPartOptions = {}): Promise<ScanPart> {
  const reader = await openTable(
    file,
    scanReadOptions({
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.range === undefined ? {} : { range: options.range }),
      ...(options.onReject === undefined ? {} : { onReject: options.onReject }),
      ...(options.onProgress === undefined
        ? {}
        : {
            onProgress: (p) => options.onProgress?.({ bytesRead: p.bytesRead, rows: p.rows, rejected: p.rejected }),
          }),
    }),
  );
  const acc = new ScanAccumulator();
  for await (const batch of reader) acc.add(batch);
  return { report: reader.report, partitions: acc.partial() };
}

/** Sums the reports of one file's consecutive ranges into one whole-file report. */
function sumReports(rs: readonly FileReport[]): FileReport {
  const first = rs[0] as FileReport;
  const out: FileReport = {
    file: first.file,
    table: first.table,
    bytes: 0,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    blankLines: 0,
    rejectsByCode: {},
  };
  for (const r of rs) {
    // Codes in first-met order, as one reader over the whole file would list them.
    addReport(out, r);
    if (r.error !== undefined && out.error === undefined) out.error = r.error;
  }
  return out;
}

/** Number of distinct ids in the union of arrays that each hold distinct ids (sorted natively, then counted). */
function countDistinct(arrays: readonly BigUint64Array[]): number {
  if (arrays.length === 1) return (arrays[0] as BigUint64Array).length; // each part's ids are distinct
  const all = new BigUint64Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) n++;
  return n;
}

/**
 * Merges the parts of a parallel scan into exactly the result {@link scan} gives over the same
 * files: `parts` must list each file's parts together, in file order and range order. Per-file
 * reports are summed (rows, accepted, rejected, blank lines, rejects by code, the first error);
 * partitions are summed, their participants and sweep order ids unioned (distinct ids counted
 * exactly), first/last times taken as min/max, and sorted by security then date. `seconds` is the
 * wall time the throughput figures use.
 */
export function mergeScans(parts: readonly ScanPart[], options: { seconds: number; rejectsPath?: string }): ScanResult {
  const reports: FileReport[] = [];
  for (let i = 0; i < parts.length;) {
    let j = i + 1;
    while (j < parts.length && parts[j]?.report.file === parts[i]?.report.file) j++;
    reports.push(sumReports(parts.slice(i, j).map((p) => p.report)));
    i = j;
  }
  const merged = new Map<string, { p: PartitionScan; participants: Set<number>; ids: BigUint64Array[] }>();
  for (const part of parts) {
    for (const q of part.partitions) {
      const key = `${q.securityCode}\u0000${q.date}`;
      const m = merged.get(key);
      if (m === undefined) {
        // Keys in the order the one-thread scan creates them, so that JSON output is identical too.
        merged.set(key, {
          p: {
            securityCode: q.securityCode,
            date: q.date,
            orderRows: q.orderRows,
            centrePointRows: q.centrePointRows,
            sweepRows: q.sweepRows,
            sweepOrders: 0,
            tradeRows: q.tradeRows,
            centrePointTradeRows: q.centrePointTradeRows,
            nbboRows: q.nbboRows,
            participants: [],
            firstTsNs: q.firstTsNs,
            lastTsNs: q.lastTsNs,
          },
          participants: new Set(q.participants),
          ids: [q.sweepOrderIds],
        });
        continue;
      }
      const p = m.p;
      p.orderRows += q.orderRows;
      p.centrePointRows += q.centrePointRows;
      p.sweepRows += q.sweepRows;
      p.tradeRows += q.tradeRows;
      p.centrePointTradeRows += q.centrePointTradeRows;
      p.nbboRows += q.nbboRows;
      if (q.firstTsNs < p.firstTsNs) p.firstTsNs = q.firstTsNs;
      if (q.lastTsNs > p.lastTsNs) p.lastTsNs = q.lastTsNs;
      for (const x of q.participants) m.participants.add(x);
      m.ids.push(q.sweepOrderIds);
    }
  }
  const partitions = sortPartitions(
    [...merged.values()].map(({ p, participants, ids }) => ({
      ...p,
      participants: [...participants].sort((a, b) => a - b),
      sweepOrders: countDistinct(ids),
    })),
  );
  return buildResult(reports, partitions, options.seconds, options.rejectsPath);
}

function buildResult(
  reports: FileReport[],
  partitions: PartitionScan[],
  seconds: number,
  rejectsPath: string | undefined,
): ScanResult {
  const bytes = reports.reduce((s, r) => s + r.bytes, 0);
  const rowsRead = reports.reduce((s, r) => s + r.rowsRead, 0);
  return {
    files: reports,
    partitions,
    totals: {
      files: reports.length,
      bytes,
      rowsRead,
      accepted: reports.reduce((s, r) => s + r.accepted, 0),
      rejected: reports.reduce((s, r) => s + r.rejected, 0),
      seconds,
      rowsPerSecond: seconds > 0 ? rowsRead / seconds : 0,
      mbPerSecond: seconds > 0 ? bytes / 1e6 / seconds : 0,
    },
    ...(rejectsPath === undefined ? {} : { rejectsPath }),
  };
}

/**
 * Opens every input (files, folders or globs) and checks every header before any row is read:
 * throws {@link InputErrors} listing every unusable file. Returns the expanded files and their
 * readers (not yet iterated).
 */
export async function openScanInputs(
  inputs: readonly string[],
  readOptions: (file: string, fileIndex: number, fileCount: number) => ReadOptions = () => ({}),
): Promise<{ files: string[]; readers: TableReader[] }> {
  const files = await expandInputs(inputs);
  const readers: TableReader[] = [];
  const problems: InputError[] = [];
  for (const [fileIndex, f] of files.entries()) {
    try {
      readers.push(await openTable(f, readOptions(f, fileIndex, files.length)));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return { files, readers };
}

/**
 * One pass over order, trade and NBBO files (plain or gzip; files, folders or globs) that reports
 * per (security, date): row counts, time range, participants, Centre Point and sweep counts; plus
 * per-file accounting (`rowsRead = accepted + rejected`) and rows/s. Every file's header is checked
 * first: throws {@link InputErrors} (codes `unreadable`, `empty_file`, `missing_column`, …) before
 * any row is read. Bad rows are counted, reported and written to `rejectsPath`. Runs on the calling
 * thread; `scanParallel` (src/pool) splits the same work over worker threads with the same result.
 */
export async function scan(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const t0 = performance.now();
  let rejects: RejectsWriter | undefined;
  let bytesDone = 0;
  let bytesTotal = 0;
  const { readers } = await openScanInputs(inputs, (_file, fileIndex, fileCount) =>
    scanReadOptions({
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      onReject: (rej) => {
        rejects?.write(rej);
        options.onReject?.(rej);
      },
      onProgress: (p) =>
        options.onProgress?.({
          file: p.file,
          fileIndex,
          fileCount,
          bytesRead: bytesDone + p.bytesRead,
          bytesTotal,
          rows: p.rows,
          rejected: p.rejected,
        }),
    }),
  );
  bytesTotal = readers.reduce((s, r) => s + r.report.bytes, 0);
  if (options.rejectsPath !== undefined) rejects = await RejectsWriter.create(options.rejectsPath);
  const acc = new ScanAccumulator();
  try {
    for (const r of readers) {
      for await (const batch of r) acc.add(batch);
      bytesDone += r.report.bytes;
    }
  } finally {
    await rejects?.close();
  }
  const partitions = acc.finish();
  const seconds = (performance.now() - t0) / 1000;
  return buildResult(
    readers.map((r) => r.report),
    partitions,
    seconds,
    options.rejectsPath,
  );
}
