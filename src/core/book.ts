/**
 * Order book replay (ARCHITECTURE.md §2.5): every order event of one partition, lit and Centre
 * Point, applied to an L3 book in one pass, giving the lit best bid/offer and the Centre Point
 * resting depth after every row, with typed integrity warnings.
 */
import {
  CENTRE_POINT_MASK,
  CHANGE_REASON,
  ENTRY_REASONS,
  EXIT_REASONS,
  UPDATE_REASONS,
  ORDER_STATUS_INACTIVE,
  ORDER_STATUS_NOT_STORED,
  ORDER_TYPE,
} from "../model/codes.js";
import type { OrderEvents } from "../model/partition.js";
import { LiveBook } from "./book-orders.js";
import { HANDLED, triggerRow, WOKEN } from "./book-triggers.js";
import { BookWarningLog, type BookWarning, type BookWarningCode } from "./book-warnings.js";
import { orderStates, type OrderTable } from "./states.js";

export type { BookWarning, BookWarningCode } from "./book-warnings.js";
export { BOOK_WARNING_CODES, DEFAULT_MAX_WARNINGS } from "./book-warnings.js";

/** The book after every row of a replay. Prices are integer ticks, quantities shares. */
export interface BookReplay {
  /** After each event row i (rows in the given order): lit best bid in ticks, 0 when no bids. */
  bestBidTicks: Float64Array;
  /** After each event row i: lit best offer in ticks, 0 when no offers. */
  bestOfferTicks: Float64Array;
  /** Centre Point resting buy quantity (Σ leaves, shares) after each event row. */
  cpBuyQty: Float64Array;
  /** Centre Point resting sell quantity (Σ leaves, shares) after each event row. */
  cpSellQty: Float64Array;
  /** Lit orders resting in the price levels after the last row (incoming or parked ones excluded). */
  liveLitOrders: number;
  /** Centre Point orders resting after the last row. */
  liveCentrePointOrders: number;
  /** The first `maxWarnings` warnings, in row order. */
  warnings: BookWarning[];
  /** Every warning counted per code, including those beyond `maxWarnings`. */
  warningCounts: Record<BookWarningCode, number>;
}

/** Options of {@link replayBook}. */
export interface BookOptions {
  /** exchangeordertype bits marking a Centre Point order (default `CENTRE_POINT_MASK`). */
  centrePointMask?: number;
  /** How many warnings to keep in `warnings` (default 1000); all are counted. */
  maxWarnings?: number;
  /** The partition's {@link OrderTable} when already built (default: built here). */
  table?: Pick<OrderTable, "length" | "rowOrder" | "lastRow">;
  /**
   * Fill the per-row arrays (`bestBidTicks`, `bestOfferTicks`, `cpBuyQty`, `cpSellQty`; default
   * true). false leaves them empty, for a caller that needs only the counts and warnings: 32 bytes an
   * order event less (a job).
   */
  perRow?: boolean;
}

const NEW = CHANGE_REASON.new;
const EXIT = new Uint8Array(256);
for (const r of EXIT_REASONS) EXIT[r] = 1;
const ENTRY = new Uint8Array(256);
for (const r of ENTRY_REASONS) ENTRY[r] = 1;
const TRADED = CHANGE_REASON.traded;
// Rows that carry a live order's new state in place (5 updated, 0, 7, 8, 11, 13, 28, 39): applied as amends.
const UPDATE = new Uint8Array(256);
for (const r of UPDATE_REASONS) UPDATE[r] = 1;

/**
 * Replays the order event rows of one partition, in the given order (sorted by (tNs, sequence)),
 * each row carrying its order's state after the event. O(log L) per row for L price levels.
 *
 * - Entry rows (ENTRY_REASONS: 6 new, 12/37 triggered, 30/31 reloaded, 36 activated, 48–50 sweep
 *   conversions) and updates (UPDATE_REASONS: 5 amend, and 0, 7, 8, 11, 13, 28, 39, which carry
 *   the order's new state in place, e.g. 8 a market order converted to a limit order) set the order's side,
 *   price and leaves. Centre Point orders (`exchangeOrderType & centrePointMask`) add their leaves
 *   to `cpBuyQty`/`cpSellQty` and never sit in the lit levels. A lit order that crosses the
 *   opposite lit best (buy ≥ best offer, sell ≤ best bid) or a lit market order (ordertype 2, or
 *   no price) is *incoming*: out of the levels while its executions are written (the resting
 *   side's execution rows come before its own). After one of its own rows it rests in its level
 *   once it no longer crosses (a market order is parked out of the book until its exit row); a
 *   row that is neither its own nor an execution ends its sweep, and it rests (or is parked) then.
 * - Executions (3) set leaves and matched; exits (EXIT_REASONS: cancels, expiries, inactivations,
 *   purges) remove; any row with leaves ≤ 0 removes the order. A row with orderstatus 4 (inactive,
 *   e.g. the rest-of-day purge 24) removes it whatever its change reason; such a row of an order
 *   that is not live (29 new inactive, say) changes nothing and warns only when its reason is an exit.
 * - An order whose last row has orderstatus 2 (not stored on the book) with leaves above 0 — a
 *   fill-and-kill order's remainder, which the exchange neither stores nor cancels — is removed
 *   after that row.
 * - A row with orderstatus 3 (a trigger order not yet triggered) is no liquidity: the order is
 *   dormant, out of the levels and the depth, until a row with another status — 12/37 triggered
 *   (or an amend) places it; a cancel or purge of a dormant order removes it without a warning.
 *
 * Warnings: `duplicate_add` (6 for a live id; the row replaces its state), `unknown_order_id`
 * (3, an update or an exit for an id not live; row ignored), `negative_leaves` (an execution above the open
 * quantity, or leaves < 0; clamped to 0), `book_crossed` (best bid ≥ best offer with no incoming
 * order; once per crossed episode). Rows with a change reason outside these sets (29 new inactive, a code
 * outside CODES.md's table) are ignored.
 */
export function replayBook(orders: OrderEvents, options: BookOptions = {}): BookReplay {
  const mask = options.centrePointMask ?? CENTRE_POINT_MASK;
  const log = new BookWarningLog(options.maxWarnings);
  const table = options.table ?? orderStates(orders);
  const rowOrder = table.rowOrder;
  const lastRow = table.lastRow;
  const book = new LiveBook(table.length);
  // Per order: 1 while it is a trigger order not yet triggered (orderstatus 3): known, not live.
  const dormant = new Uint8Array(table.length);
  const n = orders.length;
  const perRow = options.perRow ?? true;
  const m = perRow ? n : 0;
  const bestBidTicks = new Float64Array(m);
  const bestOfferTicks = new Float64Array(m);
  const cpBuyQty = new Float64Array(m);
  const cpSellQty = new Float64Array(m);
  let crossed = false;
  for (let r = 0; r < n; r++) {
    const k = rowOrder[r] as number;
    const reason = orders.changeReason[r] as number;
    const trigger = triggerRow(book, dormant, orders, r, k, reason);
    if (trigger !== HANDLED) applyRow(book, orders, r, k, reason, mask, log, trigger === WOKEN);
    // Its last row says shares are left but not on the book (a fill-and-kill order): it leaves now.
    if (orders.orderStatus[r] === ORDER_STATUS_NOT_STORED && lastRow[k] === r && (orders.leavesQty[r] as number) > 0)
      book.remove(k);
    if (book.incomingCount > 0) book.settle(k, reason);
    const bid = book.bids.best();
    const offer = book.offers.best();
    if (bid > 0 && offer > 0 && bid >= offer) {
      // Crossed levels are expected while an aggressive order's executions are being written.
      if (!crossed && book.incomingCount === 0) {
        crossed = true;
        const orderId = orders.orderId[r] as bigint;
        log.add("book_crossed", r, orderId, orders.tNs[r] as number, () =>
          crossedMessage(r, orderId, reason, bid, offer),
        );
      }
    } else crossed = false;
    if (perRow) {
      bestBidTicks[r] = bid;
      bestOfferTicks[r] = offer;
      cpBuyQty[r] = book.cpBuyQty;
      cpSellQty[r] = book.cpSellQty;
    }
  }
  return {
    bestBidTicks,
    bestOfferTicks,
    cpBuyQty,
    cpSellQty,
    liveLitOrders: book.bids.orderCount + book.offers.orderCount,
    liveCentrePointOrders: book.cpOrders,
    warnings: log.warnings,
    warningCounts: log.counts,
  };
}

/**
 * Applies row `r` (of order number `k`) to `book`, logging its warnings. The row's order id (a
 * `bigint`) is read only for a warning.
 */
function applyRow(
  book: LiveBook,
  orders: OrderEvents,
  r: number,
  k: number,
  reason: number,
  mask: number,
  log: BookWarningLog,
  woken = false,
): void {
  const live = book.isLive(k);
  const leaves = orders.leavesQty[r] as number;
  const matched = orders.matchedQty[r] as number;
  if (orders.orderStatus[r] === ORDER_STATUS_INACTIVE && EXIT[reason] !== 1) {
    if (live) book.remove(k);
    return;
  }
  if (ENTRY[reason] === 1 || UPDATE[reason] === 1) {
    if (!live && UPDATE[reason] === 1 && !woken) {
      const id = orders.orderId[r] as bigint;
      log.add("unknown_order_id", r, id, orders.tNs[r] as number, () => unknownMessage(r, id, reason));
      return;
    }
    if (live && reason === NEW) {
      const id = orders.orderId[r] as bigint;
      const was = book.leavesOf(k);
      const at = book.priceOf(k);
      log.add("duplicate_add", r, id, orders.tNs[r] as number, () => duplicateMessage(r, id, was, at));
    }
    if (leaves < 0) {
      const id = orders.orderId[r] as bigint;
      log.add("negative_leaves", r, id, orders.tNs[r] as number, () => negativeMessage(r, id, reason, leaves));
    }
    const price = orders.priceTicks[r] as number;
    const centrePoint = ((orders.exchangeOrderType[r] as number) & mask) !== 0;
    const market = orders.orderType[r] === ORDER_TYPE.market || (!centrePoint && price <= 0);
    book.place(k, orders.side[r] as number, price, market, centrePoint, leaves, matched);
    return;
  }
  if (reason !== TRADED && EXIT[reason] !== 1) return;
  if (!live) {
    const id = orders.orderId[r] as bigint;
    log.add("unknown_order_id", r, id, orders.tNs[r] as number, () => unknownMessage(r, id, reason));
    return;
  }
  if (reason !== TRADED) {
    book.remove(k);
    return;
  }
  const before = book.leavesOf(k);
  const matchedBefore = book.matchedOf(k);
  if (matched - matchedBefore > before || leaves < 0) {
    const id = orders.orderId[r] as bigint;
    log.add("negative_leaves", r, id, orders.tNs[r] as number, () =>
      overfillMessage(r, id, matchedBefore, matched, before, leaves),
    );
  }
  book.execute(k, leaves, matched);
}

function crossedMessage(r: number, orderId: bigint, reason: number, bid: number, offer: number): string {
  return (
    `after row ${r} (order ${orderId}, changereason ${reason}) the lit best bid ${bid} ticks is at or above ` +
    `the best offer ${offer} ticks: the book is crossed, so an execution, amend or cancel row is missing ` +
    `or out of order before this row (reported once until the book uncrosses)`
  );
}

function unknownMessage(r: number, orderId: bigint, reason: number): string {
  return (
    `row ${r}: changereason ${reason} for order ${orderId}, which is not live (never placed in this ` +
    `partition, or already filled or cancelled); the row is ignored — its placement row may be ` +
    `missing or in another partition`
  );
}

function duplicateMessage(r: number, orderId: bigint, leaves: number, priceTicks: number): string {
  return (
    `row ${r}: new order ${orderId} (changereason 6) while it is still live with ${leaves} ` +
    `shares at ${priceTicks} ticks; the new row replaces its state — an exit row is missing or ` +
    `the order id was reused`
  );
}

function negativeMessage(r: number, orderId: bigint, reason: number, leaves: number): string {
  return (
    `row ${r}: order ${orderId} (changereason ${reason}) has leavesquantity ${leaves} < 0; treated as 0 ` +
    `(the order leaves the book) — the row is corrupt`
  );
}

function overfillMessage(
  r: number,
  orderId: bigint,
  matchedBefore: number,
  matched: number,
  leavesBefore: number,
  leaves: number,
): string {
  return (
    `row ${r}: execution of order ${orderId}: totalmatchedquantity ${matchedBefore} → ${matched} ` +
    `executes ${matched - matchedBefore} shares but only ${leavesBefore} were open (row ` +
    `leavesquantity ${leaves}); the order was overfilled, so an earlier row is missing or wrong`
  );
}
