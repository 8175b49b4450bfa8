/**
 * Unsigned 64-bit order and match-group ids, as exact decimal text. They exceed 2^53, so they are
 * `bigint` and never pass through a JS number.
 */

/** Base of every generated id, like the real extracts' 7904794000124046634 (> 2^53, < 2^63). */
export const ID_BASE = 7_904_794_000_000_000_000n;
/** Id space reserved per trading date (ids of date i start at ID_BASE + i · ID_SPACE_PER_DATE). */
export const ID_SPACE_PER_DATE = 1_000_000_000_000n;

/**
 * One trading date's id counter, shared by all its securities: order ids and matchgroupids are
 * drawn from it in generation (≈ time) order, strictly increasing, with small random gaps like the
 * exchange's (other books consume ids too).
 */
export class IdSource {
  private last: bigint;

  /** `dateIndex`: 0-based index of the trading date. */
  constructor(dateIndex: number) {
    this.last = ID_BASE + BigInt(dateIndex) * ID_SPACE_PER_DATE;
  }

  /** The next id, `step` (≥ 1) above the previous one, as decimal text. */
  next(step: number): string {
    this.last += BigInt(step);
    return this.last.toString();
  }
}
