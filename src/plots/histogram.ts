/** Counts of values in equal-width bins: bin i covers [start + i·width, start + (i + 1)·width). */
export interface Histogram {
  start: number;
  width: number;
  counts: number[];
}

/** A "nice" step (1, 2 or 5 × 10^k) near `span / bins`. */
function niceStep(span: number, bins: number): number {
  const raw = span / bins;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Bins the finite values into about `bins` bins of a nice width (1, 2 or 5 × 10^k) whose edges
 * are whole multiples of the width; equal values get one bin of width 1. Non-finite values are left
 * out. Deterministic: the same values in any order give the same histogram.
 */
export function histogram(values: readonly number[], bins = 40): Histogram {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { start: 0, width: 1, counts: [] };
  let min = Infinity;
  let max = -Infinity;
  for (const v of xs) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = max > min ? niceStep(max - min, Math.max(1, bins)) : 1;
  const start = max > min ? Math.floor(min / width) * width : min - width / 2;
  const n = Math.max(1, Math.floor((max - start) / width) + 1);
  const counts = new Array<number>(n).fill(0);
  const h = { start, width, counts };
  for (const v of xs) {
    const i = binOf(h, v);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return h;
}

/** The index of the bin of `h` holding `v` (values past the last edge fall in the last bin). */
export function binOf(h: Histogram, v: number): number {
  return Math.max(0, Math.min(h.counts.length - 1, Math.floor((v - h.start) / h.width)));
}

/** The centre of every bin of `h`, rounded to 12 significant digits (no float noise in figures). */
export function binCenters(h: Histogram): number[] {
  return h.counts.map((_, i) => Number((h.start + (i + 0.5) * h.width).toPrecision(12)));
}
