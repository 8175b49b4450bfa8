import { type OrderEvents, type Partition, type QuoteSeries, type TradeLegs } from "../../model/partition.js";
import { nsSinceLocalMidnight } from "../../model/time.js";
import { StoreError } from "./errors.js";
import { partitionDigest, pieceDigestLine } from "./fingerprint.js";
import { assertDate, assertSecurityCode } from "./layout.js";
import type { PieceColumns } from "./parquet-codec.js";
import { readTableRows, type TableRows } from "./piece-reader.js";
import type { StoredArray } from "./store-schema.js";
import { LITTLE_ENDIAN } from "../../model/endian.js";

type Target = BigUint64Array | BigInt64Array | Float64Array | Uint8Array | Uint16Array | Int32Array;

/**
 * Reads all pieces of one (security, date) partition back into a {@link Partition}: rows sorted by
 * (tNs, sequence) with ties in read order (tag, flush counter, row), exactly as `loadPartitions`
 * orders them when the tags follow the input order; `tNs = nsSinceLocalMidnight(tsNs)`. `quotes`
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
  const orderEvents = toOrders(orders);
  const trades = await readTableRows(storeDir, "trades", securityCode, date, onPiece);
  const tradeLegs = toTrades(trades);
  const nbbo = await readTableRows(storeDir, "nbbo", securityCode, date, onPiece);
  if (orders.pieces + trades.pieces + nbbo.pieces === 0)
    throw new StoreError(
      "missing_partition",
      storeDir,
      `holds no piece of ${securityCode} ${date}; partition its inputs first or pick a listed partition`,
    );
  const partition: Partition = { securityCode, date, decimals, orders: orderEvents, trades: tradeLegs };
  if (nbbo.pieces > 0) partition.quotes = toQuotes(nbbo);
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

/** The row order by (t, s, read position); undefined when the rows are already in it. */
function sortOrder(t: Float64Array, s: Float64Array): Uint32Array | undefined {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) {
    const a = t[i - 1] as number;
    const b = t[i] as number;
    sorted = a < b || (a === b && (s[i - 1] as number) <= (s[i] as number));
  }
  if (sorted) return undefined;
  const order = new Uint32Array(t.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (t[a] as number) - (t[b] as number) || (s[a] as number) - (s[b] as number) || a - b);
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

function toOrders(rows: TableRows): OrderEvents {
  const c = rows.columns;
  const ts = get<BigInt64Array>(c, "timestamp");
  const tNs = localTimes(ts);
  const seq = get<Float64Array>(c, "sequence");
  const order = sortOrder(tNs, seq);
  return {
    length: rows.rows,
    orderId: take(c, "order_id", order, BigUint64Array),
    tsNs: take(c, "timestamp", order, BigInt64Array),
    tNs: arrange(tNs, order, Float64Array),
    sequence: take(c, "sequence", order, Float64Array),
    priceTicks: take(c, "price", order, Float64Array),
    side: take(c, "side", order, Uint8Array),
    changeReason: take(c, "changereason", order, Uint8Array),
    orderStatus: take(c, "orderstatus", order, Uint8Array),
    orderType: take(c, "ordertype", order, Uint8Array),
    exchangeOrderType: take(c, "exchangeordertype", order, Uint16Array),
    qty: take(c, "quantity", order, Float64Array),
    leavesQty: take(c, "leavesquantity", order, Float64Array),
    matchedQty: take(c, "totalmatchedquantity", order, Float64Array),
    minQty: take(c, "minimumquantity", order, Float64Array),
    singleFillMinQty: take(c, "singlefillminimumquantity", order, Float64Array),
    nationalBidTicks: take(c, "national_bid", order, Float64Array),
    nationalOfferTicks: take(c, "national_offer", order, Float64Array),
    participantId: take(c, "participantid", order, Int32Array),
  };
}

function toTrades(rows: TableRows): TradeLegs {
  const c = rows.columns;
  const ts = get<BigInt64Array>(c, "tradetime");
  const tNs = localTimes(ts);
  const order = sortOrder(tNs, get<Float64Array>(c, "sequence"));
  return {
    length: rows.rows,
    orderId: take(c, "orderid", order, BigUint64Array),
    matchGroupId: take(c, "matchgroupid", order, BigUint64Array),
    tsNs: take(c, "tradetime", order, BigInt64Array),
    tNs: arrange(tNs, order, Float64Array),
    sequence: take(c, "sequence", order, Float64Array),
    priceTicks: take(c, "tradeprice", order, Float64Array),
    qty: take(c, "quantity", order, Float64Array),
    side: take(c, "side", order, Uint8Array),
    dealSource: take(c, "dealsource", order, Uint8Array),
    participantId: take(c, "participantid", order, Int32Array),
    passiveAggressive: take(c, "passiveaggressive", order, Uint8Array),
    nationalBidTicks: take(c, "nationalbidpricesnapshot", order, Float64Array),
    nationalOfferTicks: take(c, "nationalofferpricesnapshot", order, Float64Array),
  };
}

function toQuotes(rows: TableRows): QuoteSeries {
  const c = rows.columns;
  const tNs = localTimes(get<BigInt64Array>(c, "timestamp"));
  const order = sortOrder(tNs, get<Float64Array>(c, "sequence"));
  return {
    length: rows.rows,
    tNs: arrange(tNs, order, Float64Array),
    bidTicks: take(c, "bidprice", order, Float64Array),
    offerTicks: take(c, "offerprice", order, Float64Array),
  };
}
