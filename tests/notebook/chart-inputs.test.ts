import { describe, expect, it } from "vitest";
import { DataFrame, FrameError } from "../../src/notebook/index.js";
import * as charts from "../../src/notebook/chart-builders.js";
import { stubSweep } from "../frames/fixtures.js";
import { errorOf as thrown } from "../helpers.js";

// The chart builders take aggregate()'s tables or sweepRows()' rows. Given the wrong one — a
// compare() frame, a single table, a Promise not awaited — they threw a bare TypeError ("Cannot
// read properties of undefined (reading 'columns')", "rows.map is not a function"), which the
// notebook shows as a bug with its stack. Now: FrameError bad_argument saying what to pass.

const PROMISE = "a Promise: await it first (compare, aggregate, details and testsFrame return Promises)";
const frame = (): DataFrame => new DataFrame([{ group: 1, savings_aud: 2.5 }]);

const errorOf = (f: () => unknown): FrameError => thrown<FrameError>(f);

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

// Their options as typed at the REPL or in a script, where nothing type-checks them: a misspelt one
// (`charts.fillRatio(t, { name })`, `{ impacticks: 2 }`, `{ bin: 10 }`) drew the chart without it, silently.
describe("a chart builder's options at the REPL", () => {
  const names = new Map([["110621", "KEL Synthetic Security"]]);
  const tables = (): never =>
    ({
      by_security: new DataFrame([
        { security_code: "110621", sweeps: 4, real_fill_ratio: 0.5, sim_fill_ratio: 0.75, cost_orders: 1 },
      ]),
      by_participant: new DataFrame([{ participant_id: 1001, participant_name: "BrokerA", sweeps: 4 }]),
      time_series_analysis: new DataFrame([
        { date: "2024-10-02", security_code: "110621", participant_id: 1001, sweeps: 4, qty: 10, real_filled: 5 },
      ]),
    }) as never;
  const rows = [stubSweep({ savingsBps: 1.5 }), stubSweep({ savingsBps: -0.5 })];

  it.each([
    ["fillRatio", () => charts.fillRatio(tables(), { name: names } as never), '"name" is no option (by, names)'],
    ["fillRatio", () => charts.fillRatio(tables(), "security", { by: "date" } as never), '"by" is no option (names)'],
    [
      "costScenario",
      () => charts.costScenario(tables(), "security", { impacticks: 2 } as never),
      '"impacticks" is no option (names, impactTicks)',
    ],
    [
      "timeSeries",
      () => charts.timeSeries(tables(), { security: ["110621"] } as never),
      '"security" is no option (by, window, names, securities)',
    ],
    [
      "timeSeries",
      () => charts.timeSeries(tables(), "security" as never),
      "its options must be an object (by, window, names, securities), got string",
    ],
    ["savings", () => charts.savings(rows, { bin: 10 } as never), '"bin" is no option (bins)'],
    [
      "orderScatter",
      () => charts.orderScatter(rows, { maxpoints: 10, name: names } as never),
      '"maxpoints", "name" are no options (maxPoints, names)',
    ],
  ])("charts.%s refuses an option it does not take", (name, call, says) => {
    const e = errorOf(call);
    expect(e).toBeInstanceOf(FrameError);
    expect(e.code).toBe("bad_argument");
    expect(e.message).toBe(`charts.${name}: ${says}`);
  });

  it("the options they take still work, in either place", () => {
    expect(charts.fillRatio(tables(), { names }).data[0]?.x).toEqual(["110621 KEL Synthetic Security"]);
    expect(charts.fillRatio(tables(), { by: "security", names }).data[0]?.x).toEqual(["110621 KEL Synthetic Security"]);
    expect(charts.fillRatio(tables(), "security", { names }).data[0]?.x).toEqual(["110621 KEL Synthetic Security"]);
    expect(charts.costScenario(tables(), { by: "security", names, impactTicks: 2 }).data[0]?.x).toEqual([
      "110621 KEL Synthetic Security",
    ]);
    expect(charts.timeSeries(tables(), { by: "security", window: 3, names, securities: ["110621"] }).data.length).toBe(
      2,
    );
    expect(charts.savings(rows, { bins: 10 }).data.length).toBeGreaterThan(0);
    expect(charts.orderScatter(rows, { maxPoints: 10, names }).data.length).toBeGreaterThan(0);
  });
});
