import { describe, expect, it } from "vitest";
import { concat, DataFrame } from "../../src/frames/danfo.js";
import { crosstab, dropNa, filter, FrameError, pivot } from "../../src/frames/index.js";
import { errorOf as thrown } from "../helpers.js";

// The frame helpers' options as typed at the REPL or in a script, where nothing type-checks them:
// crosstab(…, { margin: true }) left out the totals, filter(…, { keepindex: true }) gave fresh
// labels and concat({ dfList, axes: 1 }) stacked rows — each without a word. Now one bad_argument.

const frame = (): DataFrame => new DataFrame({ side: ["buy", "sell", "buy"], group: [1, 1, 2], qty: [10, 20, 30] });

const errorOf = (f: () => unknown): FrameError => thrown<FrameError>(f);

const untyped = (o: unknown): never => o as never;

describe("the frame helpers refuse an option they do not take", () => {
  it.each([
    [
      "crosstab",
      () => crosstab(frame(), "side", "group", untyped({ margin: true })),
      '"margin" is no option (values, agg, margins)',
    ],
    [
      "filter",
      () => filter(frame(), [true, false, true], untyped({ keepindex: true })),
      '"keepindex" is no option (keepIndex)',
    ],
    ["dropNa", () => dropNa(frame(), ["qty"], untyped({ keep_index: true })), '"keep_index" is no option (keepIndex)'],
    [
      "pivot",
      () => pivot(frame(), untyped({ index: "side", columns: "group", values: "qty", aggfunc: "sum" })),
      '"aggfunc" is no option (index, columns, values, agg, fill)',
    ],
    ["concat", () => concat(untyped({ dfList: [frame(), frame()], axes: 1 })), '"axes" is no option (dfList, axis)'],
    [
      "concat",
      () => concat(untyped({ dfList: [frame(), frame()], axis: "1" })),
      'axis must be 0 (rows) or 1 (columns), got "1"',
    ],
    // NaN was said as "got null" (JSON).
    [
      "concat",
      () => concat(untyped({ dfList: [frame(), frame()], axis: Number.NaN })),
      "axis must be 0 (rows) or 1 (columns), got NaN",
    ],
    [
      "filter",
      () => filter(frame(), [true, false, true], untyped(true)),
      "its options must be an object (keepIndex), got boolean",
    ],
  ])("%s", (what, call, says) => {
    const e = errorOf(call);
    expect(e).toBeInstanceOf(FrameError);
    expect(e.code).toBe("bad_argument");
    expect(e.message).toBe(`${what}: ${says}`);
  });

  it("the options they take still work", () => {
    const t = crosstab(frame(), "side", "group", { margins: true });
    expect(t.columns).toEqual(["side", "1", "2", "All"]);
    expect(t.values).toEqual([
      ["buy", 1, 1, 2],
      ["sell", 1, 0, 1],
      ["All", 2, 1, 3],
    ]);
    expect(crosstab(frame(), "side", "group", { values: "qty", agg: "sum" }).values).toEqual([
      ["buy", 10, 30],
      ["sell", 20, Number.NaN],
    ]);
    expect(filter(frame(), [false, true, true], { keepIndex: true }).index).toEqual([1, 2]);
    expect(dropNa(frame(), ["qty"], { keepIndex: false }).index).toEqual([0, 1, 2]);
    expect(pivot(frame(), { index: "side", columns: "group", values: "qty", agg: "sum", fill: 0 }).values).toEqual([
      ["buy", 10, 30],
      ["sell", 20, 0],
    ]);
    expect((concat({ dfList: [frame(), frame()], axis: 0 }) as DataFrame).shape).toEqual([6, 3]);
    expect((concat({ dfList: [frame(), frame()], axis: 1 }) as DataFrame).shape).toEqual([3, 6]);
  });
});
