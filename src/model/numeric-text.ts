/**
 * Compares two values written as text that are meant as non-negative integers (a sequence number,
 * a ns timestamp), exactly and without a JS number: digits by value (length without leading zeros,
 * then text), so `9` < `10` and values beyond 2^53 stay exact; a value that is not all digits
 * (empty, signed, text) sorts after every one that is, by text. Spaces around a value are ignored.
 * Returns negative, 0 or positive.
 */
export function compareNumericText(a: string, b: string): number {
  const key = (s: string): [number, string] => {
    const t = s.trim();
    if (!/^\d+$/.test(t)) return [Number.MAX_SAFE_INTEGER, t];
    const digits = t.replace(/^0+(?=\d)/, "");
    return [digits.length, digits];
  };
  const [la, ta] = key(a);
  const [lb, tb] = key(b);
  if (la !== lb) return la - lb;
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}
