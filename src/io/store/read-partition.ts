import type { OrderEvents, Partition, TradeLegs } from "../../model/partition.js";
import {
  compareTied,
  PARTITION_ARRAYS,
  type IntColumn,
  partitionColumnsOf,
  type PartitionArray,
  type PartitionColumnsOf,
  type TableDef,
  tieColumnsOf,
} from "../../model/table-spec.js";
import { NBBO_TABLE } from "../../model/tables/nbbo.js";
import { ORDER_TABLE } from "../../model/tables/orders.js";
import { TRADE_TABLE } from "../../model/tables/trades.js";
import { nsSinceLocalMidnight } from "../../model/time.js";
import { StoreError } from "./errors.js";
import { partitionDigest, pieceDigestLine } from "./fingerprint.js";
import { assertDate, assertSecurityCode } from "./layout.js";
import type { PieceColumns } from "./parquet-codec.js";
import { readTableRows, type TableRows } from "./piece-reader.js";
import type { StoredArray } from "./store-schema.js";
import { LITTLE_ENDIAN } from "../../model/endian.js";

type Target = PartitionArray;

/**
 * Reads all pieces of one (security, date) partition back into a {@link Partition}: rows sorted by
 * (tNs, sequence), rows tied on both by their other stored values ({@link tieColumnsOf}), exactly
 * as `loadPartitions` orders them: the order depends on the rows alone, not on the input files, their
 * names or byte ranges; `tNs = nsSinceLocalMidnight(tsNs)`. `quotes`
 * is set only when NBBO pieces exist. `decimals` is the security's DecimalsInPrice (the store does
 * not keep reference data). Errors: StoreError `bad_path_component`, `missing_partition` (no piece
 * of any table), `corrupt_piece`; file system errors.
 */
export async function readPartition(
  storeDir: string,
  securityCode: string,
  date: string,
  decimals: number,
): Promise<Partition> {
  return (await read(storeDir, securityCode, date, decimals)).partition;
}

/**
 * {@link readPartition} and, hashed from the same bytes, the partition's input fingerprint (equal to
 * `fingerprintPartition`): a job reads its pieces once. Errors as readPartition.
 */
export async function readPartitionWithFingerprint(
  storeDir: string,
  securityCode: string,
  date: string,
  decimals: number,
): Promise<{ partition: Partition; fingerprint: string }> {
  const lines: string[] = [];
  const { partition } = await read(storeDir, securityCode, date, decimals, (rel, bytes) =>
    lines.push(pieceDigestLine(rel, bytes)),
  );
  return { partition, fingerprint: partitionDigest(lines) };
}

async function read(
  storeDir: string,
  securityCode: string,
  date: string,
  decimals: number,
  onPiece?: (relPath: string, bytes: Uint8Array) => void,
): Promise<{ partition: Partition }> {
  assertSecurityCode(securityCode);
  assertDate(date);
  // One table after the other, in store order (the fingerprint's order), converting each before
  // the next is read: the job's peak memory is its partition plus one table being converted.
  const orders = await readTableRows(storeDir, "orders", securityCode, date, onPiece);
  const orderEvents: OrderEvents = toPartitionColumns(ORDER_TABLE, orders);
  const trades = await readTableRows(storeDir, "trades", securityCode, date, onPiece);
  const tradeLegs: TradeLegs = toPartitionColumns(TRADE_TABLE, trades);
  const nbbo = await readTableRows(storeDir, "nbbo", securityCode, date, onPiece);
  if (orders.pieces + trades.pieces + nbbo.pieces === 0)
    throw new StoreError(
      "missing_partition",
      storeDir,
      `holds no piece of ${securityCode} ${date}; partition its inputs first or pick a listed partition`,
    );
  const partition: Partition = { securityCode, date, decimals, orders: orderEvents, trades: tradeLegs };
  if (nbbo.pieces > 0) partition.quotes = toPartitionColumns(NBBO_TABLE, nbbo);
  return { partition };
}

function get<T extends StoredArray>(cols: PieceColumns, name: string): T {
  return cols.get(name) as T;
}

const NS_PER_HOUR = 3_600_000_000_000;
const TWO_32 = 4_294_967_296;

/**
 * ns since Sydney midnight of each exact UTC timestamp: `nsSinceLocalMidnight` per row, computed
 * without a `BigInt` per row. Sydney's offset is whole hours and changes on UTC hour boundaries, so
 * local midnight falls on a UTC hour boundary and, inside one UTC hour, the local time is the
 * hour's local start plus the ns into the hour. Each row's distance from the first row's UTC hour is
 * read exactly from the two 32-bit halves (it stays far below 2^53), and `nsSinceLocalMidnight` is
 * asked once per distinct hour. Rows more than ~10 days away (not seen in a real partition) take
 * the per-row BigInt path. Returns one value per row, ns (< 86,400 × 10^9).
 */
export function localTimes(ts: BigInt64Array): Float64Array {
  const n = ts.length;
  const t = new Float64Array(n);
  if (n === 0) return t;
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) t[i] = nsSinceLocalMidnight(ts[i] as bigint);
    return t;
  }
  const first = ts[0] as bigint;
  const hourNs = BigInt(NS_PER_HOUR);
  let into = first % hourNs;
  if (into < 0n) into += hourNs;
  const base = first - into; // the first row's UTC hour start
  const baseHi = Number(BigInt.asIntN(32, base >> 32n));
  const baseLo = Number(BigInt.asUintN(32, base));
  const words = new Int32Array(ts.buffer, ts.byteOffset, 2 * n);
  const SPAN = 256; // hours either side of the base with a cached local start
  const hourStart = new Float64Array(2 * SPAN).fill(-1);
  for (let i = 0; i < n; i++) {
    const dHi = (words[2 * i + 1] as number) - baseHi;
    if (dHi > 1 << 20 || dHi < -(1 << 20)) {
      t[i] = nsSinceLocalMidnight(ts[i] as bigint); // ≥ ~52 days away: the general path
      continue;
    }
    const d = dHi * TWO_32 + ((words[2 * i] as number) >>> 0) - baseLo; // exact: |d| < 2^53
    let h = Math.floor(d / NS_PER_HOUR);
    let w = d - h * NS_PER_HOUR;
    if (w < 0) {
      h--;
      w += NS_PER_HOUR;
    } else if (w >= NS_PER_HOUR) {
      h++;
      w -= NS_PER_HOUR;
    }
    if (h < -SPAN || h >= SPAN) {
      t[i] = nsSinceLocalMidnight(ts[i] as bigint);
      continue;
    }
    let start = hourStart[h + SPAN] as number;
    if (start < 0) {
      start = nsSinceLocalMidnight(base + BigInt(h) * hourNs);
      hourStart[h + SPAN] = start;
    }
    t[i] = start + w;
  }
  return t;
}

/** The constructor of a stored int column's array as read: `Int32Array`, or `Float64Array` when widened. */
function storedType(a: StoredArray): new (n: number) => IntColumn {
  return a instanceof Int32Array ? Int32Array : Float64Array;
}

/**
 * The row order by (t, s, then the tie columns' values: {@link compareTied}); undefined when the
 * rows are already in it. Rows equal in all of these are the same row for the analysis; they keep
 * read order, which then changes nothing.
 */
function sortOrder(t: Float64Array, s: IntColumn, ties: readonly StoredArray[]): Uint32Array | undefined {
  const tied = (a: number, b: number): number =>
    compareTied(ties.length, (c, row) => (ties[c] as StoredArray)[row === 0 ? a : b]);
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) {
    const a = t[i - 1] as number;
    const b = t[i] as number;
    const sa = s[i - 1] as number;
    const sb = s[i] as number;
    sorted = a < b || (a === b && (sa < sb || (sa === sb && tied(i - 1, i) <= 0)));
  }
  if (sorted) return undefined;
  const order = new Uint32Array(t.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort(
    (a, b) => (t[a] as number) - (t[b] as number) || (s[a] as number) - (s[b] as number) || tied(a, b) || a - b,
  );
}

/**
 * A column in row order `order`, as an array of type `Type`: the stored array itself when it has
 * that type and the rows are already sorted (no copy), otherwise a converted or gathered copy.
 */
function arrange<T extends Target>(src: Target, order: Uint32Array | undefined, Type: new (n: number) => T): T {
  if (order === undefined && src instanceof Type) return src;
  const out = new Type(src.length);
  if (order === undefined) {
    (out as unknown as Uint8Array).set(src as Uint8Array); // numeric conversion, like an assignment
    return out;
  }
  const d = out as unknown as Record<number, unknown>;
  const s = src as unknown as Record<number, unknown>;
  for (let r = 0; r < order.length; r++) d[r] = s[order[r] as number];
  return out;
}

/** Takes a stored column out of `cols` (so a gathered copy does not keep its source alive) in row order. */
function take<T extends Target>(
  cols: PieceColumns,
  name: string,
  order: Uint32Array | undefined,
  Type: new (n: number) => T,
): T {
  const src = get(cols, name);
  cols.delete(name);
  return arrange(src, order, Type);
}

/**
 * A table's partition columns from its stored columns, rows sorted by (tNs, sequence, then the
 * other stored values: {@link tieColumnsOf}): every column
 * the table declares with a `partition` array (model/tables/), taken out of `rows` one by one.
 */
export function toPartitionColumns<T extends TableDef>(
  def: T,
  rows: TableRows,
): PartitionColumnsOf<T> & { length: number; tNs: Float64Array } {
  const c = rows.columns;
  const tNs = localTimes(get<BigInt64Array>(c, def.timeColumn));
  const ties = tieColumnsOf(def).map((name) => get(c, name));
  const order = sortOrder(tNs, get<IntColumn>(c, def.sequenceColumn), ties);
  const out: Record<string, unknown> = { length: rows.rows, tNs: arrange(tNs, order, Float64Array) };
  for (const p of partitionColumnsOf(def)) {
    // An IntColumn keeps the width the reader gave it: Int32Array when every value fits.
    const Type = p.array === "IntColumn" ? storedType(get(c, p.name)) : PARTITION_ARRAYS[p.array];
    out[p.field] = take<PartitionArray>(c, p.name, order, Type);
  }
  return out as PartitionColumnsOf<T> & { length: number; tNs: Float64Array };
}
