/**
 * Trigger orders in the book replay (CODES.md, orderstatus 3: a trigger order not yet triggered):
 * which rows make an order dormant (known, but no liquidity) and which end its dormancy.
 */
import { EXIT_REASONS, ORDER_STATUS_INACTIVE, ORDER_STATUS_UNTRIGGERED } from "../model/codes.js";
import type { OrderEvents } from "../model/partition.js";
import type { LiveBook } from "./book-orders.js";

const EXIT = new Uint8Array(256);
for (const r of EXIT_REASONS) EXIT[r] = 1;

/** {@link triggerRow}: the row is another order's or a live order's (apply it as usual). */
export const USUAL = 0;
/** {@link triggerRow}: the row was handled (a dormant state, or a cancel before the trigger). */
export const HANDLED = 1;
/** {@link triggerRow}: the first row with another status of a dormant order (apply it; an amend places it). */
export const WOKEN = 2;

/**
 * The rows of trigger orders (orderstatus 3, CODES.md), order number `k`'s row `r` with change
 * reason `reason`; `dormant` holds 1 per dormant order and is updated here. A row with orderstatus 3 makes its order
 * dormant: known but no liquidity, out of the lit levels and the Centre Point depth (a live order
 * sent back to 3 leaves the book); it is HANDLED. The next row of a dormant order with another
 * status ends its dormancy: an exit or inactive row (cancelled before its trigger) is HANDLED with
 * no warning; any other row is WOKEN, applied as usual (12 or 37 triggered places the order, and an
 * amend, which carries its whole state, places it too). Every other row is USUAL.
 */
export function triggerRow(
  book: LiveBook,
  dormant: Uint8Array,
  orders: Pick<OrderEvents, "orderStatus">,
  r: number,
  k: number,
  reason: number,
): typeof USUAL | typeof HANDLED | typeof WOKEN {
  const status = orders.orderStatus[r] as number;
  if (status === ORDER_STATUS_UNTRIGGERED) {
    if (book.isLive(k)) book.remove(k);
    dormant[k] = EXIT[reason] === 1 ? 0 : 1;
    return HANDLED;
  }
  if (dormant[k] !== 1) return USUAL;
  dormant[k] = 0;
  return EXIT[reason] === 1 || status === ORDER_STATUS_INACTIVE ? HANDLED : WOKEN;
}
