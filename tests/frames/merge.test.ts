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

  it("an `on` that names no column, or a column a frame lacks, is a FrameError naming it (before: TypeErrors, a cross join)", () => {
    const msg = (args: Record<string, unknown>): string => {
      try {
        merge(untyped(args));
      } catch (e) {
        expect(e).toBeInstanceOf(FrameError);
        return `${(e as FrameError).code}: ${(e as FrameError).message}`;
      }
      return "no error";
    };
    const example = 'merge({ left, right, on: ["security_code"] })';
    // Left out or misspelt (`On`): danfojs threw "Cannot read properties of undefined (reading 'length')".
    expect(msg({ left: left(), right: right(), On: ["order_id"] })).toBe(
      `bad_argument: merge: on must name one column or a list of them (${example}), got nothing`,
    );
    // An empty list: danfojs joined every row with every row (6 rows).
    expect(msg({ left: left(), right: right(), on: [] })).toBe(
      `bad_argument: merge: on must name one column or a list of them (${example}), got []`,
    );
    // A column of one frame only: danfojs' "Column names length mismatch".
    expect(msg({ left: left(), right: right(), on: ["qty"] })).toBe(
      'unknown_column: merge: on column (right) "qty" is not a column of this frame; its columns are: order_id, group',
    );
    // One name, as pandas takes it (danfojs: "Cannot use 'in' operator").
    expect(merge(untyped({ left: left(), right: right(), on: "order_id" })).shape).toEqual([2, 3]);
  });
});
