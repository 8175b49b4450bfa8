import { describe, expect, it } from "vitest";
import { concat, DataFrame, Series } from "../../src/frames/danfo.js";

// danfojs-node 1.2's concat builds its result on its inputs' own column arrays: along rows it
// appends the other frames' rows to the first frame's columns, along columns it pads the shorter
// frames' columns with NaN. The inputs were corrupted: stacking two runs' compare frames
// (concat({ dfList: [a, b], axis: 0 })) left `a` unreadable ("IndexError: You provided an index
// of length 155 but Ndframe rows has length of 310" on a.column(…)). sweeplab's concat gives
// danfojs copies: its inputs stay as they were.

const frameA = (): DataFrame => new DataFrame({ run: ["a", "a"], qty: [1, 2] });
const frameB = (): DataFrame => new DataFrame({ run: ["b", "b", "b"], qty: [3, 4, 5] });

describe("concat leaves its inputs as they were", () => {
  it("along rows: the result stacks them, the first frame keeps its rows and columns", () => {
    const a = frameA();
    const b = frameB();
    const both = concat({ dfList: [a, b], axis: 0 }) as DataFrame;
    expect(both.shape).toEqual([5, 2]);
    expect(both.column("qty").values).toEqual([1, 2, 3, 4, 5]);
    expect(a.shape).toEqual([2, 2]);
    expect(a.column("qty").values).toEqual([1, 2]);
    expect(a.column("run").values).toEqual(["a", "a"]);
    expect(b.column("qty").values).toEqual([3, 4, 5]);
    // And again: the same inputs give the same result.
    expect((concat({ dfList: [a, b], axis: 0 }) as DataFrame).column("qty").values).toEqual([1, 2, 3, 4, 5]);
  });

  it("along columns: the shorter frame is not padded with NaN", () => {
    const a = frameA();
    const b = new DataFrame({ other: [7, 8, 9] });
    const wide = concat({ dfList: [a, b], axis: 1 }) as DataFrame;
    expect(wide.shape).toEqual([3, 3]);
    expect(a.column("qty").values).toEqual([1, 2]);
  });

  it("Series too", () => {
    const s = new Series([1, 2]);
    const t = new Series([3]);
    const st = concat({ dfList: [s, t], axis: 0 }) as Series;
    expect(st.values).toEqual([1, 2, 3]);
    expect(s.values).toEqual([1, 2]);
  });
});
