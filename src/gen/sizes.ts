/**
 * Order size distributions (shares). Sweep sizes cover the analysis' bands: Small ≤ 500,
 * Medium ≤ 2,000, Large > 2,000.
 */
import type { Rng } from "./rng.js";

/** A lit order size: log-uniform 10–5,000 shares, often a round lot of 100 above 1,000. */
export function litQuantity(rng: Rng): number {
  const q = rng.logInt(10, 5000);
  return q >= 1000 && rng.chance(0.6) ? Math.round(q / 100) * 100 : q;
}

/** A sweep size: Small (10–500) 40 %, Medium (501–2,000) 32 %, Large (2,001–25,000) 28 %. */
export function sweepQuantity(rng: Rng): number {
  const r = rng.float();
  if (r < 0.4) return rng.logInt(10, 500);
  if (r < 0.72) return rng.int(501, 2000);
  return rng.logInt(2001, 25_000);
}

/** A resting Centre Point (64) order size: log-uniform 100–5,000 shares. */
export function cpQuantity(rng: Rng): number {
  return rng.logInt(100, 5000);
}

/** Rounds up to a whole lot of 100 shares (at least 100). */
export function roundUpLot(q: number): number {
  return Math.max(100, Math.ceil(q / 100) * 100);
}

/**
 * A Centre Point block (4096) size: A$100k–A$800k of value at `priceDollars`, in whole lots, with a
 * minimumquantity of 5–30 % of it (whole lots) and, for 30 % of blocks, a singlefillminimumquantity
 * of half that.
 */
export function blockQuantities(rng: Rng, priceDollars: number): { qty: number; minQty: number; sfMinQty: number } {
  const qty = roundUpLot(rng.logInt(100_000, 800_000) / priceDollars);
  const minQty = roundUpLot(qty * (0.05 + 0.25 * rng.float()));
  const sfMinQty = rng.chance(0.3) ? roundUpLot(minQty / 2) : 0;
  return { qty, minQty, sfMinQty };
}
