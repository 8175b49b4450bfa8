/**
 * The mutable state of one simulated order and the values of its order rows and trade legs (by
 * header name; row-text.ts writes them in the declared column order).
 * Prices are integer price units (0 = market order, no limit); quantities are shares.
 */
import { CHANGE_REASON } from "../model/codes.js";
import type { OrderValues, TradeValues } from "./row-text.js";

/** One order alive in a simulated (security, date) partition. */
export interface SimOrder {
  /** Exact decimal text of the unsigned 64-bit order id. */
  idStr: string;
  side: 1 | 2;
  /** Limit price in price units; 0 for a market order (`ordertype` 2). */
  price: number;
  /** Current order quantity (changes only on amend). */
  qty: number;
  /** Open quantity; leaves + matched = qty always. */
  leaves: number;
  /** Total matched quantity so far. */
  matched: number;
  /** 1 limit, 2 market, 3 market-to-limit (a few lit orders, with a limit). */
  ordertype: 1 | 2 | 3;
  /** exchangeordertype bit mask (0, 2, 64, 256, 2048, 4096, 4098). */
  eot: number;
  participant: number;
  /** minimumquantity (shares; 0 = none). */
  minQty: number;
  /** singlefillminimumquantity (shares; 0 = none). */
  sfMinQty: number;
  /** crossingkey (0 = none). */
  crossingKey: number;
  /** Centre Point order (any of 64|256|2048|4096). */
  cp: boolean;
  /** For a resting sweep remainder: ns since the open when it is user-cancelled; −1 otherwise. */
  cancelAt: number;
  /** Index in the partition's list of live lit or Centre Point orders (−1 when off book). */
  liveIdx: number;
  /** Preference matching: trades first with resting opposite orders of its own participant. */
  prefer: boolean;
  /** For an inactivated Centre Point order: ns since the open when it is activated again; −1 otherwise. */
  activateAt: number;
}

/** The fields that describe a new order; the rest start as an unfilled, unlisted order. */
export type OrderFields = Omit<
  SimOrder,
  "idStr" | "participant" | "leaves" | "matched" | "cancelAt" | "liveIdx" | "prefer" | "activateAt"
>;

/** A new, unfilled order (`leaves` = `qty`) with the given id text and participant. */
export function makeOrder(o: OrderFields, idStr: string, participant: number): SimOrder {
  // An explicit literal (not a spread) gives every order one hidden class: much faster in V8.
  return {
    idStr,
    side: o.side,
    price: o.price,
    qty: o.qty,
    leaves: o.qty,
    matched: 0,
    ordertype: o.ordertype,
    eot: o.eot,
    participant,
    minQty: o.minQty,
    sfMinQty: o.sfMinQty,
    crossingKey: o.crossingKey,
    cp: o.cp,
    cancelAt: -1,
    liveIdx: -1,
    prefer: false,
    activateAt: -1,
  };
}

/** Quote snapshot written on a row: lit best bid/offer in price units, 0 for an empty side. */
export interface Quote {
  bid: number;
  offer: number;
}

/**
 * orderstatus of a row: 2 (off book) once the order is filled or cancelled, else 1 (on book): new,
 * amended and converted (48–50) orders are on the book. Inactive rows (4) pass their status.
 */
export function statusAfter(o: SimOrder, changeReason: number): 1 | 2 {
  if (changeReason >= CHANGE_REASON.sweepConversion48 && changeReason <= CHANGE_REASON.sweepConversion50) return 1;
  if (changeReason === CHANGE_REASON.traded) return o.leaves === 0 ? 2 : 1;
  if (changeReason === CHANGE_REASON.new || changeReason === CHANGE_REASON.updated) return 1;
  return 2;
}

/** timevalidity code written on every order row (the real extracts' "Current Max"). */
export const TIME_VALIDITY = 1536;

/**
 * The orders row of `o` (every column but `row_num`, which the writer numbers) on `date`: `tsStr`
 * is the exact ns timestamp, `code` the security code, `q` the lit best bid/offer now.
 */
export function orderRowValues(
  o: SimOrder,
  date: string,
  tsStr: string,
  code: number,
  changeReason: number,
  q: Quote,
  sequence: number,
  status: number = statusAfter(o, changeReason),
): OrderValues {
  return {
    order_id: o.idStr,
    exchange: 2,
    timestamp: tsStr,
    security_code: code,
    price: o.price,
    side: o.side,
    changereason: changeReason,
    orderstatus: status,
    quantity: o.qty,
    leavesquantity: o.leaves,
    ordertype: o.ordertype,
    exchangeordertype: o.eot,
    national_bid: q.bid,
    national_offer: q.offer,
    bid: q.bid,
    offer: q.offer,
    participantid: o.participant,
    preferenceonly: 0,
    midtick: o.cp ? 2 : 0,
    singlefillminimumquantity: o.sfMinQty,
    minimumquantity: o.minQty,
    sequence,
    crossingkey: o.crossingKey,
    totalmatchedquantity: o.matched,
    shortsellquantity: (o.eot & 2) !== 0 ? o.qty : 0,
    triggercondition: 0,
    timevaliditydecoded: "Current Max",
    timevalidity: TIME_VALIDITY,
    date,
  };
}

/**
 * One trade leg of `o` (every column but `sequence` and `row_num`, which the writer counts): the
 * ASX Trade exchange (3), `priceUnits` the trade price, `qty` shares.
 */
export function tradeLegValues(
  date: string,
  tsStr: string,
  code: number,
  o: SimOrder,
  dealSource: number,
  dealSourceName: string,
  matchGroupId: string,
  q: Quote,
  priceUnits: number,
  qty: number,
  passiveAggressive: 0 | 1 | 2,
): TradeValues {
  return {
    EXCHANGE: 3,
    tradedate: date,
    tradetime: tsStr,
    securitycode: code,
    orderid: o.idStr,
    dealsource: dealSource,
    dealsourcedecoded: dealSourceName,
    exchangeinfo: "ON Market",
    matchgroupid: matchGroupId,
    nationalbidpricesnapshot: q.bid,
    nationalofferpricesnapshot: q.offer,
    tradeprice: priceUnits,
    quantity: qty,
    side: o.side,
    sidedecoded: o.side === 1 ? "Buy" : "Sell",
    participantid: o.participant,
    passiveaggressive: passiveAggressive,
  };
}
