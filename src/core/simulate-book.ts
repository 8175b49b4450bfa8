/**
 * The state of a midpoint matching replay: one dense slot per Centre Point order (by first
 * appearance) in growable typed columns, and per side a doubly linked list of the resting orders in
 * arrival (time) priority, so that resting, leaving and walking cost O(1) per order.
 */

/** Slot state: not (or no longer) in the book, or resting. */
const OUT = 0;
const RESTING = 1;

/** Growable columns of the replay's Centre Point orders plus the two resting lists. */
export class SimBook {
  /** Number of slots (orders) so far. */
  length = 0;
  /** The order's first row (its id is read from there: no `bigint` is kept or made per order). */
  firstRow: Int32Array;
  /** 1 buy, 2 sell. */
  side: Uint8Array;
  /** Twice the limit price (half ticks); +∞ for a buy and −∞ for a sell without a limit. */
  limitHalfTicks: Float64Array;
  /** Quantity the order can still trade in the replay. */
  available: Float64Array;
  /** max(minimumquantity, singlefillminimumquantity). */
  minEach: Float64Array;
  filledQty: Float64Array;
  valueHalfTicks: Float64Array;
  fills: Int32Array;
  private state: Uint8Array;
  private prev: Int32Array;
  private next: Int32Array;
  /** Head and tail slot of the resting list per side (index 1 buy, 2 sell; −1 = empty). */
  private readonly head = new Int32Array([-1, -1, -1]);
  private readonly tail = new Int32Array([-1, -1, -1]);

  /** An empty book with room for `capacity` orders before it grows. */
  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.firstRow = new Int32Array(c);
    this.side = new Uint8Array(c);
    this.limitHalfTicks = new Float64Array(c);
    this.available = new Float64Array(c);
    this.minEach = new Float64Array(c);
    this.filledQty = new Float64Array(c);
    this.valueHalfTicks = new Float64Array(c);
    this.fills = new Int32Array(c);
    this.state = new Uint8Array(c);
    this.prev = new Int32Array(c);
    this.next = new Int32Array(c);
  }

  /** A new slot (not resting, nothing filled) for the order first seen at `firstRow`. */
  add(firstRow: number): number {
    if (this.length === this.firstRow.length) this.grow();
    const k = this.length++;
    this.firstRow[k] = firstRow;
    return k;
  }

  /** Quantity order `k` can still trade. */
  left(k: number): number {
    return this.available[k] as number;
  }

  /** True when `k` is resting in the book. */
  isResting(k: number): boolean {
    return this.state[k] === RESTING;
  }

  /** Appends `k` behind the resting orders of its side (its time priority is its arrival). */
  rest(k: number): void {
    const s = this.side[k] as number;
    const t = this.tail[s] as number;
    this.prev[k] = t;
    this.next[k] = -1;
    if (t < 0) this.head[s] = k;
    else this.next[t] = k;
    this.tail[s] = k;
    this.state[k] = RESTING;
  }

  /** Takes resting order `k` out of the book (no-op when it is not resting). */
  leave(k: number): void {
    if (this.state[k] !== RESTING) return;
    const s = this.side[k] as number;
    const p = this.prev[k] as number;
    const n = this.next[k] as number;
    if (p < 0) this.head[s] = n;
    else this.next[p] = n;
    if (n < 0) this.tail[s] = p;
    else this.prev[n] = p;
    this.state[k] = OUT;
  }

  /** First resting order of side `side` (1 buy, 2 sell) in time priority, or −1. */
  first(side: number): number {
    return side === 1 || side === 2 ? (this.head[side] as number) : -1;
  }

  /** The resting order after `k` on its side, or −1. */
  after(k: number): number {
    return this.next[k] as number;
  }

  /** True when a midpoint (half ticks) is within the limit of `k`: buy 2·limit ≥ mid, sell 2·limit ≤ mid. */
  accepts(k: number, mid: number): boolean {
    const limit = this.limitHalfTicks[k] as number;
    return this.side[k] === 1 ? limit >= mid : limit <= mid;
  }

  /** The per-fill minimum of `k` now: min(max(minQty, singleFillMinQty), available). */
  minFill(k: number): number {
    const m = this.minEach[k] as number;
    const a = this.available[k] as number;
    return m < a ? m : a;
  }

  /** Books a fill of `qty` at `mid` (half ticks) on `k`; it leaves the book when nothing is left. */
  fill(k: number, qty: number, mid: number): void {
    const left = (this.available[k] as number) - qty;
    this.available[k] = left;
    this.filledQty[k] = (this.filledQty[k] as number) + qty;
    this.valueHalfTicks[k] = (this.valueHalfTicks[k] as number) + mid * qty;
    this.fills[k] = (this.fills[k] as number) + 1;
    if (left <= 0) this.leave(k);
  }

  private grow(): void {
    const c = this.firstRow.length * 2;
    this.firstRow = growInt(this.firstRow, c);
    this.side = growU8(this.side, c);
    this.limitHalfTicks = growF64(this.limitHalfTicks, c);
    this.available = growF64(this.available, c);
    this.minEach = growF64(this.minEach, c);
    this.filledQty = growF64(this.filledQty, c);
    this.valueHalfTicks = growF64(this.valueHalfTicks, c);
    this.fills = growInt(this.fills, c);
    this.state = growU8(this.state, c);
    this.prev = growInt(this.prev, c);
    this.next = growInt(this.next, c);
  }
}

function growF64(a: Float64Array, c: number): Float64Array {
  const b = new Float64Array(c);
  b.set(a);
  return b;
}

function growInt(a: Int32Array, c: number): Int32Array {
  const b = new Int32Array(c);
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, c: number): Uint8Array {
  const b = new Uint8Array(c);
  b.set(a);
  return b;
}
