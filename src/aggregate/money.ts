import { comparedValueMicroAud as comparedValue } from "../core/job-sums.js";
import type { SweepRow } from "./inputs.js";
import { AggregationError } from "./errors.js";

/*
 * Money across securities: each job's integer ticks become integer micro-AUD (ticks × 10^(6 −
 * decimals), exact for decimals ≤ 6) before anything is summed, and sums are bigint, so totals are
 * exact at any size. AUD text is printed from the integer, never from a float.
 */

const SCALE = [1_000_000n, 100_000n, 10_000n, 1_000n, 100n, 10n, 1n] as const;

/** 10^(6 − decimals) as a bigint; `bad_decimals` AggregationError unless decimals is an integer in 0..6. */
export function microAudPerTick(decimals: number): bigint {
  const s = SCALE[decimals];
  if (s === undefined || !Number.isInteger(decimals))
    throw new AggregationError("bad_decimals", `DecimalsInPrice must be an integer in 0..6, got ${decimals}`);
  return s;
}

/** Whole ticks → whole micro-AUD, exactly. */
export function ticksToMicroAudExact(ticks: number, decimals: number): bigint {
  return BigInt(ticks) * microAudPerTick(decimals);
}

/** Whole half ticks → whole half micro-AUD, exactly (halve with {@link halfToWhole} once, at the end). */
export function halfTicksToHalfMicroAud(halfTicks: number, decimals: number): bigint {
  return BigInt(halfTicks) * microAudPerTick(decimals);
}

/** Half units → whole units, rounding half away from zero (only ever rounds at 6 price decimals). */
export function halfToWhole(half: bigint): bigint {
  const q = half / 2n;
  return half % 2n === 0n ? q : half > 0n ? q + 1n : q - 1n;
}

/**
 * The real value of the compared quantity of one sweep row, real VWAP × comparedQty, in whole
 * micro-AUD rounded half up once per order (as savings are): the denominator of savings in basis
 * points, as the core sums it (`JobSums`). 0 when nothing was compared (or the sweep was not
 * simulated); `bad_decimals` AggregationError unless decimals is in 0..6.
 */
export function comparedValueMicroAud(row: SweepRow): bigint {
  microAudPerTick(row.decimals);
  return comparedValue(row.realValueTicks, row.comparedQty ?? 0, row.realFilled, row.decimals);
}

/** Whole micro-AUD → AUD text with exactly 6 decimals ("-12.000345"), exact at any size. */
export function formatMicroAud(microAud: bigint): string {
  const neg = microAud < 0n;
  const abs = neg ? -microAud : microAud;
  const frac = (abs % 1_000_000n).toString().padStart(6, "0");
  return `${neg ? "-" : ""}${abs / 1_000_000n}.${frac}`;
}

/** AUD text with at most 6 decimals → whole micro-AUD (the inverse of {@link formatMicroAud}); RangeError on other text. */
export function parseAud(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (m === null) throw new RangeError(`not an AUD amount with at most 6 decimals: "${text}"`);
  const v = BigInt(m[2] ?? "0") * 1_000_000n + BigInt((m[3] ?? "").padEnd(6, "0"));
  return m[1] === "-" ? -v : v;
}
