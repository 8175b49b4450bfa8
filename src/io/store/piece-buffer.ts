import type { TableKind } from "../../model/schemas.js";
import { allocStored, STORE_COLUMNS, type StoredArray, type StoredColumn } from "./store-schema.js";

const INITIAL_CAPACITY = 1024;

/** A batch column as the reader yields it: exact bigint arrays for ids and times, numbers otherwise. */
export type SourceArray = BigUint64Array | BigInt64Array | Float64Array;

/**
 * The rows of one (security, date) partition of one table waiting to be written: growable typed
 * columns (doubling up to `maxRows`). Rows are reserved one by one, then their values copied out
 * of the reused reader batch column by column (see copyRows).
 */
export class PieceBuffer {
  readonly columns: readonly StoredColumn[];
  /** The buffer's index in its partitioner's list (rows refer to their buffer by it). */
  readonly id: number;
  arrays: StoredArray[];
  length = 0;
  /** Pieces written so far: the flush counter of the next piece's name. */
  flushed = 0;
  private capacity: number;

  constructor(
    readonly table: TableKind,
    readonly securityCode: string,
    readonly date: string,
    private readonly maxRows: number,
    id: number,
  ) {
    this.id = id;
    this.columns = STORE_COLUMNS[table];
    this.capacity = Math.min(INITIAL_CAPACITY, maxRows);
    this.arrays = this.columns.map((c) => allocStored(c.kind, this.capacity));
  }

  /** Reserves the next row and returns its position (growing the arrays when full). */
  reserve(): number {
    if (this.length === this.capacity) this.grow();
    return this.length++;
  }

  /** Empties the buffer after a flush and lets its arrays shrink back, so idle partitions stay small. */
  reset(): void {
    this.length = 0;
    this.flushed++;
    if (this.capacity > INITIAL_CAPACITY) {
      this.capacity = Math.min(INITIAL_CAPACITY, this.maxRows);
      this.arrays = this.columns.map((c) => allocStored(c.kind, this.capacity));
    }
  }

  private grow(): void {
    const next = Math.min(Math.max(1, this.capacity * 2), Math.max(this.maxRows, this.capacity + 1));
    this.arrays = this.arrays.map((a, c) => {
      const b = allocStored((this.columns[c] as StoredColumn).kind, next);
      (b as Uint8Array).set(a as Uint8Array);
      return b;
    });
    this.capacity = next;
  }
}

/**
 * Copies rows `from` ≤ r < `to` of a reader batch into the buffers they were reserved in
 * (`rowBuf[r]` = buffer id, `pos[r]` = reserved position). Column by column, one loop per stored
 * kind, so every loop sees one array type (a row-by-row copy over mixed arrays was 5× slower).
 */
export function copyRows(
  src: readonly SourceArray[],
  buffers: readonly PieceBuffer[],
  rowBuf: Int32Array,
  pos: Int32Array,
  from: number,
  to: number,
): void {
  const columns = (buffers[0] as PieceBuffer).columns;
  for (let c = 0; c < columns.length; c++) {
    const s = src[c] as SourceArray;
    switch ((columns[c] as StoredColumn).kind) {
      case "u64":
        copyU64(c, s as BigUint64Array, buffers, rowBuf, pos, from, to);
        break;
      case "ns":
        copyNs(c, s as BigInt64Array, buffers, rowBuf, pos, from, to);
        break;
      case "int":
        copyInt(c, s as Float64Array, buffers, rowBuf, pos, from, to);
        break;
      case "code":
        copyCode(c, s as Float64Array, buffers, rowBuf, pos, from, to);
        break;
      case "mask":
        copyMask(c, s as Float64Array, buffers, rowBuf, pos, from, to);
        break;
    }
  }
}

type Copy<S> = (
  c: number,
  s: S,
  buffers: readonly PieceBuffer[],
  rowBuf: Int32Array,
  pos: Int32Array,
  from: number,
  to: number,
) => void;

// Five copies of one loop on purpose: each must stay monomorphic for the JIT.
const copyU64: Copy<BigUint64Array> = (c, s, buffers, rowBuf, pos, from, to) => {
  for (let r = from; r < to; r++)
    ((buffers[rowBuf[r] as number] as PieceBuffer).arrays[c] as BigUint64Array)[pos[r] as number] = s[r] as bigint;
};
const copyNs: Copy<BigInt64Array> = (c, s, buffers, rowBuf, pos, from, to) => {
  for (let r = from; r < to; r++)
    ((buffers[rowBuf[r] as number] as PieceBuffer).arrays[c] as BigInt64Array)[pos[r] as number] = s[r] as bigint;
};
const copyInt: Copy<Float64Array> = (c, s, buffers, rowBuf, pos, from, to) => {
  for (let r = from; r < to; r++)
    ((buffers[rowBuf[r] as number] as PieceBuffer).arrays[c] as Float64Array)[pos[r] as number] = s[r] as number;
};
const copyCode: Copy<Float64Array> = (c, s, buffers, rowBuf, pos, from, to) => {
  for (let r = from; r < to; r++)
    ((buffers[rowBuf[r] as number] as PieceBuffer).arrays[c] as Uint8Array)[pos[r] as number] = s[r] as number;
};
const copyMask: Copy<Float64Array> = (c, s, buffers, rowBuf, pos, from, to) => {
  for (let r = from; r < to; r++)
    ((buffers[rowBuf[r] as number] as PieceBuffer).arrays[c] as Int32Array)[pos[r] as number] = s[r] as number;
};
