import { closeSync, fstatSync, openSync } from "node:fs";
import { join } from "node:path";
import type { TableKind } from "../../model/schemas.js";
import { repartitionHint, StoreError } from "./errors.js";
import { listPieces, partitionDir } from "./layout.js";
import { DecodeScratch, decodePieceInto, type PieceColumns } from "./parquet-codec.js";
import { parquetRows } from "./parquet-foreign.js";
import { parquetFooterRows } from "./parquet-plain-read.js";
import { readAtSync } from "./read-at.js";
import { allocRead, STORE_COLUMNS } from "./store-schema.js";

/** One table of one partition read back: its stored columns concatenated in piece order. */
export interface TableRows {
  rows: number;
  pieces: number;
  columns: PieceColumns;
}

/** How many of a file's last bytes are read for its footer at first (most footers fit). */
const TAIL_BYTES = 16 * 1024;

/**
 * Most rows a piece may claim per byte of file. Columns are allocated from the footers' counts
 * before any page is read, so a damaged count must not ask for gigabytes: order data (unique ids and
 * times) takes far more than 1/8 bit a row, whatever a writer's encoding.
 */
const MAX_ROWS_PER_BYTE = 64;

/**
 * A piece's row count from its footer only (no data page is read), parsed by our Thrift reader;
 * parquet-wasm is asked only when that fails. Errors: StoreError `corrupt_piece` (no readable
 * footer, or a count that is negative, not an integer or beyond MAX_ROWS_PER_BYTE × its size);
 * file system errors.
 */
export async function pieceRows(path: string): Promise<number> {
  const fd = openSync(path, "r");
  try {
    return await openPieceRows(fd, fstatSync(fd).size, path);
  } finally {
    closeSync(fd);
  }
}

/** {@link pieceRows} of a piece already open (`size`: its size in bytes); the file stays open. */
async function openPieceRows(fd: number, size: number, path: string): Promise<number> {
  const length = Math.min(size, TAIL_BYTES);
  let tail = readAtSync(fd, new Uint8Array(length), length, size - length);
  const footer =
    tail.length >= 8 ? new DataView(tail.buffer, tail.byteOffset + tail.length - 8, 4).getUint32(0, true) : 0;
  if (footer + 8 > tail.length && footer + 8 <= size)
    tail = readAtSync(fd, new Uint8Array(footer + 8), footer + 8, size - footer - 8);
  const rows = parquetFooterRows(tail, size) ?? (await parquetRows(path)); // reports an unreadable footer as corrupt_piece
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_ROWS_PER_BYTE * size)
    throw new StoreError(
      "corrupt_piece",
      path,
      `has a footer counting ${rows} rows in ${size} bytes (damaged?); ${repartitionHint(path)}`,
    );
  return rows;
}

/**
 * Most pieces of one table kept open between counting their rows and reading them (each piece is
 * opened once; the rest, in a partition of very many pieces, are opened again to be read).
 */
const KEEP_OPEN = 32;

/**
 * Reads every piece of one table of one partition, in read order (tag in natural order, then flush
 * counter) and concatenates their stored columns. Zero rows when the table has no piece.
 * `onPiece` sees each piece's path relative to the store and its bytes, in read order (the job's
 * input fingerprint is hashed from them, so the pieces are read once); the bytes are only valid
 * during the call.
 *
 * Memory is bounded by design: the row counts come from the pieces' footers first, so the columns
 * are allocated once at their final size, and each piece is read into one reused buffer and
 * decoded straight into them. Beside the result, a table holds one piece's bytes. (Decoding whole
 * pieces and concatenating them held three copies of the partition and set a job's peak memory.)
 * Errors: StoreError `bad_path_component`, `corrupt_piece` (also when a piece's rows differ from
 * its footer's count); file system errors.
 */
export async function readTableRows(
  storeDir: string,
  table: TableKind,
  securityCode: string,
  date: string,
  onPiece?: (relPath: string, bytes: Uint8Array) => void,
): Promise<TableRows> {
  const dir = partitionDir(table, securityCode, date);
  const names = await listPieces(storeDir, dir);
  // The first KEEP_OPEN pieces stay open from their count to their read: one open, one stat each.
  // File calls are synchronous (see read-at.ts).
  const kept: ({ fd: number; size: number } | undefined)[] = [];
  try {
    const counts: number[] = [];
    for (const [i, p] of names.entries()) {
      const path = join(storeDir, dir, p.name);
      if (i >= KEEP_OPEN) {
        counts.push(await pieceRows(path));
        continue;
      }
      const piece = { fd: openSync(path, "r"), size: 0 };
      kept.push(piece);
      piece.size = fstatSync(piece.fd).size;
      counts.push(await openPieceRows(piece.fd, piece.size, path));
    }
    const rows = counts.reduce((n, c) => n + c, 0);
    const columns: PieceColumns = new Map(STORE_COLUMNS[table].map((c) => [c.name, allocRead(c.kind, rows)]));
    const scratch = new DecodeScratch();
    let buf = new Uint8Array(0);
    let at = 0;
    for (const [i, p] of names.entries()) {
      const path = join(storeDir, dir, p.name);
      const piece = kept[i];
      const fd = piece?.fd ?? openSync(path, "r");
      let bytes: Uint8Array;
      try {
        const size = piece?.size ?? fstatSync(fd).size;
        if (buf.length < size) buf = new Uint8Array(Math.max(size, 2 * buf.length));
        bytes = readAtSync(fd, buf, size, 0);
      } finally {
        kept[i] = undefined;
        closeSync(fd);
      }
      onPiece?.(`${dir}/${p.name}`, bytes);
      const n = counts[i] as number;
      await decodePieceInto(table, bytes, path, columns, at, n, scratch);
      at += n;
    }
    return { rows, pieces: names.length, columns };
  } finally {
    for (const piece of kept) if (piece !== undefined) closeSync(piece.fd);
  }
}
