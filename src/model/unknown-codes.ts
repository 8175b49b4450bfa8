/**
 * Counting the code values outside the tables of ./codes.ts that the readers keep: the policy, the
 * counts' shape, and the adding of counts from several reads (byte ranges, files) into one.
 */
/** What the readers do with a value outside its code table: keep the row and count it (default), or reject it. */
export type UnknownCodePolicy = "keep" | "reject";

/** Unknown code values seen, per column (header name) and value: `{ changereason: { "99": 3 } }`. */
export type UnknownCodeCounts = Record<string, Record<string, number>>;

/**
 * Adds `from` into `into` (or a copy into an empty object when `into` is undefined) and returns it,
 * columns sorted by name (values, integer keys, are in ascending order already): the same counts
 * give the same JSON, whatever order the parts were read in.
 */
export function addUnknownCodes(into: UnknownCodeCounts | undefined, from: UnknownCodeCounts): UnknownCodeCounts {
  const all: UnknownCodeCounts = { ...into };
  for (const [column, values] of Object.entries(from)) {
    const to = { ...all[column] };
    for (const [value, n] of Object.entries(values)) to[value] = (to[value] ?? 0) + n;
    all[column] = to;
  }
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((c) => [c, all[c] as Record<string, number>]),
  );
}

/** A running tally of unknown code values, per column and value (what a reader fills row by row). */
export class UnknownCodeTally {
  private readonly byColumn = new Map<string, Map<number, number>>();

  /** Counts one `value` of `column` (a header name). */
  add(column: string, value: number): void {
    let values = this.byColumn.get(column);
    if (values === undefined) this.byColumn.set(column, (values = new Map<number, number>()));
    values.set(value, (values.get(value) ?? 0) + 1);
  }

  /** The counts, columns by name and values ascending; undefined when nothing was counted. */
  counts(): UnknownCodeCounts | undefined {
    if (this.byColumn.size === 0) return undefined;
    const out: UnknownCodeCounts = {};
    for (const column of [...this.byColumn.keys()].sort()) {
      const values = this.byColumn.get(column) as Map<number, number>;
      out[column] = Object.fromEntries([...values].sort((a, b) => a[0] - b[0]).map(([v, n]) => [String(v), n]));
    }
    return out;
  }
}
