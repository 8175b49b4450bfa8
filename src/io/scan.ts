import { performance } from "node:perf_hooks";
import { CENTRE_POINT_MASK, SWEEP_MASK } from "../model/codes.js";
import { InputError, InputErrors, type RowReject } from "../model/errors.js";
import type { NbboColumns, OrderColumns, TradeColumns } from "../model/schemas.js";
import type { Batch } from "./batch.js";
import { expandInputs } from "./inputs.js";
import { openTable, type FileReport, type TableReader } from "./reader.js";
import { RejectsWriter } from "./rejects.js";

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

/** Scan progress, emitted once per read chunk. */
export interface ScanProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  bytesTotal: number;
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
 * One pass over order, trade and NBBO files (plain or gzip; files, folders or globs) that reports
 * per (security, date): row counts, time range, participants, Centre Point and sweep counts; plus
 * per-file accounting (`rowsRead = accepted + rejected`) and rows/s. Every file's header is checked
 * first: throws {@link InputErrors} (codes `unreadable`, `empty_file`, `missing_column`, …) before
 * any row is read. Bad rows are counted, reported and written to `rejectsPath`.
 */
export async function scan(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const t0 = performance.now();
  const files = await expandInputs(inputs);
  let rejects: RejectsWriter | undefined;
  let bytesDone = 0;
  let bytesTotal = 0;
  const readers: TableReader[] = [];
  const problems: InputError[] = [];
  for (const [fileIndex, f] of files.entries()) {
    try {
      const reader = await openTable(f, {
        ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
        columns: SCAN_COLUMNS,
        reuseBatches: true,
        onReject: (rej) => {
          rejects?.write(rej);
          options.onReject?.(rej);
        },
        onProgress: (p) =>
          options.onProgress?.({
            file: p.file,
            fileIndex,
            fileCount: files.length,
            bytesRead: bytesDone + p.bytesRead,
            bytesTotal,
            rows: p.rows,
            rejected: p.rejected,
          }),
      });
      readers.push(reader);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length > 0) throw new InputErrors(problems);
  bytesTotal = readers.reduce((s, r) => s + r.report.bytes, 0);
  if (options.rejectsPath !== undefined) rejects = await RejectsWriter.create(options.rejectsPath);
  const parts = new Map<string, Acc>();
  const acc = (sec: string, date: string, ts: bigint): Acc => {
    const key = `${sec}\u0000${date}`;
    let a = parts.get(key);
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
          firstTsNs: ts,
          lastTsNs: ts,
        },
        participants: new Set(),
        sweeps: new Set(),
      };
      parts.set(key, a);
    }
    if (ts < a.p.firstTsNs) a.p.firstTsNs = ts;
    if (ts > a.p.lastTsNs) a.p.lastTsNs = ts;
    return a;
  };
  try {
    for (const r of readers) {
      for await (const batch of r) {
        if (batch.table === "orders") addOrders(batch as Batch<OrderColumns>, acc);
        else if (batch.table === "trades") addTrades(batch as Batch<TradeColumns>, acc);
        else addNbbo(batch as Batch<NbboColumns>, acc);
      }
      bytesDone += r.report.bytes;
    }
  } finally {
    await rejects?.close();
  }
  const partitions = [...parts.values()]
    .map(({ p, participants, sweeps }) => ({
      ...p,
      participants: [...participants].sort((a, b) => a - b),
      sweepOrders: sweeps.size,
    }))
    .sort((a, b) =>
      a.securityCode < b.securityCode
        ? -1
        : a.securityCode > b.securityCode
          ? 1
          : a.date < b.date
            ? -1
            : a.date > b.date
              ? 1
              : 0,
    );
  const reports = readers.map((r) => r.report);
  const seconds = (performance.now() - t0) / 1000;
  const rowsRead = reports.reduce((s, r) => s + r.rowsRead, 0);
  return {
    files: reports,
    partitions,
    totals: {
      files: reports.length,
      bytes: bytesTotal,
      rowsRead,
      accepted: reports.reduce((s, r) => s + r.accepted, 0),
      rejected: reports.reduce((s, r) => s + r.rejected, 0),
      seconds,
      rowsPerSecond: seconds > 0 ? rowsRead / seconds : 0,
      mbPerSecond: seconds > 0 ? bytesTotal / 1e6 / seconds : 0,
    },
    ...(options.rejectsPath === undefined ? {} : { rejectsPath: options.rejectsPath }),
  };
}

type AccFn = (sec: string, date: string, ts: bigint) => Acc;

function addOrders(b: Batch<OrderColumns>, acc: AccFn): void {
  const { security_code, timestamp, exchangeordertype, participantid, order_id } = b.columns;
  for (let i = 0; i < b.length; i++) {
    const a = acc(security_code[i] as string, b.tradingDate[i] as string, timestamp[i] as bigint);
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

function addTrades(b: Batch<TradeColumns>, acc: AccFn): void {
  const { securitycode, tradetime, dealsource, participantid } = b.columns;
  for (let i = 0; i < b.length; i++) {
    const a = acc(securitycode[i] as string, b.tradingDate[i] as string, tradetime[i] as bigint);
    a.p.tradeRows++;
    if (CP_DEAL_SOURCES.has(dealsource[i] as number)) a.p.centrePointTradeRows++;
    a.participants.add(participantid[i] as number);
  }
}

function addNbbo(b: Batch<NbboColumns>, acc: AccFn): void {
  const { orderbookid, timestamp } = b.columns;
  for (let i = 0; i < b.length; i++)
    acc(orderbookid[i] as string, b.tradingDate[i] as string, timestamp[i] as bigint).p.nbboRows++;
}
