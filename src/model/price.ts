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
