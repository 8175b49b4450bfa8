/**
 * Property test of one side's price levels against a naive map of price → (quantity, orders),
 * with seeded random adds, removes and quantity changes of resting orders.
 */
import { describe, expect, it } from "vitest";
import { PriceLevels } from "../../src/core/book-levels.js";
import { mulberry32 } from "../fixtures/prng.js";

/** Seeds that once failed; checked first. */
const REGRESSION_SEEDS: readonly number[] = [];
const STREAMS = 2000;

/** Runs stream `seed` and returns the first difference from the reference, or undefined. */
function check(seed: number): string | undefined {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const bids = rnd() < 0.5;
  const levels = new PriceLevels(bids);
  const orders: { price: number; qty: number }[] = [];
  const steps = int(1, 200);
  for (let i = 0; i < steps; i++) {
    const x = rnd();
    const k = int(0, orders.length - 1);
    const o = orders[k];
    if (x < 0.5 || o === undefined) {
      const n = { price: int(1, 30), qty: int(1, 500) };
      orders.push(n);
      levels.add(n.price, n.qty);
    } else if (x < 0.8) {
      orders.splice(k, 1);
      levels.remove(o.price, o.qty);
    } else {
      const qty = int(1, 500);
      levels.change(o.price, qty - o.qty);
      o.qty = qty;
    }
    const prices = orders.map((p) => p.price);
    const best = prices.length === 0 ? 0 : bids ? Math.max(...prices) : Math.min(...prices);
    if (levels.best() !== best) return `seed ${seed} step ${i}: best ${levels.best()}, want ${best}`;
    if (levels.levelCount !== new Set(prices).size) return `seed ${seed} step ${i}: ${levels.levelCount} levels`;
    if (levels.orderCount !== orders.length) return `seed ${seed} step ${i}: ${levels.orderCount} orders`;
    for (let p = 0; p <= 31; p++) {
      const want = orders.filter((q) => q.price === p).reduce((s, q) => s + q.qty, 0);
      if (levels.qtyAt(p) !== want) return `seed ${seed} step ${i}: qty at ${p} ${levels.qtyAt(p)}, want ${want}`;
    }
  }
  return undefined;
}

describe("PriceLevels against a naive map of levels", () => {
  it("agrees on the regression seeds", () => {
    for (const seed of REGRESSION_SEEDS) expect(check(seed)).toBeUndefined();
  });

  it(`agrees on ${STREAMS} seeded random streams`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= STREAMS && failures.length < 5; seed++) {
      const f = check(seed);
      if (f !== undefined) failures.push(f);
    }
    expect(failures).toEqual([]);
  });

  it("reports 0 for an empty side and for a price without a level", () => {
    const offers = new PriceLevels(false);
    expect(offers.best()).toBe(0);
    offers.add(1010, 100); // {1010: 100}
    offers.add(1008, 50); // {1008: 50, 1010: 100}
    offers.add(1010, 25); // {1008: 50, 1010: 125}
    expect([offers.best(), offers.qtyAt(1010), offers.qtyAt(1009), offers.levelCount]).toEqual([1008, 125, 0, 2]);
    offers.remove(1008, 50); // {1010: 125}
    expect([offers.best(), offers.orderCount]).toEqual([1010, 2]);
  });
});
