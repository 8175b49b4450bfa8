import { describe, expect, it } from "vitest";
import { aggregateFrames, jobSumsFromSweeps, TABLE_NAMES, toDataFrame, type Table } from "../../src/frames/index.js";
import { stubSweep } from "./fixtures.js";

const TABLE: Table = {
  name: "by_participant",
  columns: ["participant_id", "sweeps", "real_value_aud", "real_fill_ratio"],
  kinds: ["key", "sum", "aud", "ratio"],
  rows: [
    [1001, 3, "1234.500001", 0.25],
    [1002, 0, "-0.000001", ""],
  ],
};

describe("toDataFrame", () => {
  it("keeps the shape, column order and values; AUD as numbers, undefined ratios as NaN", () => {
    const df = toDataFrame(TABLE);
    expect(df.shape).toEqual([2, 4]);
    expect(df.columns).toEqual(TABLE.columns);
    expect(df.values).toEqual([
      [1001, 3, 1234.500001, 0.25],
      [1002, 0, -0.000001, Number.NaN],
    ]);
    expect(df.dtypes).toEqual(["int32", "int32", "float32", "float32"]);
    expect(df.column("real_value_aud").values).toEqual([1234.500001, -0.000001]);
  });

  it("keeps text keys as strings and builds an empty table", () => {
    const df = toDataFrame({ ...TABLE, columns: ["date", "sweeps"], kinds: ["key", "sum"], rows: [["2024-10-02", 1]] });
    expect(df.dtypes).toEqual(["string", "int32"]);
    expect(df.values).toEqual([["2024-10-02", 1]]);
    expect(toDataFrame({ ...TABLE, rows: [] }).shape).toEqual([0, 4]);
  });
});

describe("aggregateFrames", () => {
  it("gives one DataFrame per table, shaped as the table", () => {
    const sweeps = [
      stubSweep({ group: 1, realFilled: 100, realValueTicks: 100_000 }),
      stubSweep({ orderId: 2n, participantId: 1002, date: "2024-10-03" }),
    ];
    const frames = aggregateFrames(jobSumsFromSweeps(sweeps));
    expect(Object.keys(frames)).toEqual([...TABLE_NAMES]);
    expect(frames.global_summary.shape).toEqual([16, 20]);
    expect(frames.by_date.column("date").values).toEqual(["2024-10-02", "2024-10-03"]);
    expect(frames.by_participant.column("participant_id").values).toEqual([1001, 1002]);
    expect(frames.by_security.column("real_value_aud").values).toEqual([1000]);
    expect(frames.time_series_analysis.shape[0]).toBe(2);
  });
});
