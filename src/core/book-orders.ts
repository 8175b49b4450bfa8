/**
 * The live orders of the book replay and where each one sits: in the lit price levels, in the
 * Centre Point depth, held as an incoming (aggressive) lit order, or parked (a lit market order with
 * nothing left to trade against). Prices are integer ticks, quantities shares.
 */
import { PriceLevels } from "./book-levels.js";

/** Where a live order sits. */
export const PLACE = {
  /** Resting in the lit price levels of its side. */
  lit: 0,
  /** Resting Centre Point liquidity (counted in the Centre Point depth, never in the lit levels). */
  centrePoint: 1,
  /** A marketable lit order whose executions are still being written: out of the levels. */
  incoming: 2,
  /** A lit market order with leaves and nothing to cross: out of the book until its exit row. */
  parked: 3,
} as const;

/** One of the {@link PLACE} values. */
export type Place = (typeof PLACE)[keyof typeof PLACE];

/** Place value of an order that is not live (never placed, or gone). */
const GONE = -1;

/**
 * The replayed book: the state of every order by its order number (`OrderTable` numbering) in
 * typed columns, lit levels per side, Centre Point resting quantity per side, and the incoming lit
 * orders. No object is created per order or per event. Every operation is O(log L) in the number
 * of price levels L (plus a splice when a level appears or empties), except {@link LiveBook.settle},
 * which is O(number of incoming orders) — almost always 0 or 1.
 */
export class LiveBook {
  /** Lit bid levels (ticks, shares). */
  readonly bids = new PriceLevels(true);
  /** Lit offer levels (ticks, shares). */
  readonly offers = new PriceLevels(false);
  /** Centre Point resting buy quantity (Σ leaves, shares). */
  cpBuyQty = 0;
  /** Centre Point resting sell quantity (Σ leaves, shares). */
  cpSellQty = 0;
  /** Live Centre Point orders. */
  cpOrders = 0;
  /** Per order: 1 buy, 2 sell. */
  private readonly side: Uint8Array;
  /** Per order: limit price in ticks (ignored for market orders). */
  private readonly price: Float64Array;
  /** Per order: 1 for a market order (ordertype 2) or a lit order without a limit price. */
  private readonly market: Uint8Array;
  /** Per order: open quantity (shares), > 0 while live. */
  private readonly leaves: Float64Array;
  /** Per order: cumulative matched quantity (shares). */
  private readonly matched: Float64Array;
  /** Per order: its {@link PLACE}, or GONE when not live. */
  private readonly where: Int8Array;
  /** Incoming order numbers in arrival order. */
  private readonly incoming: number[] = [];

  /** An empty book for orders numbered 0 … `orders` − 1. */
  constructor(orders: number) {
    this.side = new Uint8Array(orders);
    this.price = new Float64Array(orders);
    this.market = new Uint8Array(orders);
    this.leaves = new Float64Array(orders);
    this.matched = new Float64Array(orders);
    this.where = new Int8Array(orders).fill(GONE);
  }

  /** True when order `k` is live. */
  isLive(k: number): boolean {
    return this.where[k] !== GONE;
  }

  /** Open quantity of live order `k` (shares). */
  leavesOf(k: number): number {
    return this.leaves[k] as number;
  }

  /** Cumulative matched quantity of live order `k` (shares). */
  matchedOf(k: number): number {
    return this.matched[k] as number;
  }

  /** Limit price of live order `k` (ticks). */
  priceOf(k: number): number {
    return this.price[k] as number;
  }

  /** Number of incoming (aggressive, not yet settled) lit orders. */
  get incomingCount(): number {
    return this.incoming.length;
  }

  /**
   * Sets the state of order `k` from a placement or amend row and places it: Centre Point orders
   * join the depth of their side, a lit order that crosses the opposite best (or a lit market
   * order) is held as incoming, any other lit order rests in its level. `leaves` ≤ 0 removes it.
   */
  place(
    k: number,
    side: number,
    priceTicks: number,
    market: boolean,
    centrePoint: boolean,
    leaves: number,
    matched: number,
  ): void {
    if (this.where[k] !== GONE) this.detach(k);
    if (leaves <= 0) {
      this.where[k] = GONE;
      return;
    }
    this.side[k] = side;
    this.price[k] = priceTicks;
    this.market[k] = market ? 1 : 0;
    this.leaves[k] = leaves;
    this.matched[k] = matched;
    this.where[k] = centrePoint ? PLACE.centrePoint : market || this.crosses(k) ? PLACE.incoming : PLACE.lit;
    this.attach(k);
  }

  /** Sets the leaves and matched quantity of live order `k` after an execution; 0 leaves removes it. */
  execute(k: number, leaves: number, matched: number): void {
    this.matched[k] = matched;
    if (leaves <= 0) {
      this.remove(k);
      return;
    }
    const delta = leaves - (this.leaves[k] as number);
    this.leaves[k] = leaves;
    const where = this.where[k];
    if (where === PLACE.lit) (this.side[k] === 1 ? this.bids : this.offers).change(this.price[k] as number, delta);
    else if (where === PLACE.centrePoint) this.addCp(this.side[k] as number, delta);
  }

  /** Takes live order `k` out of the book. */
  remove(k: number): void {
    this.detach(k);
    this.where[k] = GONE;
  }

  /**
   * Settles the incoming orders after a row of order `rowOrder` with `changeReason`. Execution (3)
   * rows of other orders (the resting side of its trades, written before its own execution row)
   * leave it as it is. After its own row, an incoming order that no longer crosses rests in its
   * level (a market order is parked out of the book); one that still crosses stays incoming. After
   * any other row its sweep is over: a limit order rests (if it still crosses, the book is crossed
   * and reported) and a market order is parked.
   */
  settle(rowOrder: number, changeReason: number): void {
    const list = this.incoming;
    for (let i = 0; i < list.length;) {
      const k = list[i] as number;
      const own = k === rowOrder;
      // Its own execution rows (with its updated leaves) are still to come.
      if ((!own && changeReason === 3) || (own && this.crosses(k))) {
        i++;
        continue;
      }
      list.splice(i, 1);
      if (this.market[k] === 1) this.where[k] = PLACE.parked;
      else {
        this.where[k] = PLACE.lit;
        (this.side[k] === 1 ? this.bids : this.offers).add(this.price[k] as number, this.leaves[k] as number);
      }
    }
  }

  /** True when lit order `k` would trade with the opposite lit best (a market order: when there is one). */
  crosses(k: number): boolean {
    const buy = this.side[k] === 1;
    const opposite = buy ? this.offers.best() : this.bids.best();
    if (opposite <= 0) return false;
    if (this.market[k] === 1) return true;
    const p = this.price[k] as number;
    return buy ? p >= opposite : p <= opposite;
  }

  private attach(k: number): void {
    switch (this.where[k]) {
      case PLACE.lit:
        (this.side[k] === 1 ? this.bids : this.offers).add(this.price[k] as number, this.leaves[k] as number);
        break;
      case PLACE.centrePoint:
        this.cpOrders++;
        this.addCp(this.side[k] as number, this.leaves[k] as number);
        break;
      case PLACE.incoming:
        this.incoming.push(k);
        break;
    }
  }

  private detach(k: number): void {
    switch (this.where[k]) {
      case PLACE.lit:
        (this.side[k] === 1 ? this.bids : this.offers).remove(this.price[k] as number, this.leaves[k] as number);
        break;
      case PLACE.centrePoint:
        this.cpOrders--;
        this.addCp(this.side[k] as number, -(this.leaves[k] as number));
        break;
      case PLACE.incoming: {
        const i = this.incoming.indexOf(k);
        if (i >= 0) this.incoming.splice(i, 1);
        break;
      }
    }
  }

  private addCp(side: number, qty: number): void {
    if (side === 1) this.cpBuyQty += qty;
    else this.cpSellQty += qty;
  }
}
