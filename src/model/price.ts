/**
 * Prices are integers in ticks with `DecimalsInPrice` implied decimals (2 ⇒ 3340 = A$33.40), read
 * per security from ob.csv (default 2). Money is computed from integer ticks; these helpers only
 * format or convert at the edge.
 */

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
