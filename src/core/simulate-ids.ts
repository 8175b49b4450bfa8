/**
 * An open-addressing hash map from unsigned 64-bit order ids to int32 values, reading the ids as
 * pairs of 32-bit words straight from a BigUint64Array, so that no `bigint` is created per lookup
 * (a `Map<bigint, …>` allocates one per row read; this is several times faster on a replay).
 */

const EMPTY = -2147483648;

/** Order id (u64 as two 32-bit words) → int32 value (any value but −2^31). */
export class U64IdMap {
  private readonly words: Uint32Array;
  private mask: number;
  private keysLo: Uint32Array;
  private keysHi: Uint32Array;
  private values: Int32Array;
  private count = 0;

  /** A map over the ids of `ids`, looked up by their index in it, sized for `expected` entries. */
  constructor(ids: BigUint64Array, expected: number) {
    this.words = new Uint32Array(ids.buffer, ids.byteOffset, ids.length * 2);
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.keysLo = new Uint32Array(cap);
    this.keysHi = new Uint32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
  }

  /** The value stored for the id at `ids[i]`, or undefined. */
  get(i: number): number | undefined {
    return this.find(this.words[2 * i] as number, this.words[2 * i + 1] as number);
  }

  /**
   * The value stored for the id whose two 32-bit words (as a `Uint32Array` view of a
   * `BigUint64Array` holds them: `lo` at 2i, `hi` at 2i + 1) are given, or undefined.
   */
  find(lo: number, hi: number): number | undefined {
    let s = hash(lo, hi) & this.mask;
    for (;;) {
      const v = this.values[s] as number;
      if (v === EMPTY) return undefined;
      if (this.keysLo[s] === lo && this.keysHi[s] === hi) return v;
      s = (s + 1) & this.mask;
    }
  }

  /** The value stored for `id`, or undefined (one lookup; creates no other `bigint`). */
  lookup(id: bigint): number | undefined {
    const one = new BigUint64Array([BigInt.asUintN(64, id)]);
    const w = new Uint32Array(one.buffer);
    return this.find(w[0] as number, w[1] as number);
  }

  /** Number of ids stored. */
  get size(): number {
    return this.count;
  }

  /** Stores `value` for the id at `ids[i]` (which must not be present yet). */
  add(i: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.insert(this.words[2 * i] as number, this.words[2 * i + 1] as number, value);
    this.count++;
  }

  private insert(lo: number, hi: number, value: number): void {
    let s = hash(lo, hi) & this.mask;
    while (this.values[s] !== EMPTY) s = (s + 1) & this.mask;
    this.keysLo[s] = lo;
    this.keysHi[s] = hi;
    this.values[s] = value;
  }

  private grow(): void {
    const { keysLo, keysHi, values } = this;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.keysLo = new Uint32Array(cap);
    this.keysHi = new Uint32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    for (let s = 0; s < values.length; s++) {
      const v = values[s] as number;
      if (v !== EMPTY) this.insert(keysLo[s] as number, keysHi[s] as number, v);
    }
  }
}

/** A 32-bit mix of the two words of a u64 id (murmur3 finaliser style), so sequential ids spread out. */
export function hash(lo: number, hi: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
