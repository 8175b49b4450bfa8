import { describe, expect, it } from "vitest";
import { DataFrame, FrameError } from "../../src/notebook/index.js";
import * as charts from "../../src/notebook/chart-builders.js";
import { stubSweep } from "../frames/fixtures.js";

// The chart builders take aggregate()'s tables or sweepRows()' rows. Given the wrong one — a
// compare() frame, a single table, a Promise not awaited — they threw a bare TypeError ("Cannot
// read properties of undefined (reading 'columns')", "rows.map is not a function"), which the
// notebook shows as a bug with its stack. Now: FrameError bad_argument saying what to pass.

const PROMISE = "a Promise: await it first (compare, aggregate, details and testsFrame return Promises)";
const frame = (): DataFrame => new DataFrame([{ group: 1, savings_aud: 2.5 }]);

function errorOf(f: () => unknown): FrameError {
  try {
    f();
  } catch (e) {
    return e as FrameError;
  }
  throw new Error("no error");
}

describe("a chart builder given the wrong input", () => {
  it.each([
    ["fillRatio", () => charts.fillRatio(frame() as never), "a DataFrame (one table: give them all)"],
    ["sizeBand", () => charts.sizeBand(Promise.resolve({}) as never), PROMISE],
    ["timeOfDay", () => charts.timeOfDay({} as never), "an object without the table time_of_day"],
    ["participant", () => charts.participant("out/" as never), "a string"],
    ["timeSeries", () => charts.timeSeries(undefined as never), "undefined"],
    ["costScenario", () => charts.costScenario({ by_security: 1 } as never), "an object without the table by_security"],
  ])("charts.%s of something other than aggregate's tables", (name, call, got) => {
    const e = errorOf(call);
    expect(e).toBeInstanceOf(FrameError);
    expect(e.code).toBe("bad_argument");
    expect(e.message).toBe(
      `charts.${name}: expected the tables of aggregate (charts.${name}(await aggregate(result))), got ${got}`,
    );
  });

  it.each([
    ["savings", () => charts.savings(frame() as never), "a DataFrame (compare's frame? give the rows of sweepRows)"],
    ["savingsBox", () => charts.savingsBox(Promise.resolve([]) as never), PROMISE],
    [
      "orderScatter",
      () => charts.orderScatter([{ a: 1 }] as never),
      "an array whose first item is not a sweep row (keys a)",
    ],
  ])("charts.%s of something other than sweep rows", (name, call, got) => {
    const e = errorOf(call);
    expect(e).toBeInstanceOf(FrameError);
    expect(e.code).toBe("bad_argument");
    expect(e.message).toBe(
      `charts.${name}: expected the sweep rows of sweepRows (charts.${name}(await sweepRows(result))), got ${got}`,
    );
  });

  it("the right input still draws", () => {
    const rows = [stubSweep({ savingsBps: 1.5 }), stubSweep({ savingsBps: -0.5 })];
    expect(charts.savingsBox(rows).data.length).toBeGreaterThan(0);
    expect(charts.savings([]).data).toBeDefined();
  });
});
