/**
 * Property tests of the as-of lookups against a linear scan, over seeded random quote series with
 * ties, gaps (a side 0), crossed and locked quotes. A failing seed goes into REGRESSION_SEEDS.
 */
import { describe, expect, it } from "vitest";
import { AsOfCursor, asOfIndex, meanMidHalfTicks, midAt, midHalfTicks } from "../../src/core/nbbo.js";
import { allocQuoteSeries, type QuoteSeries } from "../../src/model/partition.js";
import { mulberry32 } from "../fixtures/prng.js";

/** Seeds that once failed; checked first. */
const REGRESSION_SEEDS: number[] = [];
const RANDOM_SEEDS = 5000;

function intIn(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Up to 40 quotes at integer times with many ties; bid/offer 0–6, so gaps, crossed and locked quotes. */
function randomSeries(rng: () => number): QuoteSeries {
  const n = intIn(rng, 0, 40);
  const q = allocQuoteSeries(n);
  let time = intIn(rng, 0, 5);
  for (let i = 0; i < n; i++) {
    time += rng() < 0.3 ? 0 : intIn(rng, 1, 3);
    q.tNs[i] = time;
    q.bidTicks[i] = intIn(rng, 0, 6);
    q.offerTicks[i] = intIn(rng, 0, 6);
  }
  return q;
}

function linearIndex(q: QuoteSeries, time: number): number {
  let k = -1;
  for (let i = 0; i < q.length; i++) if ((q.tNs[i] as number) <= time) k = i;
  return k;
}

function linearMid(q: QuoteSeries, time: number): number | undefined {
  const k = linearIndex(q, time);
  return k < 0 ? undefined : midHalfTicks(q.bidTicks[k] as number, q.offerTicks[k] as number);
}

/** Mean mid by unit steps: with integer quote times the mid is constant on each [s, s + 1). */
function unitStepMean(q: QuoteSeries, from: number, to: number): number | undefined {
  if (from === to) return linearMid(q, from);
  let sum = 0;
  let count = 0;
  for (let s = from; s < to; s++) {
    const m = linearMid(q, s);
    if (m !== undefined) {
      sum += m;
      count++;
    }
  }
  return count > 0 ? sum / count : undefined;
}

/** Throws (naming the seed and case) when `actual` differs from `expected`; plain code keeps thousands of seeds fast. */
function same(actual: number | undefined, expected: number | undefined, what: string): void {
  if (!Object.is(actual, expected)) throw new Error(`${what}: got ${actual}, expected ${expected}`);
}

function checkSeed(seed: number): void {
  const rng = mulberry32(seed);
  const q = randomSeries(rng);
  const last = q.length > 0 ? (q.tNs[q.length - 1] as number) : 10;
  const queries = Array.from({ length: intIn(rng, 0, 60) }, () =>
    rng() < 0.8 ? intIn(rng, -2, last + 3) : (last + 5) * rng() - 2,
  );
  for (const time of queries) {
    same(asOfIndex(q, time), linearIndex(q, time), `seed ${seed}: asOfIndex at ${time}`);
    same(midAt(q, time), linearMid(q, time), `seed ${seed}: midAt at ${time}`);
  }
  const forward = new AsOfCursor(q);
  for (const time of [...queries].sort((a, b) => a - b)) {
    same(forward.index(time), linearIndex(q, time), `seed ${seed}: cursor index at ${time}`);
    same(forward.mid(time), linearMid(q, time), `seed ${seed}: cursor mid at ${time}`);
  }
  const anyOrder = new AsOfCursor(q);
  for (const time of queries) {
    same(anyOrder.index(time), linearIndex(q, time), `seed ${seed}: unsorted cursor at ${time}`);
  }
  for (let k = 0; k < 10; k++) {
    const from = intIn(rng, -2, last + 3);
    const to = from + intIn(rng, 0, 12);
    same(meanMidHalfTicks(q, from, to), unitStepMean(q, from, to), `seed ${seed}: mean over [${from}, ${to}]`);
  }
}

describe("as-of lookups (property)", () => {
  it("asOfIndex, midAt, AsOfCursor and meanMidHalfTicks agree with linear scans", () => {
    let checked = 0;
    for (const seed of [...REGRESSION_SEEDS, ...Array.from({ length: RANDOM_SEEDS }, (_, i) => i + 1)]) {
      checkSeed(seed);
      checked++;
    }
    expect(checked).toBe(REGRESSION_SEEDS.length + RANDOM_SEEDS);
  });
});
