/**
 * Integrity warnings of the order book replay (ARCHITECTURE.md §2.5): typed data naming the row and
 * order at fault, never exceptions. The log keeps the first `maxWarnings` and counts them all.
 */

/**
 * Why a row of the book replay is suspect:
 * - `book_crossed`: after a row, the lit best bid ≥ best offer (both > 0) while no aggressive order
 *   is being executed; reported once per crossed episode (until the book uncrosses).
 * - `unknown_order_id`: an amend (5), execution (3) or exit row (cancel/purge) for an order id
 *   that is not live; the row is ignored.
 * - `negative_leaves`: an execution larger than the order's open quantity, or a negative
 *   `leavesQty` on any row; the order's leaves are clamped at 0 (it leaves the book).
 * - `duplicate_add`: a new-order row (6) for an id that is still live; the row replaces its state.
 */
export type BookWarningCode = "book_crossed" | "unknown_order_id" | "negative_leaves" | "duplicate_add";

/** Every {@link BookWarningCode}, in a fixed order. */
export const BOOK_WARNING_CODES: readonly BookWarningCode[] = [
  "book_crossed",
  "unknown_order_id",
  "negative_leaves",
  "duplicate_add",
];

/**
 * One integrity warning: `row` is the index of the offending row in the replayed `OrderEvents`,
 * `orderId` that row's order id, `tNs` its time (ns since Sydney local midnight). `message` quotes
 * the bad values and says what they mean.
 */
export interface BookWarning {
  /** What is wrong. */
  code: BookWarningCode;
  /** Index of the offending row in the replayed `OrderEvents` (0-based). */
  row: number;
  /** Order id of that row (exact). */
  orderId: bigint;
  /** Time of that row, ns since Sydney local midnight. */
  tNs: number;
  /** The bad values and what they mean. */
  message: string;
}

/** Default cap on the warnings kept in `BookReplay.warnings` (all are still counted). */
export const DEFAULT_MAX_WARNINGS = 1000;

/**
 * Collects warnings in row order: keeps the first `maxWarnings` (a negative or non-finite cap keeps
 * none / all respectively, fractions round down) and counts every one per code.
 */
export class BookWarningLog {
  /** The warnings kept (the first `maxWarnings`), in the order they were added. */
  readonly warnings: BookWarning[] = [];
  /** Every warning added, counted per code. */
  readonly counts: Record<BookWarningCode, number> = {
    book_crossed: 0,
    unknown_order_id: 0,
    negative_leaves: 0,
    duplicate_add: 0,
  };
  private readonly max: number;

  /** `maxWarnings`: how many warnings to keep (default {@link DEFAULT_MAX_WARNINGS}). */
  constructor(maxWarnings: number = DEFAULT_MAX_WARNINGS) {
    this.max = Number.isNaN(maxWarnings) ? DEFAULT_MAX_WARNINGS : Math.max(0, Math.floor(maxWarnings));
  }

  /**
   * Counts one warning; builds and keeps it only while under the cap, so `message` is a thunk and
   * a flood of warnings costs no string formatting.
   */
  add(code: BookWarningCode, row: number, orderId: bigint, tNs: number, message: () => string): void {
    this.counts[code]++;
    if (this.warnings.length < this.max) this.warnings.push({ code, row, orderId, tNs, message: message() });
  }
}
