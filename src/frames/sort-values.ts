import type { DanfoModule } from "./danfo.js";
import { isMissing } from "./frame-read.js";

/*
 * danfojs-node 1.2's `sortValues` (DataFrame and Series) compares with `Number(a) - Number(b)`: one
 * NaN in the column (a sweep with nothing compared has `savings_bps` NaN) makes the comparison
 * inconsistent and the whole order wrong, silently (`sortValues("savings_bps", { ascending: false })
 * .head(5)` is not the five largest). sweeplab's danfojs sorts as pandas does: missing values (NaN,
 * null, undefined) last in either direction, numbers by value, texts case-insensitively as danfojs
 * does, ties in their original order; the rows keep their labels, `inplace` sorts the frame itself.
 */

type Sortable = {
  readonly values: readonly unknown[];
  readonly index: readonly unknown[];
  iloc(args: unknown): Sortable;
  $setValues(values: unknown): void;
  $setIndex(index: unknown): void;
};

/** Compares two present cells as danfojs' sort means to: texts case-insensitively, else as numbers. */
function comparePresent(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") {
    const x = a.toUpperCase();
    const y = b.toUpperCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b) || 0;
}

/** The positions of `values` in sorted order: missing values last, ties in their original order. */
export function sortedPositions(values: readonly unknown[], ascending: boolean): number[] {
  const sign = ascending ? 1 : -1;
  return values
    .map((_, i) => i)
    .sort((i, j) => {
      const a = values[i];
      const b = values[j];
      const ma = isMissing(a);
      const mb = isMissing(b);
      if (ma || mb) return ma && mb ? i - j : ma ? 1 : -1;
      return sign * comparePresent(a, b) || i - j;
    });
}

/** The frame (or Series) in the order of `values`, or sorted in place (undefined) when `inplace`. */
function sortBy(target: Sortable, values: readonly unknown[], rows: boolean, options: unknown): Sortable | undefined {
  const { ascending = true, inplace = false } = (options ?? {}) as { ascending?: boolean; inplace?: boolean };
  const order = sortedPositions(values, ascending);
  const sorted = target.iloc(rows ? { rows: order } : order);
  if (!inplace) return sorted;
  target.$setValues(sorted.values);
  target.$setIndex(sorted.index);
  return undefined;
}

/** The prototype in `cls`'s chain that defines `name`: danfojs' base class, whose instances its methods return. */
function owner(cls: { prototype: object }, name: string): Record<string, unknown> {
  for (let p: object | null = cls.prototype; p !== null; p = Object.getPrototypeOf(p) as object | null)
    if (Object.prototype.hasOwnProperty.call(p, name)) return p as Record<string, unknown>;
  return cls.prototype as Record<string, unknown>;
}

const SORT_INSTALLED = Symbol.for("sweeplab.sortValues");

/**
 * Replaces danfojs' `sortValues` of DataFrame and Series (on the base classes that define it, so a
 * frame from `head`, `query` or `loc` sorts the same) by the missing-values-last sort above, once.
 */
export function installSortValues(danfo: Pick<DanfoModule, "DataFrame" | "Series">): void {
  const frame = owner(danfo.DataFrame, "sortValues");
  const series = owner(danfo.Series, "sortValues");
  if (Object.prototype.hasOwnProperty.call(frame, SORT_INSTALLED)) return;
  const original = frame.sortValues as (this: Sortable, column: string, options?: unknown) => unknown;
  frame.sortValues = function (
    this: Sortable & { columns: string[]; column(c: string): Sortable },
    column: string,
    options?: unknown,
  ) {
    // danfojs' own errors for a missing or unknown column.
    if (!column || !this.columns.includes(column)) return original.call(this, column, options);
    return sortBy(this, this.column(column).values, true, options);
  };
  series.sortValues = function (this: Sortable, options?: unknown) {
    return sortBy(this, this.values, false, options);
  };
  Object.defineProperty(frame, SORT_INSTALLED, { value: true });
}
