/**
 * A p-value as text, never "0": 2 significant digits, in scientific notation below 1e-4
 * (`2.2e-50`, `3.9e-14`), plainly above (`0.013`, `0.5`, `1`); `< 1e-300` for a p below 1e-300
 * (or one that underflowed to 0); "" for undefined or NaN (a test without an answer).
 */
export function formatPValue(p: number | undefined): string {
  if (p === undefined || Number.isNaN(p)) return "";
  if (p < 1e-300) return "< 1e-300";
  if (p < 1e-4) return p.toExponential(1);
  return String(Number(p.toPrecision(2)));
}
