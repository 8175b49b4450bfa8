import { describe, expect, it } from "vitest";
import { DataFrame, merge } from "../../src/frames/danfo.js";
import { FrameError } from "../../src/frames/frame-error.js";

/*
 * merge({ left, right, on }) typed at the REPL or in a script (no type check): danfojs-node 1.2
 * gave a frame of no rows, silently, when `how` was left out or misspelt (its switch matched
 * nothing); pandas joins "inner" by default. A self-join of compare's frame on order_id came back
 * empty.
 */
const left = (): DataFrame =>
  new DataFrame({ order_id: ["7904794000000002465", "7904794000000003171", "7904794000000003252"], qty: [10, 20, 30] });
const right = (): DataFrame =>
  new DataFrame({ order_id: ["7904794000000003171", "7904794000000002465"], group: [3, 1] });

/** A call as untyped code makes it. */
const untyped = (args: Record<string, unknown>): Parameters<typeof merge>[0] => args as Parameters<typeof merge>[0];

describe("merge", () => {
  it("joins inner without `how`, as pandas", () => {
    const m: DataFrame = merge(untyped({ left: left(), right: right(), on: ["order_id"] }));
    expect(m.shape).toEqual([2, 3]);
    expect(m.column("order_id").values).toEqual(["7904794000000002465", "7904794000000003171"]);
    expect(m.column("group").values).toEqual([1, 3]);
    expect(merge({ left: left(), right: right(), on: ["order_id"], how: "left" }).shape).toEqual([3, 3]);
  });

  it("refuses a misspelt `how` instead of returning no rows", () => {
    expect(() => merge(untyped({ left: left(), right: right(), on: ["order_id"], how: "outter" }))).toThrow(FrameError);
    expect(() => merge(untyped({ left: left(), right: right(), on: ["order_id"], how: "outter" }))).toThrow(
      /how must be "inner" \(the default\), "outer", "left" or "right"; got "outter"/,
    );
  });
});
