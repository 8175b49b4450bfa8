import { describe, expect, it } from "vitest";
import { aggregateAll } from "../../src/aggregate/aggregate.js";
import { dataQualityTable } from "../../src/aggregate/aggregate-quality.js";
import { COL } from "../../src/aggregate/measure-columns.js";
import { AGGREGATED_TABLES, declaredTable, tableColumns } from "../../src/aggregate/table-columns.js";
import { emptyMeasures } from "../../src/aggregate/measures.js";
import { DATA_QUALITY_TABLE, TABLE_NAMES, type AnyTableName } from "../../src/aggregate/table.js";

const SUMMARY =
  "qty:sum real_filled:sum real_fill_ratio:ratio real_trades:sum sim_filled:sum sim_fill_ratio:ratio sim_fills:sum " +
  "compared_qty:sum real_value_aud:aud sim_value_aud:aud compared_value_aud:aud savings_aud:aud savings_bps:ratio " +
  "cost_orders:sum cost_midpoint_aud:aud cost_half_spread_aud:aud cost_impact_aud:aud";
const GROUPS = "fully_filled_sweeps:sum partially_filled_sweeps:sum unfilled_sweeps:sum";
const SERIES =
  "sweeps:sum qty:sum real_filled:sum real_fill_ratio:ratio sim_filled:sum sim_fill_ratio:ratio " +
  "compared_value_aud:aud savings_aud:aud savings_bps:ratio";
const perGroup = (p: string): string =>
  `${p}_sweeps:sum ${p}_share:ratio ${p}_qty:sum ${p}_real_filled:sum ${p}_real_fill_ratio:ratio ` +
  `${p}_sim_filled:sum ${p}_sim_fill_ratio:ratio`;

// Every aggregated CSV's header (name:kind), as the builders wrote them before the declaration.
const HEADERS: Record<AnyTableName, string> = {
  global_summary: `fill_group:key size_band:key sweeps:sum ${SUMMARY}`,
  by_security: `security_code:key dates:sum sweeps:sum ${GROUPS} ${SUMMARY} real_vwap_aud:ratio sim_avg_price_aud:ratio`,
  by_date: `date:key securities:sum sweeps:sum ${GROUPS} ${SUMMARY}`,
  by_participant: `participant_id:key participant_name:key participant_type:key sweeps:sum ${GROUPS} ${SUMMARY}`,
  time_series_analysis:
    `date:key security_code:key participant_id:key ${SERIES} ` +
    "rolling_real_fill_ratio:ratio rolling_real_fill_ratio_change:ratio",
  time_of_day: `time_bucket:key sweeps:sum ${GROUPS} ${SUMMARY}`,
  size_band: `size_band:key ${SERIES} ${perGroup("fully_filled")} ${perGroup("partially_filled")} ${perGroup("unfilled")}`,
  data_quality:
    "security_code:key date:key warnings:sum centre_point_orders:sum selected_orders:sum outside_session_orders:sum " +
    "trade_legs:sum matched_trade_legs:sum repeated_order_events:sum conflicting_order_events:sum " +
    "repeated_trade_legs:sum unknown_order_legs:sum book_crossed:sum book_unknown_order_id:sum " +
    "book_negative_leaves:sum book_duplicate_add:sum overfilled_orders:sum overfilled_qty:sum " +
    "short_filled_orders:sum short_filled_qty:sum no_trade_filled_orders:sum no_trade_filled_qty:sum " +
    "quotes_without_midpoint:sum sweeps_without_midpoint:sum final_state_jobs:sum final_state_orders:sum",
};

const header = (t: { columns: string[]; kinds: string[] }): string =>
  t.columns.map((c, i) => `${c}:${t.kinds[i]}`).join(" ");

describe("the aggregated tables' columns, declared once (table-columns.ts)", () => {
  it("declares every table with the columns its CSV has always had", () => {
    expect(Object.keys(AGGREGATED_TABLES)).toEqual([...TABLE_NAMES, DATA_QUALITY_TABLE]);
    for (const name of Object.keys(HEADERS) as AnyTableName[])
      expect(
        tableColumns(name)
          .map((c) => `${c.name}:${c.kind}`)
          .join(" "),
        name,
      ).toBe(HEADERS[name]);
  });

  it("is what every builder writes", () => {
    const tables = [...aggregateAll([]), dataQualityTable([])];
    expect(tables.map((t) => t.name)).toEqual([...TABLE_NAMES, DATA_QUALITY_TABLE]);
    for (const t of tables) expect(header(t), t.name).toBe(HEADERS[t.name]);
  });

  it("a table built from a declaration follows an added measure column, and fills the builder's own columns", () => {
    const spec = AGGREGATED_TABLES.time_series_analysis;
    const m = { ...emptyMeasures(), sweeps: 4, qty: 1000, realFilled: 250, simulatedSweeps: 4, simulatedQty: 1000 };
    const t = declaredTable("time_series_analysis", [{ key: ["2024-10-02", "110621", 7], m, tail: [0.25] }]);
    expect(t.rows[0]).toEqual(
      // keys; sweeps, qty, real filled, ratio 250/1000; sim filled 0 of 1000 simulated; AUD; bps 0/0; tail.
      ["2024-10-02", "110621", 7, 4, 1000, 250, 0.25, 0, 0, "0.000000", "0.000000", "", 0.25, ""],
    );
    // The one edit: a measure appended to the declaration shows up in the header and the rows.
    const added = { ...spec, measures: [...spec.measures, COL.realTrades] };
    const t2 = declaredTable(
      "time_series_analysis",
      [{ key: ["2024-10-02", "110621", 7], m: { ...m, realTrades: 3 } }],
      added,
    );
    expect(t2.columns.slice(-3)).toEqual(["real_trades", "rolling_real_fill_ratio", "rolling_real_fill_ratio_change"]);
    expect(t2.kinds.slice(-3)).toEqual(["sum", "ratio", "ratio"]);
    expect(t2.rows[0]?.slice(-3)).toEqual([3, "", ""]);
  });
});
