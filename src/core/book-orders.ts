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

/** The state of one live order (after its last applied row). */
export interface LiveOrder {
  /** Exact unsigned 64-bit order id. */
  orderId: bigint;
  /** 1 buy, 2 sell. */
  side: number;
  /** Limit price in ticks (ignored for market orders). */
  priceTicks: number;
  /** True for a market order (ordertype 2) or a lit order without a limit price (price ≤ 0). */
  market: boolean;
  /** Open quantity (shares), > 0 while the order is live. */
  leaves: number;
  /** Cumulative matched quantity (shares). */
  matched: number;
  /** Where the order sits now. */
  place: Place;
}

/**
 * The replayed book: live orders by id, lit levels per side, Centre Point resting quantity per
 * side, and the incoming lit orders. Every operation is O(log L) in the number of price levels L
 * (plus a splice when a level appears or empties), except {@link LiveBook.settle}, which is
 * O(number of incoming orders) — almost always 0 or 1.
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
  private readonly live = new Map<bigint, LiveOrder>();
  private readonly incoming: LiveOrder[] = [];

  /** The live order with `orderId`, if any. */
  get(orderId: bigint): LiveOrder | undefined {
    return this.live.get(orderId);
  }

  /** Number of incoming (aggressive, not yet settled) lit orders. */
  get incomingCount(): number {
    return this.incoming.length;
  }

  /**
   * Sets the state of `orderId` from a placement or amend row and places it: Centre Point orders
   * join the depth of their side, a lit order that crosses the opposite best (or a lit market
   * order) is held as incoming, any other lit order rests in its level. `leaves` ≤ 0 removes it.
   * `current` is the order's live state (`get(orderId)`), undefined for a new order.
   */
  place(
    current: LiveOrder | undefined,
    orderId: bigint,
    side: number,
    priceTicks: number,
    market: boolean,
    centrePoint: boolean,
    leaves: number,
    matched: number,
  ): void {
    let o = current;
    if (o !== undefined) this.detach(o);
    if (leaves <= 0) {
      if (o !== undefined) this.live.delete(orderId);
      return;
    }
    if (o === undefined) {
      o = { orderId, side, priceTicks, market, leaves, matched, place: PLACE.lit };
      this.live.set(orderId, o);
    } else {
      o.side = side;
      o.priceTicks = priceTicks;
      o.market = market;
      o.leaves = leaves;
      o.matched = matched;
    }
    if (centrePoint) o.place = PLACE.centrePoint;
    else if (market || this.crosses(o)) o.place = PLACE.incoming;
    else o.place = PLACE.lit;
    this.attach(o);
  }

  /** Sets the leaves and matched quantity of live order `o` after an execution; 0 leaves removes it. */
  execute(o: LiveOrder, leaves: number, matched: number): void {
    o.matched = matched;
    if (leaves <= 0) {
      this.remove(o);
      return;
    }
    const delta = leaves - o.leaves;
    o.leaves = leaves;
    if (o.place === PLACE.lit) (o.side === 1 ? this.bids : this.offers).change(o.priceTicks, delta);
    else if (o.place === PLACE.centrePoint) this.addCp(o.side, delta);
  }

  /** Takes live order `o` out of the book. */
  remove(o: LiveOrder): void {
    this.detach(o);
    this.live.delete(o.orderId);
  }

  /**
   * Settles the incoming orders after a row of `rowOrderId` with `changeReason`. Execution (3)
   * rows of other orders (the resting side of its trades, written before its own execution row)
   * leave it as it is. After its own row, an incoming order that no longer crosses rests in its
   * level (a market order is parked out of the book); one that still crosses stays incoming. After
   * any other row its sweep is over: a limit order rests (if it still crosses, the book is crossed
   * and reported) and a market order is parked.
   */
  settle(rowOrderId: bigint, changeReason: number): void {
    const list = this.incoming;
    for (let k = 0; k < list.length;) {
      const o = list[k] as LiveOrder;
      const own = o.orderId === rowOrderId;
      // Its own execution rows (with its updated leaves) are still to come.
      if ((!own && changeReason === 3) || (own && this.crosses(o))) {
        k++;
        continue;
      }
      this.unlinkIncoming(k);
      o.place = o.market ? PLACE.parked : PLACE.lit;
      if (o.place === PLACE.lit) (o.side === 1 ? this.bids : this.offers).add(o.priceTicks, o.leaves);
    }
  }

  /** True when lit order `o` would trade with the opposite lit best (a market order: when there is one). */
  crosses(o: LiveOrder): boolean {
    const opposite = o.side === 1 ? this.offers.best() : this.bids.best();
    if (opposite <= 0) return false;
    if (o.market) return true;
    return o.side === 1 ? o.priceTicks >= opposite : o.priceTicks <= opposite;
  }

  private attach(o: LiveOrder): void {
    switch (o.place) {
      case PLACE.lit:
        (o.side === 1 ? this.bids : this.offers).add(o.priceTicks, o.leaves);
        break;
      case PLACE.centrePoint:
        this.cpOrders++;
        this.addCp(o.side, o.leaves);
        break;
      case PLACE.incoming:
        this.incoming.push(o);
        break;
      case PLACE.parked:
        break;
    }
  }

  private detach(o: LiveOrder): void {
    switch (o.place) {
      case PLACE.lit:
        (o.side === 1 ? this.bids : this.offers).remove(o.priceTicks, o.leaves);
        break;
      case PLACE.centrePoint:
        this.cpOrders--;
        this.addCp(o.side, -o.leaves);
        break;
      case PLACE.incoming:
        this.unlinkIncoming(this.incoming.indexOf(o));
        break;
      case PLACE.parked:
        break;
    }
  }

  private addCp(side: number, qty: number): void {
    if (side === 1) this.cpBuyQty += qty;
    else this.cpSellQty += qty;
  }

  /** Removes incoming entry `k`, keeping the others in arrival order (the list is tiny). */
  private unlinkIncoming(k: number): void {
    if (k >= 0) this.incoming.splice(k, 1);
  }
}
