/**
 * Seeded pseudo-random numbers for the generator: xoshiro128** (Blackman & Vigna, 2018), a 32-bit
 * generator with a 2^128 − 1 period, seeded through splitmix32. Hand-written (30 lines) rather than a
 * package so that the byte-exact output of `generate()` can never change with a dependency upgrade,
 * and because the hot loop draws tens of millions of numbers. No `Math.random`, no wall clock.
 */

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4_294_967_296;

/**
 * Mixes a user seed (any safe integer) and stream numbers (e.g. date index, security index) into one
 * 32-bit seed, so that every (seed, stream…) gets an independent, reproducible sequence.
 */
export function deriveSeed(seed: number, ...streams: readonly number[]): number {
  const st = { s: (seed | 0) ^ Math.floor(seed / TWO_POW_32) };
  let h = splitmix32(st);
  for (const s of streams) {
    st.s = (h ^ Math.imul(s + 1, 0x27d4eb2d)) | 0;
    h = splitmix32(st);
  }
  return h;
}

/** xoshiro128** generator. All draws are deterministic functions of the constructor seed. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed`: a 32-bit integer, typically from `deriveSeed`. */
  constructor(seed: number) {
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.u32() / TWO_POW_32;
  }

  /** A uniform integer in [lo, hi], both inclusive (hi − lo < 2^32). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A log-uniform integer in [lo, hi] (lo ≥ 1): small values as likely per decade as large ones. */
  logInt(lo: number, hi: number): number {
    const v = Math.floor(Math.exp(Math.log(lo) + this.float() * (Math.log(hi + 1) - Math.log(lo))));
    return Math.min(hi, Math.max(lo, v));
  }

  /** An exponential draw with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** A geometric count of failures before the first success, success probability `p`. */
  geometric(p: number, max: number): number {
    let k = 0;
    while (k < max && !this.chance(p)) k++;
    return k;
  }

  /** An index drawn with probability proportional to `cumulative[i] − cumulative[i−1]`. */
  pickCumulative(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const x = this.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Running sums of `weights`, for `Rng.pickCumulative`. */
export function cumulativeOf(weights: readonly number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}
