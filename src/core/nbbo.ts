/**
 * The NBBO stage (ARCHITECTURE.md §2.6): the quote in force at any time of a partition (as-of
 * lookup: the last quote with tNs ≤ t) and its midpoint, kept exact as an integer count of half ticks
 * (Centre Point trades at half ticks). Times are ns since Sydney local midnight (`tNs`).
 */
import type { QuoteSeries } from "../model/partition.js";

export { quotesOf } from "./nbbo-snapshots.js";

/**
 * Index of the last quote of `q` with `tNs ≤ tNs` (of the last one when several share that time),
 * or −1 when every quote is later (or `q` is empty). Binary search, O(log n); `q` must be sorted by tNs.
 */
export function asOfIndex(q: QuoteSeries, tNs: number): number {
  const times = q.tNs;
  let lo = 0;
  let hi = q.length;
  // Invariant: times[i] ≤ tNs for i < lo, times[i] > tNs for i ≥ hi.
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if ((times[m] as number) <= tNs) lo = m + 1;
    else hi = m;
  }
  return lo - 1;
}

/**
 * The midpoint of a quote in HALF TICKS, `bidTicks + offerTicks` (an exact integer: the mid in
 * ticks is this / 2), or `undefined` when there is no valid midpoint: a side missing (≤ 0: 0, or
 * NO_PRICE = −1, the NBBO file's no-price text, see model/price.ts) or a crossed quote (bid > offer). A locked quote (bid = offer) has a midpoint.
 */
export function midHalfTicks(bidTicks: number, offerTicks: number): number | undefined {
  if (bidTicks > 0 && offerTicks > 0 && bidTicks <= offerTicks) return bidTicks + offerTicks;
  return undefined;
}

/** The midpoint of quote `i` of `q` (half ticks), or undefined when `i` < 0 or the quote has none. */
function midOfQuote(q: QuoteSeries, i: number): number | undefined {
  if (i < 0) return undefined;
  return midHalfTicks(q.bidTicks[i] as number, q.offerTicks[i] as number);
}

/**
 * The midpoint (half ticks) in force at `tNs`: that of the last quote with tNs ≤ `tNs`, or
 * `undefined` before the first quote and during a gap (a one-sided or crossed quote). O(log n).
 */
export function midAt(q: QuoteSeries, tNs: number): number | undefined {
  return midOfQuote(q, asOfIndex(q, tNs));
}

/**
 * An as-of cursor over a quote series for lookups at non-decreasing times (a replay): each call
 * moves forward from the previous answer, so n calls over m quotes cost O(n + m) in total (amortised
 * O(1) per call). A call at an earlier time than the previous one is still answered correctly, by a
 * binary search from which the cursor continues.
 */
export class AsOfCursor {
  private readonly q: QuoteSeries;
  private i = -1;
  private lastT = -Infinity;

  /** A cursor before the first quote of `q` (sorted by tNs). */
  constructor(q: QuoteSeries) {
    this.q = q;
  }

  /** Same answer as {@link asOfIndex}(q, tNs): the last quote with tNs ≤ `tNs`, or −1. */
  index(tNs: number): number {
    if (tNs < this.lastT) {
      this.i = asOfIndex(this.q, tNs);
    } else {
      const times = this.q.tNs;
      const n = this.q.length;
      let i = this.i;
      while (i + 1 < n && (times[i + 1] as number) <= tNs) i++;
      this.i = i;
    }
    this.lastT = tNs;
    return this.i;
  }

  /** Same answer as {@link midAt}(q, tNs): the midpoint in half ticks in force at `tNs`, or undefined. */
  mid(tNs: number): number | undefined {
    return midOfQuote(this.q, this.index(tNs));
  }
}

/**
 * The time-weighted mean midpoint over [fromNs, toNs], in half ticks (a float, not rounded): each
 * quote's midpoint weighted by how long (ns) it was in force inside the interval. Stretches without a
 * valid midpoint (before the first quote, one-sided or crossed quotes) are left out of the weights.
 * When `fromNs === toNs`, the midpoint in force at that instant. `undefined` when there is no valid
 * midpoint in force for a positive time inside the interval (or at the instant), or when fromNs > toNs.
 * O(log n + quotes inside the interval).
 */
export function meanMidHalfTicks(q: QuoteSeries, fromNs: number, toNs: number): number | undefined {
  if (!(fromNs <= toNs)) return undefined;
  let i = asOfIndex(q, fromNs);
  if (fromNs === toNs) return midOfQuote(q, i);
  const times = q.tNs;
  let weighted = 0;
  let weight = 0;
  let start = fromNs;
  // Quote i is in force from max(fromNs, its time) until the next quote's time (or toNs).
  while (start < toNs) {
    const nextT = i + 1 < q.length ? (times[i + 1] as number) : Infinity;
    const end = nextT < toNs ? nextT : toNs;
    const mid = midOfQuote(q, i);
    if (mid !== undefined && end > start) {
      weighted += mid * (end - start);
      weight += end - start;
    }
    start = end > start ? end : start;
    i++;
  }
  return weight > 0 ? weighted / weight : undefined;
}
