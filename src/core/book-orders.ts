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

/** Room for this many live orders before the slot columns grow (they double). */
const INITIAL_SLOTS = 1024;

/**
 * The replayed book: the state of every live order in typed columns, lit levels per side, Centre
 * Point resting quantity per side, and the incoming lit orders. Orders are named by their order
 * number (`OrderTable` numbering); a live order holds a slot of the columns (4 bytes an order for
 * the order → slot map, the columns sized by the most orders live at once, not by the orders of
 * the day), given back when it leaves. No object is created per order or per event. Every
 * operation is O(log L) in the number of price levels L (plus a splice when a level appears or
 * empties), except {@link LiveBook.settle}, which is O(number of incoming orders) — almost always
 * 0 or 1.
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
  /** Per order: its slot while it is live, −1 otherwise. */
  private readonly slotOf: Int32Array;
  /** Per slot: 1 buy, 2 sell. */
  private side = new Uint8Array(INITIAL_SLOTS);
  /** Per slot: limit price in ticks (ignored for market orders). */
  private price = new Float64Array(INITIAL_SLOTS);
  /** Per slot: 1 for a market order (ordertype 2) or a lit order without a limit price. */
  private market = new Uint8Array(INITIAL_SLOTS);
  /** Per slot: open quantity (shares), > 0 while live. */
  private leaves = new Float64Array(INITIAL_SLOTS);
  /** Per slot: cumulative matched quantity (shares). */
  private matched = new Float64Array(INITIAL_SLOTS);
  /** Per slot: its {@link PLACE}. */
  private where = new Int8Array(INITIAL_SLOTS);
  /** Slots in use or given back so far (the next new slot). */
  private used = 0;
  /** Slots given back, to be taken again first. */
  private readonly free: number[] = [];
  /** Incoming order numbers in arrival order. */
  private readonly incoming: number[] = [];

  /** An empty book for orders numbered 0 … `orders` − 1. */
  constructor(orders: number) {
    this.slotOf = new Int32Array(orders).fill(-1);
  }

  /** True when order `k` is live. */
  isLive(k: number): boolean {
    return (this.slotOf[k] as number) >= 0;
  }

  /** Open quantity of live order `k` (shares). */
  leavesOf(k: number): number {
    return this.leaves[this.slotOf[k] as number] as number;
  }

  /** Cumulative matched quantity of live order `k` (shares). */
  matchedOf(k: number): number {
    return this.matched[this.slotOf[k] as number] as number;
  }

  /** Limit price of live order `k` (ticks). */
  priceOf(k: number): number {
    return this.price[this.slotOf[k] as number] as number;
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
    let s = this.slotOf[k] as number;
    if (s >= 0) this.detach(s, k);
    if (leaves <= 0) {
      if (s >= 0) this.release(k, s);
      return;
    }
    if (s < 0) s = this.take(k);
    this.side[s] = side;
    this.price[s] = priceTicks;
    this.market[s] = market ? 1 : 0;
    this.leaves[s] = leaves;
    this.matched[s] = matched;
    this.where[s] = centrePoint ? PLACE.centrePoint : market || this.crosses(k) ? PLACE.incoming : PLACE.lit;
    this.attach(s, k);
  }

  /** Sets the leaves and matched quantity of live order `k` after an execution; 0 leaves removes it. */
  execute(k: number, leaves: number, matched: number): void {
    const s = this.slotOf[k] as number;
    this.matched[s] = matched;
    if (leaves <= 0) {
      this.remove(k);
      return;
    }
    const delta = leaves - (this.leaves[s] as number);
    this.leaves[s] = leaves;
    const where = this.where[s];
    if (where === PLACE.lit) (this.side[s] === 1 ? this.bids : this.offers).change(this.price[s] as number, delta);
    else if (where === PLACE.centrePoint) this.addCp(this.side[s] as number, delta);
  }

  /** Takes live order `k` out of the book (no-op when it is not live). */
  remove(k: number): void {
    const s = this.slotOf[k] as number;
    if (s < 0) return;
    this.detach(s, k);
    this.release(k, s);
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
      const s = this.slotOf[k] as number;
      if (this.market[s] === 1) this.where[s] = PLACE.parked;
      else {
        this.where[s] = PLACE.lit;
        (this.side[s] === 1 ? this.bids : this.offers).add(this.price[s] as number, this.leaves[s] as number);
      }
    }
  }

  /** True when lit order `k` would trade with the opposite lit best (a market order: when there is one). */
  crosses(k: number): boolean {
    const s = this.slotOf[k] as number;
    const buy = this.side[s] === 1;
    const opposite = buy ? this.offers.best() : this.bids.best();
    if (opposite <= 0) return false;
    if (this.market[s] === 1) return true;
    const p = this.price[s] as number;
    return buy ? p >= opposite : p <= opposite;
  }

  /** A slot for order `k`: one given back, or the next one (the columns double when full). */
  private take(k: number): number {
    let s = this.free.pop();
    if (s === undefined) {
      s = this.used++;
      if (s === this.side.length) this.grow();
    }
    this.slotOf[k] = s;
    return s;
  }

  /** Order `k` is no longer live: its slot `s` is given back. */
  private release(k: number, s: number): void {
    this.slotOf[k] = -1;
    this.free.push(s);
  }

  private grow(): void {
    const c = this.side.length * 2;
    const more = <A extends Uint8Array | Int8Array | Float64Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(c);
      b.set(a);
      return b;
    };
    this.side = more(this.side);
    this.price = more(this.price);
    this.market = more(this.market);
    this.leaves = more(this.leaves);
    this.matched = more(this.matched);
    this.where = more(this.where);
  }

  private attach(s: number, k: number): void {
    switch (this.where[s]) {
      case PLACE.lit:
        (this.side[s] === 1 ? this.bids : this.offers).add(this.price[s] as number, this.leaves[s] as number);
        break;
      case PLACE.centrePoint:
        this.cpOrders++;
        this.addCp(this.side[s] as number, this.leaves[s] as number);
        break;
      case PLACE.incoming:
        this.incoming.push(k);
        break;
    }
  }

  private detach(s: number, k: number): void {
    switch (this.where[s]) {
      case PLACE.lit:
        (this.side[s] === 1 ? this.bids : this.offers).remove(this.price[s] as number, this.leaves[s] as number);
        break;
      case PLACE.centrePoint:
        this.cpOrders--;
        this.addCp(this.side[s] as number, -(this.leaves[s] as number));
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
