/**
 * Simulation model a (ARCHITECTURE.md §2.7a): a midpoint matching replay of a partition's Centre
 * Point book with time priority, deciding by itself which Centre Point orders would have traded.
 */
import {
  EXIT_REASONS,
  ORDER_STATUS_INACTIVE,
  ORDER_STATUS_NOT_STORED,
  ORDER_STATUS_UNTRIGGERED,
  ORDER_TYPE,
  UPDATE_REASONS,
} from "../model/codes.js";
import type { OrderEvents, QuoteSeries } from "../model/partition.js";
import { AsOfCursor } from "./nbbo.js";
import { SimBook } from "./simulate-book.js";
import { orderStates, type OrderTable } from "./states.js";

/** Parameters of {@link simulateMidpoint}; times are ns since Sydney local midnight. */
export interface SimulationOptions {
  /** exchangeordertype bits that make an order Centre Point (tested on its first row). */
  centrePointMask: number;
  /** Arrivals at or after this time match (earlier ones rest without matching). */
  sessionStartNs: number;
  /** Everything ends here: arrivals and other rows at or after it are ignored. */
  sessionEndNs: number;
  /** The partition's {@link OrderTable} when already built (default: built here). */
  table?: Pick<OrderTable, "length" | "rowOrder" | "firstRow" | "lastRow">;
  /**
   * Keep every fill in `fillList` (default true). false leaves it empty, for a caller that needs
   * only their number (`fillCount`): a job (one object a fill less).
   */
  fillList?: boolean;
}

/** One simulated fill between an arriving (aggressor) and a resting Centre Point order. */
export interface SimFill {
  /** ns since Sydney local midnight: the aggressor's arrival time. */
  tNs: number;
  /** First row (in OrderEvents) of the arriving order. */
  aggressorRow: number;
  /** First row (in OrderEvents) of the resting order. */
  restingRow: number;
  qty: number;
  /** Fill price: the midpoint in half ticks (price in ticks = this / 2). */
  midHalfTicks: number;
}

/** Simulated fills per Centre Point order; the columns have one entry per order, in order of first appearance. */
export interface SimulationResult {
  orderId: BigUint64Array;
  /** The order's first row in OrderEvents. */
  firstRow: Int32Array;
  /** Σ qty of the order's simulated fills (as aggressor and as resting order). */
  filledQty: Float64Array;
  /** Σ midHalfTicks·qty over the order's simulated fills: exact integer (value in ticks = this / 2). */
  valueHalfTicks: Float64Array;
  /** Number of simulated fills of the order. */
  fills: Int32Array;
  /** Every simulated fill, in time order (empty when `SimulationOptions.fillList` is false). */
  fillList: SimFill[];
  /** Number of simulated fills (kept or not in `fillList`). */
  fillCount: number;
  /** Position in the columns above of each order of the partition's OrderTable, −1 if not Centre Point. */
  slotOfOrder: Int32Array;
  /** orderId → position in the columns above (built on first use; runJob uses `slotOfOrder`). */
  readonly index: Map<bigint, number>;
}

const UNSEEN = -2;
const EXIT = new Uint8Array(256);
for (const r of EXIT_REASONS) EXIT[r] = 1;

/** True when row `r` ends its order's life: an exit change reason, or orderstatus 4 (inactive). */
function ends(o: OrderEvents, r: number): boolean {
  return EXIT[o.changeReason[r] as number] === 1 || o.orderStatus[r] === ORDER_STATUS_INACTIVE;
}

/** Twice the limit of row `r` (half ticks), or ±∞ (no limit) for market / market-to-limit orders or price 0. */
function limitHalfTicks(o: OrderEvents, r: number, side: number): number {
  const type = o.orderType[r] as number;
  const price = o.priceTicks[r] as number;
  if (type === ORDER_TYPE.market || type === ORDER_TYPE.marketToLimit || price === 0) {
    return side === 1 ? Infinity : -Infinity;
  }
  return 2 * price;
}

/**
 * Replays the Centre Point orders of one partition (rows sorted by (tNs, sequence)) with midpoint
 * matching in time priority, and returns each order's simulated fills. The rules:
 * - A Centre Point order is one whose FIRST row has `exchangeOrderType & centrePointMask` ≠ 0; rows of
 *   other orders are ignored. It arrives at its first row with that row's side, available quantity
 *   `qty − matchedQty` (floored at 0), limit `priceTicks` (none when orderType is 2 market or 3
 *   market-to-limit, or the price is 0), and per-fill minimum max(minQty, singleFillMinQty). A first
 *   row that is an exit (EXIT_REASONS, or orderstatus 4: inactive), leaves nothing available, or lies at/after `sessionEndNs`
 *   never enters the book (the order is still listed, with no fills).
 * - Matching happens only on arrival, and only for arrivals in [sessionStartNs, sessionEndNs); earlier
 *   arrivals rest without matching. The arriving order walks the resting opposite-side orders in
 *   arrival ((tNs, sequence)) priority at the midpoint in force at its arrival time (as-of NBBO, half
 *   ticks); no fills at all when there is no midpoint or the mid is beyond its own limit. A pair fills
 *   q = min(available of both) when the mid is within both limits (buy 2·limit ≥ mid, sell 2·limit ≤
 *   mid), they are different orders, and q ≥ min(max(minQty, singleFillMinQty), available) for each
 *   of the two (with the availabilities before this fill); a resting order failing a check is skipped
 *   and keeps its place. Fills consume quantity for good; an order with nothing left leaves the book.
 *   Whatever the arriving order has left rests behind the others of its side (sweeps included).
 * - Later rows of a resting order before `sessionEndNs`: changeReason 5 (amend) sets its available
 *   quantity to the row's qty minus what the SIMULATION already filled (≤ 0: it leaves) and its limit
 *   from the row's price and orderType, keeping its priority (its minimum quantities stay); an exit
 *   row (EXIT_REASONS, or orderstatus 4 such as a rest-of-day purge) removes it; every other row (real executions 3, sweep conversions 48–50, …) is ignored. Rows of
 *   an order that left are ignored.
 * - orderstatus 3 (a trigger order not yet triggered) is no liquidity: a Centre Point order whose
 *   row has it is out of the book (dormant) and matches nothing; its next row with another status
 *   (12 or 37 triggered) is its arrival, with that row's side, limit and minimums and available
 *   `qty − matchedQty − simulated fills`, unless the row is an exit.
 * - An order whose last row has orderstatus 2 (not stored on the book) with leaves above 0 — a
 *   fill-and-kill order's remainder, which the exchange neither stores nor cancels — leaves the book
 *   after that row: it matches as it arrives, but what it has left does not rest. (A last row with
 *   leaves 0 is a real execution of all of it, ignored as any real execution is.)
 * O(rows) plus, per arrival, O(resting opposite orders visited) and O(1) amortised per quote.
 */
export function simulateMidpoint(
  orders: OrderEvents,
  quotes: QuoteSeries,
  options: SimulationOptions,
): SimulationResult {
  const { centrePointMask, sessionStartNs, sessionEndNs } = options;
  const table = options.table ?? orderStates(orders);
  // One slot per Centre Point order: counted first, so the book's columns are allocated once, at size.
  let centrePointOrders = 0;
  for (let k = 0; k < table.length; k++)
    if (((orders.exchangeOrderType[table.firstRow[k] as number] as number) & centrePointMask) !== 0)
      centrePointOrders++;
  const book = new SimBook(centrePointOrders);
  const keepFills = options.fillList ?? true;
  let fillCount = 0;
  const rowOrder = table.rowOrder;
  // Order number → slot in `book`, −1 for an order that is not Centre Point, UNSEEN before its first row.
  const slotOf = new Int32Array(table.length).fill(UNSEEN);
  const cursor = new AsOfCursor(quotes);
  const fillList: SimFill[] = [];

  const arrive = (a: number, r: number, tNs: number): void => {
    const mid = cursor.mid(tNs);
    if (mid === undefined || !book.accepts(a, mid)) return;
    const side = book.side[a] as number;
    let k = book.first(side === 1 ? 2 : side === 2 ? 1 : 0);
    while (k >= 0 && book.left(a) > 0) {
      const next = book.after(k);
      if (k !== a && book.accepts(k, mid)) {
        const availA = book.left(a);
        const availK = book.left(k);
        const q = availA < availK ? availA : availK;
        if (q >= book.minFill(a) && q >= book.minFill(k)) {
          book.fill(k, q, mid);
          book.fill(a, q, mid);
          fillCount++;
          if (keepFills)
            fillList.push({ tNs, aggressorRow: r, restingRow: book.firstRow[k] as number, qty: q, midHalfTicks: mid });
        }
      }
      k = next;
    }
  };

  /** Order `a` arrives at row `r` with that row's side, limit and minimums and `available` shares. */
  const enter = (a: number, r: number, tNs: number, available: number): void => {
    const side = orders.side[r] as number;
    book.side[a] = side;
    book.limitHalfTicks[a] = limitHalfTicks(orders, r, side);
    book.available[a] = available;
    book.minEach[a] = Math.max(orders.minQty[r] as number, orders.singleFillMinQty[r] as number);
    if (tNs >= sessionStartNs) arrive(a, r, tNs);
    if (book.left(a) > 0) book.rest(a);
  };
  // Slots of trigger orders not yet triggered (orderstatus 3): known, not in the book.
  const dormant = new Set<number>();

  /** Applies row `r` (of order number `order`) to the book. */
  const step = (r: number, order: number): void => {
    const known = slotOf[order] as number;
    const tNs = orders.tNs[r] as number;
    if (known === UNSEEN) {
      if (((orders.exchangeOrderType[r] as number) & centrePointMask) === 0) {
        slotOf[order] = -1;
        return;
      }
      const a = book.add(r);
      slotOf[order] = a;
      const available = (orders.qty[r] as number) - (orders.matchedQty[r] as number);
      if (tNs >= sessionEndNs || ends(orders, r)) return;
      if (orders.orderStatus[r] === ORDER_STATUS_UNTRIGGERED) dormant.add(a);
      else if (available > 0) enter(a, r, tNs, available);
    } else if (known >= 0 && tNs < sessionEndNs && (dormant.has(known) || book.isResting(known))) {
      if (orders.orderStatus[r] === ORDER_STATUS_UNTRIGGERED) {
        // Still (or again) a trigger order not yet triggered: out of the book; an exit ends it.
        book.leave(known);
        if (ends(orders, r)) dormant.delete(known);
        else dormant.add(known);
        return;
      }
      if (dormant.delete(known)) {
        // Triggered (12, 37, or any row with another status): it arrives now, unless this row ends it.
        const available =
          (orders.qty[r] as number) - (orders.matchedQty[r] as number) - (book.filledQty[known] as number);
        if (!ends(orders, r) && available > 0) enter(known, r, tNs, available);
        return;
      }
      const reason = orders.changeReason[r] as number;
      if (ends(orders, r)) {
        book.leave(known);
      } else if (UPDATE_REASONS.has(reason)) {
        // An update of a live order (5 amend, or 0, 7, 8, 11, 13, 28, 39: UPDATE_REASONS, as the book replay).
        const available = (orders.qty[r] as number) - (book.filledQty[known] as number);
        book.limitHalfTicks[known] = limitHalfTicks(orders, r, book.side[known] as number);
        if (available > 0) book.available[known] = available;
        else book.leave(known);
      }
    }
  };

  const lastRow = table.lastRow;
  for (let r = 0; r < orders.length; r++) {
    const order = rowOrder[r] as number;
    step(r, order);
    // Its last row says shares are left but not on the book (a fill-and-kill order): none rests after it.
    if (
      orders.orderStatus[r] === ORDER_STATUS_NOT_STORED &&
      lastRow[order] === r &&
      (orders.leavesQty[r] as number) > 0
    ) {
      const a = slotOf[order] as number;
      if (a >= 0 && book.isResting(a)) book.leave(a);
    }
  }
  for (let k = 0; k < slotOf.length; k++) if (slotOf[k] === UNSEEN) slotOf[k] = -1;
  return result(orders, book, fillList, fillCount, slotOf);
}

function result(
  orders: OrderEvents,
  book: SimBook,
  fillList: SimFill[],
  fillCount: number,
  slotOfOrder: Int32Array,
): SimulationResult {
  const n = book.length;
  // The ids from the orders' first rows, as 32-bit word pairs (no bigint per order).
  const orderId = new BigUint64Array(n);
  const from = new Uint32Array(orders.orderId.buffer, orders.orderId.byteOffset, 2 * orders.length);
  const to = new Uint32Array(orderId.buffer);
  for (let k = 0; k < n; k++) {
    const r = book.firstRow[k] as number;
    to[2 * k] = from[2 * r] as number;
    to[2 * k + 1] = from[2 * r + 1] as number;
  }
  // Views, not copies: the book is sized by its Centre Point orders, so there is no slack to drop.
  let index: Map<bigint, number> | undefined;
  return {
    orderId,
    firstRow: book.firstRow.subarray(0, n),
    filledQty: book.filledQty.subarray(0, n),
    valueHalfTicks: book.valueHalfTicks.subarray(0, n),
    fills: book.fills.subarray(0, n),
    fillList,
    fillCount,
    slotOfOrder,
    get index(): Map<bigint, number> {
      if (index === undefined) {
        index = new Map();
        for (let k = 0; k < n; k++) index.set(orderId[k] as bigint, k);
      }
      return index;
    },
  };
}
