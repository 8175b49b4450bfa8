import { describe, expect, it } from "vitest";
import { columnFormatOf, formatValue, timeNs } from "../../src/frames/column-format.js";

// 2024-09-05T00:02:16.001032398Z: 10:02:16.001032398 in Sydney (AEST, UTC+10, before daylight saving).
const TS = 1_725_494_536_001_032_398n;

describe("column formats", () => {
  it("AUD: thousands separators and 2 decimals, exact from the AUD text", () => {
    expect(formatValue(31_858_367.375, "aud")).toBe("A$31,858,367.38");
    expect(formatValue("31858367.375000", "aud")).toBe("A$31,858,367.38");
    expect(formatValue("-0.004999", "aud")).toBe("A$0.00");
    expect(formatValue(-1234.5, "aud")).toBe("-A$1,234.50");
    // Beyond 2^53 micro-AUD: the text rounds exactly where a float would not.
    expect(formatValue("90000000000.005000", "aud")).toBe("A$90,000,000,000.01");
    // A float sum of micro-AUD amounts (groupStats of compare's savings_aud: 21.635 summed as
    // 21.634999999999998) rounds as the exact amount does, as the aggregated table shows it.
    expect(formatValue(21.634999999999998, "aud")).toBe("A$21.64");
    expect(formatValue(-21.634999999999998, "aud")).toBe("-A$21.64");
    expect(formatValue(0.1 + 0.2, "aud")).toBe("A$0.30");
    expect(formatValue(31.2345, "price")).toBe("A$31.2345");
    expect(formatValue(31.2, "price")).toBe("A$31.20");
  });

  it("ratios as %, changes in points, bps with 1 decimal, counts grouped, p-values never 0-rounded", () => {
    expect(formatValue(0.98712, "ratio")).toBe("98.7 %");
    expect(formatValue(1, "ratio")).toBe("100.0 %");
    expect(formatValue(-0.0123, "ratio_change")).toBe("-1.2 pp");
    expect(formatValue(0.0123, "ratio_change")).toBe("+1.2 pp");
    expect(formatValue(12.345, "bps")).toBe("12.3");
    expect(formatValue(-1234.56, "bps")).toBe("-1,234.6");
    expect(formatValue(1_234_567, "count")).toBe("1,234,567");
    expect(formatValue(1_234_567, "number")).toBe("1,234,567");
    expect(formatValue(2.123456789, "number")).toBe("2.12346");
    expect(formatValue(31_858_367.375, "number")).toBe("31,858,367.38");
    expect(formatValue(2.2e-50, "p_value")).toBe("2.2e-50");
    expect(formatValue(0.031234, "p_value")).toBe("0.03123");
    expect(formatValue(Number.NaN, "aud")).toBe("");
    expect(formatValue(undefined, "ratio")).toBe("");
  });

  it("times as Sydney local time; exact to the ns when asked; other texts as they are", () => {
    expect(formatValue(TS, "time")).toBe("2024-09-05 10:02:16.001");
    expect(formatValue("2024-09-05T00:02:16.001032398Z", "time")).toBe("2024-09-05 10:02:16.001");
    expect(formatValue(TS.toString(), "time_ns")).toBe("2024-09-05 10:02:16.001032398");
    expect(timeNs("2024-09-05T00:02:16.001032398Z")).toBe(TS);
    // Summer time (AEDT, UTC+11): 2024-12-02T00:00:00Z is 11:00 in Sydney.
    expect(formatValue("2024-12-02T00:00:00.000000000Z", "time")).toBe("2024-12-02 11:00:00.000");
    expect(formatValue("10:02:16.001", "time")).toBe("10:02:16.001");
    // ns since Sydney local midnight (simulation.parquet's placed_ns, sweepRows' placedNs): a time of day.
    expect(formatValue(36_136_001_032_398, "time")).toBe("10:02:16.001");
    expect(formatValue(36_136_001_032_398n, "time_ns")).toBe("10:02:16.001032398");
  });

  it("ids as text: digit for digit, never grouped, never an exponent", () => {
    expect(formatValue(110_621, "id")).toBe("110621");
    expect(formatValue(1.1e5, "id")).toBe("110000");
    expect(formatValue(1e21, "id")).toBe("1000000000000000000000");
    expect(formatValue(12_345_678_901_234_567_890n, "id")).toBe("12345678901234567890");
    expect(formatValue("0042", "id")).toBe("0042");
  });

  it("names the kind of the toolkit's columns", () => {
    const kinds = Object.fromEntries(
      [
        "security_code",
        "participant_id",
        "order_id",
        "date",
        "sweeps",
        "sweep_rows",
        "savings_aud",
        "savings_aud_mean",
        "savings_aud_count",
        "real_vwap_aud",
        "sim_avg_price_aud",
        "mean_mid_aud",
        "cost_midpoint_aud",
        "real_fill_ratio",
        "fully_filled_share",
        "rolling_real_fill_ratio_change",
        "savings_bps",
        "placed_time",
        "first_event",
        "ts_ns",
        "p_value",
        "t",
        "orderId",
        "securityCode",
        "placedNs",
        "savingsMicroAud",
        "savingsBps",
        "realVwapAud",
      ].map((c) => [c, columnFormatOf(c)]),
    );
    expect(kinds).toEqual({
      security_code: "id",
      participant_id: "id",
      order_id: "id",
      date: "text",
      sweeps: "number",
      sweep_rows: "count",
      savings_aud: "aud",
      savings_aud_mean: "aud",
      savings_aud_count: "count",
      real_vwap_aud: "price",
      sim_avg_price_aud: "price",
      mean_mid_aud: "price",
      cost_midpoint_aud: "aud",
      real_fill_ratio: "ratio",
      fully_filled_share: "ratio",
      rolling_real_fill_ratio_change: "ratio_change",
      savings_bps: "bps",
      placed_time: "time",
      first_event: "time",
      ts_ns: "time",
      p_value: "p_value",
      t: "number",
      orderId: "id",
      securityCode: "id",
      placedNs: "time",
      savingsMicroAud: "number",
      savingsBps: "bps",
      realVwapAud: "price",
    });
  });

  it("a column danfojs' merge suffixed (_1: the right frame's column of a name both have) keeps its kind", () => {
    // merge({ left: a, right: b, on: ["order_id"] }) of two runs' compare frames names b's columns
    // cost_impact_aud_1, savings_bps_1, …: they printed as plain numbers, not as AUD and bps.
    const kinds = ["cost_impact_aud_1", "savings_bps_1", "real_fill_ratio_2", "participant_id_1", "placed_time_1"].map(
      columnFormatOf,
    );
    expect(kinds).toEqual(["aud", "bps", "ratio", "id", "time"]);
    expect(columnFormatOf("qty_1")).toBe("number");
  });
});
