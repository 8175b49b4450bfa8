/**
 * The generator's Centre Point book of one (security, date): resting orders per side in time
 * priority, and the midpoint matching rule shared by every arriving Centre Point order.
 */
import type { SimOrder } from "./sim-order.js";

/** Resting Centre Point orders, each side in arrival (time-priority) order. */
export class CpBook {
  readonly buys: SimOrder[] = [];
  readonly sells: SimOrder[] = [];

  /** Appends `o` behind the resting orders of its side. */
  add(o: SimOrder): void {
    (o.side === 1 ? this.buys : this.sells).push(o);
  }

  /** Removes `o`, keeping the others' priority; throws if absent (a generator bug). */
  remove(o: SimOrder): void {
    const list = o.side === 1 ? this.buys : this.sells;
    const k = list.indexOf(o);
    if (k < 0) throw new Error(`centre point book: order ${o.idStr} not resting`);
    list.splice(k, 1);
  }

  /** Resting orders that an arriving order of `side` may match, in time priority. */
  opposite(side: 1 | 2): SimOrder[] {
    return side === 1 ? this.sells : this.buys;
  }

  /** Number of resting orders on both sides. */
  get size(): number {
    return this.buys.length + this.sells.length;
  }
}

/**
 * Midpoint of a quote in price units, or `undefined` when there is none: either side empty, or an
 * odd spread so that (bid + offer)/2 is not a whole price unit (Centre Point then cannot trade).
 */
export function wholeMidpoint(bid: number, offer: number): number | undefined {
  if (bid <= 0 || offer <= 0 || bid >= offer) return undefined;
  const s = bid + offer;
  return s % 2 === 0 ? s / 2 : undefined;
}

/** True when `mid` (price units) is within the limit of `o` (market orders have no limit). */
export function acceptsPrice(o: SimOrder, mid: number): boolean {
  if (o.ordertype === 2) return true;
  return o.side === 1 ? o.price >= mid : o.price <= mid;
}

/** The per-fill minimum of `o`: max(minimumquantity, singlefillminimumquantity), capped at leaves. */
export function minFill(o: SimOrder): number {
  return Math.min(Math.max(o.minQty, o.sfMinQty), o.leaves);
}

/**
 * Quantity (shares) that arriving order `a` and resting order `r` trade at midpoint `mid`, or 0
 * when they may not: limits must accept the mid, and the fill — min(a.leaves, r.leaves) — must
 * reach both orders' `minFill`.
 */
export function fillQuantity(a: SimOrder, r: SimOrder, mid: number): number {
  if (a === r || a.side === r.side) return 0;
  if (!acceptsPrice(a, mid) || !acceptsPrice(r, mid)) return 0;
  const q = Math.min(a.leaves, r.leaves);
  return q > 0 && q >= minFill(a) && q >= minFill(r) ? q : 0;
}
