import type { TradeLegs } from "../model/partition.js";
import type { OrderTable } from "./states.js";

/**
 * Real fills of the orders of the {@link OrderTable}, from its trade legs: the filled quantity of
 * every order; the other columns ("detail") of every order, or only of the orders asked for
 * (`detailOf`).
 */
export interface RealFills {
  /** Σ leg quantity, per order (order number). */
  filledQty: Float64Array;
  /**
   * Per order: its position in the detail columns below, or −1 when it has none. Omitted: the detail
   * columns have one entry per order (position = order number).
   */
  detailOf?: Int32Array;
  /** Σ price·quantity, in ticks (an exact integer while below 2^53). VWAP = valueTicks / filledQty. */
  valueTicks: Float64Array;
  /** Number of trade legs. */
  trades: Int32Array;
  /** First and last trade time, ns since Sydney local midnight; NaN when the order has no trade. */
  firstTradeNs: Float64Array;
  lastTradeNs: Float64Array;
}

/** A trade leg whose order id is not among the partition's orders (reported, never dropped silently). */
export interface UnknownOrderLeg {
  orderId: bigint;
  matchGroupId: bigint;
  tNs: number;
  qty: number;
  priceTicks: number;
}

/** Result of {@link matchTrades}: fills per order plus the legs that matched no order. */
export interface TradeMatch {
  fills: RealFills;
  legs: number;
  matchedLegs: number;
  unknownOrderLegs: number;
  unknownOrderQty: number;
  /** The first `maxUnknown` unknown legs (default 100), in time order. */
  unknownSample: UnknownOrderLeg[];
}

/**
 * Matches trade legs to orders by order id: per order filled quantity, value in ticks, number of
 * trades, first and last trade time (execution duration = last − first). Legs of unknown orders are
 * counted with their quantity and sampled, so `legs = matchedLegs + unknownOrderLegs`.
 * `detailOrders` (distinct order numbers, e.g. the sweeps'): only these orders get the value,
 * trades and times columns, in that order (`fills.detailOf` maps an order to its entry), so they
 * are sized by the sweeps, not by the orders; the filled quantity is kept for every order.
 */
export function matchTrades(
  trades: TradeLegs,
  table: Pick<OrderTable, "length" | "index">,
  maxUnknown = 100,
  detailOrders?: Int32Array,
): TradeMatch {
  const n = table.length;
  let detailOf: Int32Array | undefined;
  if (detailOrders !== undefined) {
    detailOf = new Int32Array(n).fill(-1);
    for (let i = 0; i < detailOrders.length; i++) detailOf[detailOrders[i] as number] = i;
  }
  const m = detailOrders === undefined ? n : detailOrders.length;
  const fills: RealFills = {
    filledQty: new Float64Array(n),
    ...(detailOf === undefined ? {} : { detailOf }),
    valueTicks: new Float64Array(m),
    trades: new Int32Array(m),
    firstTradeNs: new Float64Array(m).fill(Number.NaN),
    lastTradeNs: new Float64Array(m).fill(Number.NaN),
  };
  let matchedLegs = 0;
  let unknownOrderQty = 0;
  const unknownSample: UnknownOrderLeg[] = [];
  let unknown = 0;
  // The ids as 32-bit word pairs: no bigint per leg (the same view the order index was built from).
  const words = new Uint32Array(trades.orderId.buffer, trades.orderId.byteOffset, 2 * trades.length);
  for (let r = 0; r < trades.length; r++) {
    const k = table.index.find(words[2 * r] as number, words[2 * r + 1] as number);
    const qty = trades.qty[r] as number;
    const t = trades.tNs[r] as number;
    if (k === undefined) {
      unknown++;
      unknownOrderQty += qty;
      if (unknownSample.length < maxUnknown) {
        unknownSample.push({
          orderId: trades.orderId[r] as bigint,
          matchGroupId: trades.matchGroupId[r] as bigint,
          tNs: t,
          qty,
          priceTicks: trades.priceTicks[r] as number,
        });
      }
      continue;
    }
    matchedLegs++;
    fills.filledQty[k] = (fills.filledQty[k] as number) + qty;
    const d = detailOf === undefined ? k : (detailOf[k] as number);
    if (d < 0) continue;
    fills.valueTicks[d] = (fills.valueTicks[d] as number) + qty * (trades.priceTicks[r] as number);
    fills.trades[d] = (fills.trades[d] as number) + 1;
    const first = fills.firstTradeNs[d] as number;
    if (!(first <= t)) fills.firstTradeNs[d] = t;
    const last = fills.lastTradeNs[d] as number;
    if (!(last >= t)) fills.lastTradeNs[d] = t;
  }
  return { fills, legs: trades.length, matchedLegs, unknownOrderLegs: unknown, unknownOrderQty, unknownSample };
}

/** Quantity-weighted fill ratio of a set of orders: Σfilled / Σqty (undefined when Σqty is 0). */
export function fillRatio(sumFilled: number, sumQty: number): number | undefined {
  return sumQty > 0 ? sumFilled / sumQty : undefined;
}
