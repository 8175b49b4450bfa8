/**
 * The mutable state of one simulated order and the CSV text of its order rows and trade legs.
 * Prices are integer price units (0 = market order, no limit); quantities are shares.
 */
import { CHANGE_REASON } from "../model/codes.js";

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

/**
 * Columns `order_id` … `timevaliditydecoded` of an order row, with the trailing comma; the writer
 * appends `row_num,timevalidity,date`. `tsStr` is the exact ns timestamp, `code` the security code.
 */
export function orderRowPrefix(
  o: SimOrder,
  tsStr: string,
  code: number,
  changeReason: number,
  q: Quote,
  sequence: number,
  status: number = statusAfter(o, changeReason),
): string {
  const shortQty = (o.eot & 2) !== 0 ? o.qty : 0;
  const midtick = o.cp ? 2 : 0;
  return (
    `${o.idStr},2,${tsStr},${code},${o.price},${o.side},${changeReason},${status},${o.qty},${o.leaves},` +
    `${o.ordertype},${o.eot},${q.bid},${q.offer},${q.bid},${q.offer},${o.participant},0,${midtick},` +
    `${o.sfMinQty},${o.minQty},${sequence},${o.crossingKey},${o.matched},${shortQty},0,Current Max,`
  );
}

/** timevalidity code written on every order row (the real extracts' "Current Max"). */
export const TIME_VALIDITY = 1536;

/**
 * Columns `tradedate` … `passiveaggressive` of one trade leg; the writer prepends
 * `EXCHANGE,sequence,` and appends `,row_num`. `priceUnits` is the trade price, `qty` shares.
 */
export function tradeLegMiddle(
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
): string {
  return (
    `${date},${tsStr},${code},${o.idStr},${dealSource},${dealSourceName},ON Market,${matchGroupId},` +
    `${q.bid},${q.offer},${priceUnits},${qty},${o.side},${o.side === 1 ? "Buy" : "Sell"},${o.participant},` +
    `${passiveAggressive}`
  );
}
