import {
  allocOrderEvents,
  allocQuoteSeries,
  allocTradeLegs,
  type OrderEvents,
  type Partition,
  type QuoteSeries,
  type TradeLegs,
} from "../../model/partition.js";
import { nsSinceLocalMidnight } from "../../model/time.js";
import { StoreError } from "./errors.js";
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
  assertSecurityCode(securityCode);
  assertDate(date);
  const [orders, trades, nbbo] = await Promise.all([
    readTableRows(storeDir, "orders", securityCode, date),
    readTableRows(storeDir, "trades", securityCode, date),
    readTableRows(storeDir, "nbbo", securityCode, date),
  ]);
  if (orders.pieces + trades.pieces + nbbo.pieces === 0)
    throw new StoreError(
      "missing_partition",
      storeDir,
      `holds no piece of ${securityCode} ${date}; partition its inputs first or pick a listed partition`,
    );
  const p: Partition = { securityCode, date, decimals, orders: toOrders(orders), trades: toTrades(trades) };
  if (nbbo.pieces > 0) p.quotes = toQuotes(nbbo);
  return p;
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

/** dst[r] = src[order[r]] (or a plain copy), converting like an indexed assignment. */
function gather(dst: Target, src: Target, order: Uint32Array | undefined): void {
  if (order === undefined) {
    (dst as Uint8Array).set(src as Uint8Array);
    return;
  }
  const d = dst as unknown as Record<number, unknown>;
  const s = src as unknown as Record<number, unknown>;
  for (let r = 0; r < order.length; r++) d[r] = s[order[r] as number];
}

function toOrders(rows: TableRows): OrderEvents {
  const c = rows.columns;
  const ts = get<BigInt64Array>(c, "timestamp");
  const tNs = localTimes(ts);
  const seq = get<Float64Array>(c, "sequence");
  const order = sortOrder(tNs, seq);
  const o = allocOrderEvents(rows.rows);
  const pairs: [Target, string | Target][] = [
    [o.orderId, "order_id"],
    [o.tsNs, ts],
    [o.tNs, tNs],
    [o.sequence, seq],
    [o.priceTicks, "price"],
    [o.side, "side"],
    [o.changeReason, "changereason"],
    [o.orderStatus, "orderstatus"],
    [o.orderType, "ordertype"],
    [o.exchangeOrderType, "exchangeordertype"],
    [o.qty, "quantity"],
    [o.leavesQty, "leavesquantity"],
    [o.matchedQty, "totalmatchedquantity"],
    [o.minQty, "minimumquantity"],
    [o.singleFillMinQty, "singlefillminimumquantity"],
    [o.nationalBidTicks, "national_bid"],
    [o.nationalOfferTicks, "national_offer"],
    [o.participantId, "participantid"],
  ];
  for (const [dst, src] of pairs) gather(dst, typeof src === "string" ? get(c, src) : src, order);
  return o;
}

function toTrades(rows: TableRows): TradeLegs {
  const c = rows.columns;
  const ts = get<BigInt64Array>(c, "tradetime");
  const tNs = localTimes(ts);
  const seq = get<Float64Array>(c, "sequence");
  const order = sortOrder(tNs, seq);
  const l = allocTradeLegs(rows.rows);
  const pairs: [Target, string | Target][] = [
    [l.orderId, "orderid"],
    [l.matchGroupId, "matchgroupid"],
    [l.tsNs, ts],
    [l.tNs, tNs],
    [l.sequence, seq],
    [l.priceTicks, "tradeprice"],
    [l.qty, "quantity"],
    [l.side, "side"],
    [l.dealSource, "dealsource"],
    [l.participantId, "participantid"],
    [l.passiveAggressive, "passiveaggressive"],
    [l.nationalBidTicks, "nationalbidpricesnapshot"],
    [l.nationalOfferTicks, "nationalofferpricesnapshot"],
  ];
  for (const [dst, src] of pairs) gather(dst, typeof src === "string" ? get(c, src) : src, order);
  return l;
}

function toQuotes(rows: TableRows): QuoteSeries {
  const c = rows.columns;
  const tNs = localTimes(get<BigInt64Array>(c, "timestamp"));
  const order = sortOrder(tNs, get<Float64Array>(c, "sequence"));
  const q = allocQuoteSeries(rows.rows);
  gather(q.tNs, tNs, order);
  gather(q.bidTicks, get(c, "bidprice"), order);
  gather(q.offerTicks, get(c, "offerprice"), order);
  return q;
}
