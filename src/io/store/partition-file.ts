import type { UnknownCodePolicy } from "../../model/unknown-codes.js";
import { rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import type { RowReject } from "../../model/errors.js";
import type { TableKind } from "../../model/schemas.js";
import { writeFileAtomicSync } from "../atomic.js";
import { openTable, type FileReport, type ReadProgress } from "../csv/reader.js";
import type { ByteRange } from "../csv/source.js";
import { StoreError } from "./errors.js";
import { pieceDigestOf, type PieceDigest } from "./fingerprint.js";
import { assertTag, listKeyDirs, listPieces, partitionDir, pieceName, STORE_TABLES } from "./layout.js";
import { encodePiece } from "./parquet-codec.js";
import { PlainOutput } from "./parquet-plain.js";
import { copyRows, PieceBuffer, type SourceArray } from "./piece-buffer.js";
import { securityColumn, STORE_COLUMNS } from "./store-schema.js";

/** One piece file written to the store. */
export interface PieceInfo {
  table: TableKind;
  securityCode: string;
  /** Sydney trading date, YYYY-MM-DD. */
  date: string;
  /** Path relative to the store folder, POSIX separators: `<table>/security=<code>/date=<date>/part-<tag>-<n>.parquet`. */
  path: string;
  rows: number;
  /** Its size, hash and file times as written: a job's check need not read it (see PieceDigest). */
  digest?: PieceDigest;
}

/** A security code's first accepted row in a file (or byte range): its byte offset in the file (decompressed for `.gz`). */
export interface CodeOffset {
  securityCode: string;
  offset: number;
}

/** Options of {@link partitionFile}. */
export interface PartitionPieceOptions {
  /** An orders, trades or NBBO file, `.csv` or `.csv.gz`. */
  file: string;
  /** Read only this row-aligned byte range of an uncompressed file (see splitByteRanges). */
  range?: ByteRange;
  /** Force the table kind instead of detecting it from the header. */
  table?: TableKind;
  /** The store folder (created when missing). */
  storeDir: string;
  /**
   * Deterministic piece tag, 1–128 of [A-Za-z0-9._-], e.g. `${fileIndex}-${rangeIndex}`; a flush
   * counter is appended: `part-<tag>-<n>.parquet`. Tags should sort (digit runs by value) in input
   * order, files as `expandInputs` lists them, so that rows with equal (time, sequence) keep the same
   * order as `loadPartitions`. Concurrent calls must use different tags.
   */
  tag: string;
  /** Read chunk size in bytes (default 64 MiB). */
  chunkSize?: number;
  /** Rows per partition buffer before a piece is written (default 32,768). */
  flushRows?: number;
  /**
   * Rows buffered across all partitions before the largest buffer is written early (default
   * 8 × flushRows), which bounds memory when a file interleaves many partitions: about 140 bytes
   * a row, ≈ 37 MB per reader by default, whatever the input's size or number of partitions.
   */
  maxBufferedRows?: number;
  /** Receives every rejected row, in file order. */
  onReject?: (r: RowReject) => void;
  /** A code value outside its table: keep and count it (default) or reject the row (`unknown_code`). */
  unknownCodes?: UnknownCodePolicy;
  /** Called once per read chunk. */
  onProgress?: (p: ReadProgress) => void;
  /** Stops between batches with the signal's reason; pieces written so far stay (each is whole). */
  signal?: AbortSignal;
}

// The columns the reader stores (the others are validated only): every table's stored columns, as
// the table kind is known only once the header is read; names of other tables are ignored.
const KEPT_COLUMNS = [
  ...new Set(STORE_TABLES.flatMap((t) => [securityColumn(t), ...STORE_COLUMNS[t].map((c) => c.name)])),
];

/**
 * Default rows per partition buffer: with at most 8× that buffered in all (≈ 37 MB), a reader's
 * buffers stay the same size for a 200 MB and a 200 GB input.
 */
export const DEFAULT_FLUSH_ROWS = 32_768;

/**
 * Reads one file (or byte range) ONCE and writes each accepted row to its (security, date) piece in
 * the store; every piece is written atomically (writeFileAtomic), and its name depends only on the
 * tag and flush counter, so a rerun over the same input overwrites it byte for byte. Pieces of this
 * tag left in the touched partitions by an earlier run (e.g. with a smaller flushRows) are removed;
 * partitions this run does not touch are left alone, so clear an input's old pieces (or the store)
 * when the input itself changed. Self-contained (no shared state): safe to run concurrently, e.g.
 * in worker threads, for different tags.
 * Memory: about 140 bytes × min(flushRows × open partitions, maxBufferedRows). Returns the
 * FileReport (`rowsRead = accepted + rejected`), the pieces, sorted by path, and each security
 * code's first accepted row (`codes`, in the order met: where a run names a code). Errors: InputError
 * from openTable (`unreadable`, `empty_file`, `unknown_format`, `missing_column`,
 * `duplicate_column`, `range_on_gzip`) before any row; StoreError `bad_path_component` (tag) and
 * `bad_option`; the signal's reason when aborted; file system errors while writing.
 */
export async function partitionFile(
  o: PartitionPieceOptions,
): Promise<{ report: FileReport; pieces: PieceInfo[]; codes: CodeOffset[] }> {
  assertTag(o.tag);
  const flushRows = o.flushRows ?? DEFAULT_FLUSH_ROWS;
  const maxBuffered = o.maxBufferedRows ?? 8 * flushRows;
  if (!Number.isSafeInteger(flushRows) || flushRows < 1)
    throw new StoreError("bad_option", o.storeDir, `flushRows must be a positive integer, got ${flushRows}`);
  if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 1)
    throw new StoreError("bad_option", o.storeDir, `maxBufferedRows must be a positive integer, got ${maxBuffered}`);
  o.signal?.throwIfAborted();

  const reader = await openTable(o.file, {
    ...(o.table === undefined ? {} : { table: o.table }),
    reuseBatches: true,
    columns: KEPT_COLUMNS,
    ...(o.range === undefined ? {} : { range: o.range }),
    ...(o.chunkSize === undefined ? {} : { chunkSize: o.chunkSize }),
    ...(o.onReject === undefined ? {} : { onReject: o.onReject }),
    ...(o.unknownCodes === undefined ? {} : { unknownCodes: o.unknownCodes }),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
  });

  const table = reader.spec.kind;
  const secName = securityColumn(table);
  const stored = STORE_COLUMNS[table];
  // List order (first appearance in the file) makes every choice below deterministic.
  const list: PieceBuffer[] = [];
  const byKey = new Map<string, Map<string, PieceBuffer>>();
  const pieces: PieceInfo[] = [];
  const codes: CodeOffset[] = [];
  let buffered = 0;
  const output = new PlainOutput(); // one file buffer for every piece this reader writes
  const flush = (buf: PieceBuffer): void => {
    const rel = `${partitionDir(table, buf.securityCode, buf.date)}/${pieceName(o.tag, buf.flushed)}`;
    const path = join(o.storeDir, rel);
    const bytes = writeFileAtomicSync(path, encodePiece(table, buf.securityCode, buf.arrays, buf.length, output));
    const digest = pieceDigestOf(path, bytes);
    pieces.push({ table, securityCode: buf.securityCode, date: buf.date, path: rel, rows: buf.length, digest });
    buffered -= buf.length;
    buf.reset();
  };
  /** The buffer of (securityCode, date); `offset`: the byte offset of the row asking (a code's first is kept). */
  const bufferOf = (securityCode: string, date: string, offset: number): PieceBuffer => {
    let byDate = byKey.get(securityCode);
    if (byDate === undefined) {
      byKey.set(securityCode, (byDate = new Map<string, PieceBuffer>()));
      codes.push({ securityCode, offset });
    }
    let buf = byDate.get(date);
    if (buf === undefined) {
      partitionDir(table, securityCode, date); // asserts both are safe path components
      buf = new PieceBuffer(table, securityCode, date, flushRows, list.length);
      byDate.set(date, buf);
      list.push(buf);
    }
    return buf;
  };
  const largest = (): PieceBuffer => list.reduce((a, b) => (b.length > a.length ? b : a));

  let rowBuf = new Int32Array(0);
  let pos = new Int32Array(0);
  for await (const batch of reader) {
    o.signal?.throwIfAborted();
    if (rowBuf.length < batch.length) {
      rowBuf = new Int32Array(batch.length);
      pos = new Int32Array(batch.length);
    }
    const sec = batch.columns[secName] as string[];
    const src = stored.map((c) => batch.columns[c.name] as SourceArray);
    let lastSec: string | undefined;
    let lastDate: string | undefined;
    let buf: PieceBuffer | undefined;
    let from = 0; // rows before it are copied into their buffers
    for (let i = 0; i < batch.length; i++) {
      const s = sec[i] as string;
      const d = batch.tradingDate[i] as string;
      if (buf === undefined || s !== lastSec || d !== lastDate) {
        buf = bufferOf(s, d, batch.offset[i] as number);
        lastSec = s;
        lastDate = d;
      }
      rowBuf[i] = buf.id;
      pos[i] = buf.reserve();
      buffered++;
      const full = buf.length >= flushRows ? buf : buffered >= maxBuffered ? largest() : undefined;
      if (full !== undefined) {
        copyRows(src, list, rowBuf, pos, from, i + 1);
        from = i + 1;
        flush(full);
      }
    }
    if (from < batch.length) copyRows(src, list, rowBuf, pos, from, batch.length);
  }
  for (const b of list) if (b.length > 0) flush(b);
  await removeStalePieces(o.storeDir, o.tag, pieces);
  pieces.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { report: reader.report, pieces, codes };
}

/** Removes pieces of `tag` in the partitions just written that this run did not write. */
async function removeStalePieces(storeDir: string, tag: string, written: readonly PieceInfo[]): Promise<void> {
  const keep = new Set(written.map((p) => p.path));
  const dirs = new Set(written.map((p) => p.path.slice(0, p.path.lastIndexOf("/"))));
  for (const dir of dirs)
    for (const p of await listPieces(storeDir, dir))
      if (p.tag === tag && !keep.has(`${dir}/${p.name}`)) await rm(join(storeDir, dir, p.name), { force: true });
}

/**
 * Removes every piece written under one of `tags`, in every partition of the store (whatever the
 * run wrote or reported, e.g. a task that failed halfway), and the partition folders left empty.
 * Returns the paths removed (relative to the store, POSIX separators), sorted. Used to discard the
 * byte-range pieces of a file before it is partitioned again whole. Errors: file system errors.
 */
export async function removePiecesOfTags(storeDir: string, tags: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const table of STORE_TABLES) {
    for (const sec of await listKeyDirs(join(storeDir, table), "security")) {
      for (const date of await listKeyDirs(join(storeDir, table, `security=${sec}`), "date")) {
        const dir = `${table}/security=${sec}/date=${date}`;
        for (const p of await listPieces(storeDir, dir)) {
          if (!tags.has(p.tag)) continue;
          await rm(join(storeDir, dir, p.name), { force: true });
          removed.push(`${dir}/${p.name}`);
        }
        await removeIfEmpty(join(storeDir, dir));
      }
      await removeIfEmpty(join(storeDir, table, `security=${sec}`));
    }
  }
  return removed.sort();
}

async function removeIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST" && e.code !== "ENOENT") throw e;
  });
}
