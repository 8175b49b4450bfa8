/**
 * The input of one analysis job: every row of one (security, Sydney trading date) partition, in
 * typed columns (plain, structured-cloneable). Times inside a partition are `tNs`: nanoseconds since
 * Sydney local midnight of the partition's date, a JS number that is exact (< 8.64e13 < 2^53);
 * the exact UTC `tsNs` bigint is kept beside it for output. Rows are sorted by (tNs, sequence).
 */

/** Order event rows of one partition, sorted by (tNs, sequence). */
export interface OrderEvents {
  length: number;
  orderId: BigUint64Array;
  /** Exact UTC timestamp, ns since the epoch. */
  tsNs: BigInt64Array;
  /** ns since Sydney local midnight of the partition date. */
  tNs: Float64Array;
  sequence: Float64Array;
  /** Limit price in integer ticks (0 for market orders). */
  priceTicks: Float64Array;
  /** 1 buy, 2 sell. */
  side: Uint8Array;
  changeReason: Uint8Array;
  orderStatus: Uint8Array;
  /** 1 limit, 2 market, 3 market-to-limit. */
  orderType: Uint8Array;
  exchangeOrderType: Uint16Array;
  qty: Float64Array;
  leavesQty: Float64Array;
  /** totalmatchedquantity: cumulative filled quantity of the order after this event. */
  matchedQty: Float64Array;
  minQty: Float64Array;
  singleFillMinQty: Float64Array;
  /** National best bid/offer snapshot on the row, ticks (0 = none). */
  nationalBidTicks: Float64Array;
  nationalOfferTicks: Float64Array;
  participantId: Int32Array;
}

/** Trade legs of one partition, sorted by (tNs, sequence). Two legs per match share `matchGroupId`. */
export interface TradeLegs {
  length: number;
  orderId: BigUint64Array;
  matchGroupId: BigUint64Array;
  tsNs: BigInt64Array;
  tNs: Float64Array;
  sequence: Float64Array;
  priceTicks: Float64Array;
  qty: Float64Array;
  side: Uint8Array;
  dealSource: Uint8Array;
  participantId: Int32Array;
  /** 0 passive, 1 aggressive. */
  passiveAggressive: Uint8Array;
  nationalBidTicks: Float64Array;
  nationalOfferTicks: Float64Array;
}

/** National best bid/offer quotes, sorted by tNs (ties keep file order). */
export interface QuoteSeries {
  length: number;
  tNs: Float64Array;
  bidTicks: Float64Array;
  offerTicks: Float64Array;
}

/** One (security, date) partition: the unit of work of a job. */
export interface Partition {
  securityCode: string;
  /** Sydney trading date, YYYY-MM-DD. */
  date: string;
  /** Implied price decimals (ob.csv DecimalsInPrice): ticks / 10^decimals = AUD. */
  decimals: number;
  orders: OrderEvents;
  trades: TradeLegs;
  /** NBBO file quotes when given; otherwise the analysis uses the row snapshots. */
  quotes?: QuoteSeries;
}

/** Allocates empty order columns for `n` rows. */
export function allocOrderEvents(n: number): OrderEvents {
  return {
    length: n,
    orderId: new BigUint64Array(n),
    tsNs: new BigInt64Array(n),
    tNs: new Float64Array(n),
    sequence: new Float64Array(n),
    priceTicks: new Float64Array(n),
    side: new Uint8Array(n),
    changeReason: new Uint8Array(n),
    orderStatus: new Uint8Array(n),
    orderType: new Uint8Array(n),
    exchangeOrderType: new Uint16Array(n),
    qty: new Float64Array(n),
    leavesQty: new Float64Array(n),
    matchedQty: new Float64Array(n),
    minQty: new Float64Array(n),
    singleFillMinQty: new Float64Array(n),
    nationalBidTicks: new Float64Array(n),
    nationalOfferTicks: new Float64Array(n),
    participantId: new Int32Array(n),
  };
}

/** Allocates empty trade columns for `n` legs. */
export function allocTradeLegs(n: number): TradeLegs {
  return {
    length: n,
    orderId: new BigUint64Array(n),
    matchGroupId: new BigUint64Array(n),
    tsNs: new BigInt64Array(n),
    tNs: new Float64Array(n),
    sequence: new Float64Array(n),
    priceTicks: new Float64Array(n),
    qty: new Float64Array(n),
    side: new Uint8Array(n),
    dealSource: new Uint8Array(n),
    participantId: new Int32Array(n),
    passiveAggressive: new Uint8Array(n),
    nationalBidTicks: new Float64Array(n),
    nationalOfferTicks: new Float64Array(n),
  };
}

/** Allocates empty quote columns for `n` quotes. */
export function allocQuoteSeries(n: number): QuoteSeries {
  return { length: n, tNs: new Float64Array(n), bidTicks: new Float64Array(n), offerTicks: new Float64Array(n) };
}
