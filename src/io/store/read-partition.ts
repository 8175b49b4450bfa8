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

/** ns since Sydney midnight of each exact UTC timestamp. */
function localTimes(ts: BigInt64Array): Float64Array {
  const t = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) t[i] = nsSinceLocalMidnight(ts[i] as bigint);
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
