/**
 * Money at the edge of exactness: values are integer ticks, but a saving compares two average
 * prices, which are ratios. Each order's saving is therefore rounded once, half away from zero, to a
 * whole number of micro-AUD (1e-6 AUD); from there on every sum is of integers and exactly additive,
 * so N jobs summed equal one job over their union.
 */

/** Rounds half away from zero. */
export function roundHalfAway(x: number): number {
  // `+ 0` turns −0 into 0, so that a zero saving prints and compares as 0.
  return (x < 0 ? -Math.round(-x) : Math.round(x)) + 0;
}

/** Ticks (possibly fractional) → whole micro-AUD, given the security's implied decimals. */
export function ticksToMicroAud(ticks: number, decimals: number): number {
  return roundHalfAway((ticks * 1e6) / 10 ** decimals);
}

/** +1 for a buy (side 1), −1 for a sell (side 2): the sign that makes a saving positive. */
export function sideSign(side: number): 1 | -1 {
  return side === 2 ? -1 : 1;
}
