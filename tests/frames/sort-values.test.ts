import { describe, expect, it } from "vitest";
import { DataFrame, Series } from "../../src/frames/danfo.js";

// danfojs-node 1.2 sorts with `Number(a) - Number(b)`: a NaN (a sweep with nothing compared has
// savings_bps NaN) makes the comparison inconsistent, and the order comes out wrong, not just with
// the NaN misplaced: `compare(r).sortValues("savings_bps", { ascending: false }).head(5)` showed a
// 52.1 bps sweep first and then zeros, while a 63.7 bps sweep sat further down. sweeplab's danfojs
// sorts as pandas does: missing values (NaN, null, undefined) last in either direction, ties in
// their original order.

const bps = [0, Number.NaN, 52.1, 0, Number.NaN, 63.7, -14.4, Number.NaN, 9.9, 0];
const labels = bps.map((_, i) => i);

describe("DataFrame.sortValues with missing values", () => {
  const frame = (): DataFrame =>
    new DataFrame({ order: labels.map((i) => `o${i}`), savings_bps: bps }, { columns: ["order", "savings_bps"] });

  it("descending: the largest first, NaN last, the row labels carried along", () => {
    const sorted: DataFrame = frame().sortValues("savings_bps", { ascending: false });
    expect(sorted.index).toEqual([5, 2, 8, 0, 3, 9, 6, 1, 4, 7]);
    expect(sorted.column("order").values).toEqual(["o5", "o2", "o8", "o0", "o3", "o9", "o6", "o1", "o4", "o7"]);
    const top: DataFrame = sorted.head(3);
    expect(top.column("savings_bps").values).toEqual([63.7, 52.1, 9.9]);
  });

  it("also on the frames danfojs methods return (head, query, loc: its base class)", () => {
    const part: DataFrame = frame().head(10);
    const sorted: DataFrame = part.sortValues("savings_bps", { ascending: false });
    expect(sorted.index).toEqual([5, 2, 8, 0, 3, 9, 6, 1, 4, 7]);
    const column: Series = part.column("savings_bps");
    expect(column.sortValues({ ascending: false }).index).toEqual([5, 2, 8, 0, 3, 9, 6, 1, 4, 7]);
  });

  it("ascending: the smallest first, NaN last", () => {
    const sorted: DataFrame = frame().sortValues("savings_bps");
    expect(sorted.index).toEqual([6, 0, 3, 9, 8, 2, 5, 1, 4, 7]);
  });

  it("inplace sorts the frame itself", () => {
    const f = frame();
    f.sortValues("savings_bps", { ascending: false, inplace: true });
    expect(f.index).toEqual([5, 2, 8, 0, 3, 9, 6, 1, 4, 7]);
    expect(f.column("savings_bps").values.slice(0, 3)).toEqual([63.7, 52.1, 9.9]);
  });

  it("texts sort as before (case-insensitively), an unknown column still throws danfojs' error", () => {
    const f = new DataFrame({ band: ["Small", "large", "Medium"] });
    const byBand: DataFrame = f.sortValues("band");
    expect(byBand.column("band").values).toEqual(["large", "Medium", "Small"]);
    expect(() => f.sortValues("nope")).toThrow(/not found in columns/);
  });
});

describe("Series.sortValues with missing values", () => {
  it("sorts the values, NaN last, in either direction", () => {
    const s = new Series(bps, { index: labels });
    const down: Series = s.sortValues({ ascending: false });
    expect(down.values).toEqual([63.7, 52.1, 9.9, 0, 0, 0, -14.4, Number.NaN, Number.NaN, Number.NaN]);
    expect(down.index).toEqual([5, 2, 8, 0, 3, 9, 6, 1, 4, 7]);
    const up: Series = s.sortValues();
    expect(up.index).toEqual([6, 0, 3, 9, 8, 2, 5, 1, 4, 7]);
  });
});
