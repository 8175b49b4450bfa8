/**
 * The generator's lit limit order book of one (security, date): price levels in price units, FIFO
 * queues per level (price-time priority). Small by construction (tens of levels), so sorted arrays
 * beat trees here. The generator never inserts a marketable order, so the book is never crossed.
 */
import type { SimOrder } from "./sim-order.js";

class Side {
  /** Level prices, best first. */
  readonly prices: number[] = [];
  readonly levels = new Map<number, SimOrder[]>();
  count = 0;

  constructor(private readonly better: (a: number, b: number) => boolean) {}

  insert(o: SimOrder): void {
    let q = this.levels.get(o.price);
    if (q === undefined) {
      q = [];
      this.levels.set(o.price, q);
      let i = 0;
      while (i < this.prices.length && this.better(this.prices[i] ?? 0, o.price)) i++;
      this.prices.splice(i, 0, o.price);
    }
    q.push(o);
    this.count++;
  }

  remove(o: SimOrder): void {
    const q = this.levels.get(o.price);
    const k = q === undefined ? -1 : q.indexOf(o);
    if (q === undefined || k < 0) throw new Error(`lit book: order ${o.idStr} not at price ${o.price}`);
    q.splice(k, 1);
    this.count--;
    if (q.length === 0) {
      this.levels.delete(o.price);
      this.prices.splice(this.prices.indexOf(o.price), 1);
    }
  }

  best(): number {
    return this.prices[0] ?? 0;
  }

  head(): SimOrder | undefined {
    const p = this.prices[0];
    return p === undefined ? undefined : this.levels.get(p)?.[0];
  }

  bestLevelQty(): number {
    const p = this.prices[0];
    let q = 0;
    if (p !== undefined) for (const o of this.levels.get(p) ?? []) q += o.leaves;
    return q;
  }
}

/** Lit order book. Prices in price units; `bestBid()`/`bestOffer()` return 0 for an empty side. */
export class LitBook {
  private readonly bids = new Side((a, b) => a > b);
  private readonly asks = new Side((a, b) => a < b);

  private sideOf(side: 1 | 2): Side {
    return side === 1 ? this.bids : this.asks;
  }

  /** Adds `o` at the back of its price level. The caller guarantees it does not cross. */
  insert(o: SimOrder): void {
    this.sideOf(o.side).insert(o);
  }

  /** Removes `o` from its level; throws if it is not there (a generator bug). */
  remove(o: SimOrder): void {
    this.sideOf(o.side).remove(o);
  }

  /** Best bid in price units, 0 when there are no bids. */
  bestBid(): number {
    return this.bids.best();
  }

  /** Best offer in price units, 0 when there are no offers. */
  bestOffer(): number {
    return this.asks.best();
  }

  /** First order in time priority at the best level of `side`. */
  head(side: 1 | 2): SimOrder | undefined {
    return this.sideOf(side).head();
  }

  /** Total open quantity (shares) at the best level of `side`, 0 when empty. */
  bestLevelQty(side: 1 | 2): number {
    return this.sideOf(side).bestLevelQty();
  }

  /** Number of resting orders on `side`. */
  depth(side: 1 | 2): number {
    return this.sideOf(side).count;
  }
}
