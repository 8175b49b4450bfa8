/**
 * Prices are integers in ticks with `DecimalsInPrice` implied decimals (2 ⇒ 3340 = A$33.40), read
 * per security from ob.csv (default 2). Money is computed from integer ticks; these helpers only
 * format or convert at the edge.
 */

/**
 * A quote side with no price (no bid, or no offer). Real NBBO files write it as the smallest 64-bit
 * integer, {@link NO_PRICE_TEXT}; the readers turn exactly that text (in NBBO bidprice/offerprice and
 * the national bid/offer snapshot columns of order and trade rows) into −1, so the value is an
 * ordinary safe integer: exact in the `Float64Array` price columns, in the store's Int64 price
 * columns and through every path that copies them, and never a valid price (prices are ≥ 0). A quote
 * with a side ≤ 0 has no midpoint (core/nbbo.ts `midHalfTicks`). Test with {@link hasPrice}.
 */
export const NO_PRICE = -1;

/** The text real NBBO files write for a side with no price: −2^63. */
export const NO_PRICE_TEXT = "-9223372036854775808";

/** True when a quote side holds a price (not {@link NO_PRICE}). */
export function hasPrice(ticks: number): boolean {
  return ticks !== NO_PRICE;
}

/** Default implied decimals when a security is missing from ob.csv. */
export const DEFAULT_DECIMALS = 2;

/** Exact decimal text of a tick price: `formatTicks(3340, 2)` = "33.40", `formatTicks(-5, 2)` = "-0.05". */
export function formatTicks(ticks: number | bigint, decimals: number): string {
  const v = BigInt(ticks);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(decimals + 1, "0");
  const body = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return neg ? `-${body}` : body;
}

/** Ticks to AUD as a JS number (for display and plots; exact for |ticks| < 2^53 up to float rounding of the decimal). */
export function ticksToAud(ticks: number, decimals: number): number {
  return ticks / 10 ** decimals;
}

/**
 * Parses a decimal AUD price into integer ticks exactly: `audToTicks("33.4", 2)` = 3340.
 * Throws `RangeError` when the text has more decimals than the security allows or is not a number.
 */
export function audToTicks(text: string, decimals: number): number {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (m === null) throw new RangeError(`not a decimal price: "${text}"`);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > decimals) throw new RangeError(`"${text}" has more than ${decimals} decimals`);
  const ticks = Number(`${m[2]}${frac.padEnd(decimals, "0")}`);
  return m[1] === "-" ? -ticks : ticks;
}

/**
 * The ASX price step (tick size) of equities and redeemable preference shares by market price, in
 * AUD as exact fractions `[below AUD, numerator, denominator]`: below A$0.10 the step is A$0.001,
 * from A$0.10 to below A$2.00 it is A$0.005, from A$2.00 it is A$0.01. Source: ASX, "Pricing
 * information — Price steps" (asx.com.au/services/trading-services/price.htm: "Up to 10c 0.1c;
 * 10c up to $2.00 0.5c; $2.00 up to $99,999,990.00 1c"). Interest rate securities (0.1c at any
 * price) are not distinguished: ob.csv gives no asset class sweeplab reads.
 */
const ASX_EQUITY_STEPS = [
  { belowNum: 1n, belowDen: 10n, stepNum: 1n, stepDen: 1000n }, // < A$0.10: A$0.001
  { belowNum: 2n, belowDen: 1n, stepNum: 5n, stepDen: 1000n }, // < A$2.00: A$0.005
] as const;
const ASX_TOP_STEP = { stepNum: 1n, stepDen: 100n }; // ≥ A$2.00: A$0.01

/**
 * The exchange price step (one tick) at a price, in price units of the security (integers with
 * `decimals` implied decimals: 1 unit = 10^−decimals AUD), by the ASX equity schedule above: a
 * 3-decimal security at 1500 units (A$1.50) steps by 5 units (A$0.005); a 2-decimal one at 3340
 * (A$33.40) by 1 unit (A$0.01). A step finer than one unit of the security's decimals is one unit
 * (a 2-decimal security below A$2.00 steps by 1 unit = A$0.01), so the result is always a whole
 * number ≥ 1. Exact integer (bigint) arithmetic. Throws `RangeError` when `priceUnits` is not an
 * integer or `decimals` is not 0..18. A negative price takes the smallest step.
 */
export function priceStepUnits(priceUnits: number | bigint, decimals: number): number {
  if (typeof priceUnits === "number" && !Number.isSafeInteger(priceUnits))
    throw new RangeError(`price must be an integer number of units, got ${priceUnits}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18)
    throw new RangeError(`decimals must be an integer 0..18, got ${decimals}`);
  const p = BigInt(priceUnits);
  const unitsPerAud = 10n ** BigInt(decimals);
  let step: { stepNum: bigint; stepDen: bigint } = ASX_TOP_STEP;
  // price < below ⇔ p / unitsPerAud < num / den ⇔ p·den < num·unitsPerAud (exact, no division).
  for (const s of ASX_EQUITY_STEPS)
    if (p * s.belowDen < s.belowNum * unitsPerAud) {
      step = s;
      break;
    }
  // step in units = stepNum·unitsPerAud / stepDen; below one unit it is one unit. Every step of the
  // schedule is a whole number of units once it is ≥ 1 (10^d·5/1000 is whole for d ≥ 3).
  const units = (step.stepNum * unitsPerAud) / step.stepDen;
  return units < 1n ? 1 : Number(units);
}
