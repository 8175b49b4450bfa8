import { describe, expect, it } from "vitest";
import { FrameError, statistics, testsFrame } from "../../src/notebook/index.js";
import type { SweepRow } from "../../src/notebook/index.js";
import type { SweepStatistics } from "../../src/stats/index.js";
import { stubSweep } from "../frames/fixtures.js";

// statistics takes the rows of sweepRows. Given what an analyst naturally passes instead — the run
// result, its output folder, the Promise of sweepRows — it threw a bare TypeError ("Cannot convert
// undefined to a BigInt", from each character of a folder's path) or, for a run result, returned
// tests of 0 sweeps without a word.

const RESULT = { outputDir: "/tmp/out", summary: {} };

describe("statistics given something other than sweep rows", () => {
  it.each([
    ["a folder", "/tmp/out", "a string"],
    ["a run result", RESULT, "an object with keys outputDir, summary"],
    [
      "a Promise",
      Promise.resolve([]),
      "a Promise: await it first (compare, aggregate, details and testsFrame return Promises)",
    ],
    ["an array of other things", [{ a: 1 }], "an array whose first item is not a sweep row (keys a)"],
  ])("%s is FrameError bad_argument saying to pass the rows of sweepRows", (_, given, got) => {
    let e: unknown;
    try {
      statistics(given as unknown as SweepRow[]);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(FrameError);
    expect((e as FrameError).code).toBe("bad_argument");
    expect((e as FrameError).message).toBe(
      `statistics: expected the sweep rows of sweepRows (statistics(await sweepRows(result))), got ${got}`,
    );
  });

  it("sweep rows still give their tests", () => {
    const s = statistics([
      stubSweep({ qty: 100, realFilled: 50, simFilled: 80 }),
      stubSweep({ qty: 200, realFilled: 100, simFilled: 120 }),
    ]);
    expect(s.overall.matchedQty.n).toBe(2);
    expect(s.overall.matchedQty.meanDiff).toBe(25);
    expect(statistics([]).overall.matchedQty.n).toBe(0);
  });
});

// testsFrame takes what statistics returns. Given the sweep rows themselves (one step skipped), a
// Promise or a run result, it threw a bare TypeError ("Cannot read properties of undefined (reading
// 'map')") with its stack.
describe("testsFrame given something other than the statistics of statistics()", () => {
  it.each([
    [
      "the sweep rows",
      [stubSweep({ qty: 100, realFilled: 50, simFilled: 80 })],
      "sweep rows: give them to statistics first",
    ],
    ["no rows", [], "sweep rows: give them to statistics first"],
    [
      "a Promise",
      Promise.resolve([]),
      "a Promise: await it first (compare, aggregate, details and testsFrame return Promises)",
    ],
    ["a run result", RESULT, "an object with keys outputDir, summary"],
  ])("%s is FrameError bad_argument saying what to pass", async (_, given, got) => {
    const e = await testsFrame(given as unknown as SweepStatistics).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FrameError);
    expect(e).toMatchObject({
      code: "bad_argument",
      message: `testsFrame: expected the tests of statistics (testsFrame(statistics(await sweepRows(result)))), got ${got}`,
    });
  });

  it("the tests of statistics still give their frame", async () => {
    const f = await testsFrame(statistics([stubSweep({ qty: 100, realFilled: 50, simFilled: 80 })]));
    expect(f.shape).toEqual([21, 10]);
  });
});
