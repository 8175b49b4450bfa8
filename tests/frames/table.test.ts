import { describe, expect, it } from "vitest";
import {
  AggregationError,
  aggregateAll,
  comparedValueMicroAud,
  formatMicroAud,
  formatRatio,
  jobSumsFromSweeps,
  parseAud,
  tableToCsv,
  ticksToMicroAudExact,
  timeOfDay,
  type AggregationErrorCode,
  type JobSumsInput,
  type Table,
} from "../../src/frames/index.js";
import { at, stubSweep } from "./fixtures.js";

describe("money", () => {
  it("converts ticks to micro-AUD exactly at every decimals 0..6", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((d) => ticksToMicroAudExact(12_345, d))).toEqual([
      12_345_000_000n,
      1_234_500_000n,
      123_450_000n,
      12_345_000n,
      1_234_500n,
      123_450n,
      12_345n,
    ]);
    expect(() => ticksToMicroAudExact(1, 7)).toThrow(AggregationError);
  });

  it("prints AUD with 6 decimals from the integer, beyond 2^53 micro-AUD", () => {
    expect(formatMicroAud(0n)).toBe("0.000000");
    expect(formatMicroAud(-1n)).toBe("-0.000001");
    expect(formatMicroAud(1_234_500_001n)).toBe("1234.500001");
    // A$90 billion and one micro-dollar: 2^53 ≈ 9.007e15 micro-AUD would round it as a float.
    expect(formatMicroAud(90_000_000_000_000_001n)).toBe("90000000000.000001");
    expect(parseAud("90000000000.000001")).toBe(90_000_000_000_000_001n);
    expect(parseAud("-0.5")).toBe(-500_000n);
    expect(() => parseAud("1.2345678")).toThrow(RangeError);
  });

  it("rounds the compared real value (VWAP × compared qty) once per order, half up", () => {
    // 1,001 ticks for 3 shares, 2 compared: 1001·2/3 = 667.33 ticks → ×10,000 = 6,673,333.3 → 6,673,333 micro-AUD
    expect(comparedValueMicroAud(stubSweep({ realFilled: 3, realValueTicks: 1001, comparedQty: 2 }))).toBe(6_673_333n);
    // 5 ticks for 2 shares, 1 compared, decimals 6: 2.5 → 3
    expect(comparedValueMicroAud(stubSweep({ decimals: 6, realFilled: 2, realValueTicks: 5, comparedQty: 1 }))).toBe(
      3n,
    );
  });
});

describe("tableToCsv", () => {
  it("prints integers as integers, AUD text as is, ratios with at most 10 significant digits, quotes when needed", () => {
    const t: Table = {
      name: "by_security",
      columns: ["security_code", "sweeps", "savings_aud", "real_fill_ratio", "savings_bps"],
      kinds: ["key", "sum", "aud", "ratio", "ratio"],
      rows: [
        ["A,B", 12, "-3.000001", 1 / 3, ""],
        ["C", 0, "0.000000", 1, 0.1 + 0.2],
        ["D", 3_000_000_000, "1.000000", 2 / 3e7, -0],
      ],
    };
    expect(tableToCsv(t)).toBe(
      "security_code,sweeps,savings_aud,real_fill_ratio,savings_bps\n" +
        '"A,B",12,-3.000001,0.3333333333,\n' +
        "C,0,0.000000,1,0.3\n" +
        "D,3000000000,1.000000,6.666666667e-8,0\n",
    );
    expect(formatRatio(123456.78901234)).toBe("123456.789");
  });
});

describe("time_of_day", () => {
  it("keeps sweeps placed outside the window in rows of their own", () => {
    const sweeps = ["09:59:59", "10:00", "10:29:59.999", "10:30", "16:00", "17:10"].map((t, i) =>
      stubSweep({ orderId: BigInt(i + 1), placedNs: at(t.split(".")[0]!) + (t.includes(".") ? 999e6 : 0) }),
    );
    const t = timeOfDay(sweeps, { startMinute: 600, endMinute: 960, minutes: 30 });
    const rows = t.rows.map((r) => [r[0], r[1]]);
    expect(rows[0]).toEqual(["before 10:00", 1]);
    expect(rows[1]).toEqual(["10:00-10:30", 2]);
    expect(rows[2]).toEqual(["10:30-11:00", 1]);
    expect(rows.at(-1)).toEqual(["16:00 and after", 2]);
    expect(rows.length).toBe(14);
    const odd = timeOfDay(sweeps, { startMinute: 600, endMinute: 615, minutes: 10 });
    expect(odd.rows.map((r) => r[0])).toEqual(["before 10:00", "10:00-10:10", "10:10-10:15", "10:15 and after"]);
  });

  // A session starting 13:07:30 labelled its first bucket "13:07-13:09" (and its end 13:10:15 "13:11"):
  // no sweep before 13:07:30 is in the session; the label states the session's own bound.
  it("a session bound with seconds: its bucket widens to the minute and its label states the bound", () => {
    const sweeps = ["13:06:59", "13:07:30", "13:09", "13:10:14", "13:11"].map((t, i) =>
      stubSweep({ orderId: BigInt(i + 1), placedNs: at(t) }),
    );
    const t = aggregateAll(jobSumsFromSweeps(sweeps), {
      session: { start: "13:07:30", end: "13:10:15" },
      bucketMinutes: 2,
    }).find((x) => x.name === "time_of_day")!;
    expect(t.rows.map((r) => [r[0], r[1]])).toEqual([
      ["before 13:07:30", 1],
      ["13:07:30-13:09", 1],
      ["13:09-13:10:15", 2],
      ["13:10:15 and after", 1],
    ]);
    const whole = aggregateAll(jobSumsFromSweeps(sweeps), { session: { start: "13:07:00", end: "13:11" } });
    expect(whole.find((x) => x.name === "time_of_day")!.rows.map((r) => r[0])).toEqual([
      "before 13:07",
      "13:07-13:11",
      "13:11 and after",
    ]);
  });
});

describe("aggregateAll rejects inconsistent inputs", () => {
  const sweeps = [stubSweep({ group: 1, realFilled: 100, realValueTicks: 100_000 })];
  const jobs = jobSumsFromSweeps(sweeps);
  const job = jobs[0]!;
  const cases: [string, JobSumsInput[], AggregationErrorCode][] = [
    ["a job twice", [...jobs, ...jobs], "duplicate_job"],
    ["8 cells", [{ ...job, sums: { ...job.sums, cells: job.sums.cells.slice(1) } }], "bad_cells"],
    ["7 decimals", [{ ...job, decimals: 7 }], "bad_decimals"],
  ];
  it.each(cases)("%s", (_what, j, code) => {
    expect(() => aggregateAll(j)).toThrow(expect.objectContaining({ name: "AggregationError", code }));
  });

  it("rows of one job with other decimals", () => {
    expect(() => jobSumsFromSweeps([...sweeps, { ...sweeps[0]!, decimals: 3 }])).toThrow(
      expect.objectContaining({ name: "AggregationError", code: "rows_mismatch" }),
    );
  });

  it("and bad options", () => {
    expect(() => aggregateAll(jobs, { rollingDates: 0 })).toThrow(expect.objectContaining({ code: "bad_option" }));
    expect(() => aggregateAll(jobs, { session: { start: "16:00", end: "10:00" } })).toThrow(
      expect.objectContaining({ code: "bad_option" }),
    );
  });

  it("names the job in the message", () => {
    expect(() => aggregateAll([...jobs, ...jobs])).toThrow(/job \(AAA, 2024-10-02\): appears twice/);
  });
});
