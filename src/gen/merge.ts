/**
 * K-way merge of the partitions of one trading date into one time-ordered row stream: a binary
 * min-heap keyed by (row time in ns since the open, security index), so ties break stably.
 */
import type { DayEvent, SecurityDay } from "./security-day.js";

/** Merges the rows of `days` (all of one date, same session open) in time order. */
export class DayMerge {
  private readonly heap: number[] = [];

  constructor(private readonly days: readonly SecurityDay[]) {
    days.forEach((d, i) => {
      if (d.peek() !== undefined) this.push(i);
    });
  }

  /** The next row of any security in time order, or undefined when all are exhausted. */
  next(): { ev: DayEvent; day: SecurityDay } | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const day = this.days[top];
    const ev = day?.shift();
    if (day === undefined || ev === undefined) throw new Error("day merge: empty partition on the heap");
    if (day.peek() === undefined) {
      const last = this.heap.pop();
      if (this.heap.length > 0 && last !== undefined) {
        this.heap[0] = last;
        this.down(0);
      }
    } else {
      this.down(0);
    }
    return { ev, day };
  }

  private key(i: number): number {
    return this.days[i]?.peek()?.t ?? Number.POSITIVE_INFINITY;
  }

  private less(a: number, b: number): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    return ka < kb || (ka === kb && a < b);
  }

  private push(i: number): void {
    const h = this.heap;
    h.push(i);
    let k = h.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pk = h[parent] ?? 0;
      if (!this.less(i, pk)) break;
      h[k] = pk;
      k = parent;
    }
    h[k] = i;
  }

  private down(k: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[k] ?? 0;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(h[r] ?? 0, h[l] ?? 0)) c = r;
      const hc = h[c] ?? 0;
      if (!this.less(hc, item)) break;
      h[k] = hc;
      k = c;
    }
    h[k] = item;
  }
}
