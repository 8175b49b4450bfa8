import type { TradeLegs } from "../model/partition.js";
import type { OrderTable } from "./states.js";

/** Real fills per order of the {@link OrderTable}, from its trade legs. */
export interface RealFills {
  /** Σ leg quantity. */
  filledQty: Float64Array;
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
 */
export function matchTrades(trades: TradeLegs, table: OrderTable, maxUnknown = 100): TradeMatch {
  const n = table.length;
  const fills: RealFills = {
    filledQty: new Float64Array(n),
    valueTicks: new Float64Array(n),
    trades: new Int32Array(n),
    firstTradeNs: new Float64Array(n).fill(Number.NaN),
    lastTradeNs: new Float64Array(n).fill(Number.NaN),
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
    fills.valueTicks[k] = (fills.valueTicks[k] as number) + qty * (trades.priceTicks[r] as number);
    fills.trades[k] = (fills.trades[k] as number) + 1;
    const first = fills.firstTradeNs[k] as number;
    if (!(first <= t)) fills.firstTradeNs[k] = t;
    const last = fills.lastTradeNs[k] as number;
    if (!(last >= t)) fills.lastTradeNs[k] = t;
  }
  return { fills, legs: trades.length, matchedLegs, unknownOrderLegs: unknown, unknownOrderQty, unknownSample };
}

/** Quantity-weighted fill ratio of a set of orders: Σfilled / Σqty (undefined when Σqty is 0). */
export function fillRatio(sumFilled: number, sumQty: number): number | undefined {
  return sumQty > 0 ? sumFilled / sumQty : undefined;
}
