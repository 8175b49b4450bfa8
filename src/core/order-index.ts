import { hash } from "./simulate-ids.js";

/**
 * The order ids of a partition numbered densely in order of first appearance, and the map back
 * from an id to its number. The ids are kept once, by number, as 32-bit word pairs (`lo` at 2k,
 * `hi` at 2k + 1, as a `Uint32Array` view of a `BigUint64Array` holds them); the open-addressing
 * table holds only `number + 1` per slot (0 = empty) and compares ids through that list: 4 bytes
 * a slot instead of a key and a value (the order table of a 1M-row partition: 4 MiB, not 12). No
 * `bigint` is created per lookup.
 */
export class OrderIdIndex {
  private ids: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  /** An empty index with room for `expected` ids before it grows. */
  constructor(expected: number) {
    const n = Math.max(16, expected);
    this.ids = new Uint32Array(2 * n);
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
  }

  /** Number of ids numbered. */
  get size(): number {
    return this.count;
  }

  /** The number of the id whose two 32-bit words are given, or undefined. */
  find(lo: number, hi: number): number | undefined {
    const ids = this.ids;
    let s = hash(lo, hi) & this.mask;
    for (;;) {
      const v = this.slots[s] as number;
      if (v === 0) return undefined;
      const k = v - 1;
      if (ids[2 * k] === lo && ids[2 * k + 1] === hi) return k;
      s = (s + 1) & this.mask;
    }
  }

  /** The number of the id (its two words): the existing one, or the next number when it is new. */
  intern(lo: number, hi: number): number {
    let ids = this.ids;
    let s = hash(lo, hi) & this.mask;
    for (;;) {
      const v = this.slots[s] as number;
      if (v === 0) break;
      const k = v - 1;
      if (ids[2 * k] === lo && ids[2 * k + 1] === hi) return k;
      s = (s + 1) & this.mask;
    }
    const k = this.count++;
    if (2 * k >= ids.length) {
      const more = new Uint32Array(2 * ids.length);
      more.set(ids);
      this.ids = ids = more;
    }
    ids[2 * k] = lo;
    ids[2 * k + 1] = hi;
    this.slots[s] = k + 1;
    if (this.count * 2 > this.mask + 1) this.grow();
    return k;
  }

  /** The number of `id`, or undefined (one lookup; creates no other `bigint`). */
  lookup(id: bigint): number | undefined {
    const w = new Uint32Array(new BigUint64Array([BigInt.asUintN(64, id)]).buffer);
    return this.find(w[0] as number, w[1] as number);
  }

  /**
   * The ids by number, as a view of the index's own list (trimmed to {@link size} first, so no
   * slack is kept): no copy. Numbering more ids afterwards does not change the view.
   */
  orderIds(): BigUint64Array {
    if (this.ids.length > 2 * this.count) this.ids = this.ids.slice(0, Math.max(2, 2 * this.count));
    return new BigUint64Array(this.ids.buffer, 0, this.count);
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
    const ids = this.ids;
    for (let k = 0; k < this.count; k++) {
      let s = hash(ids[2 * k] as number, ids[2 * k + 1] as number) & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = k + 1;
    }
  }
}
