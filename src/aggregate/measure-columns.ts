/**
 * The measure columns of the aggregated tables: each computed from additive {@link Measures} (sums,
 * AUD amounts, and ratios derived at the end), and the tables built from them.
 */
import type { Measures } from "./measures.js";
import { formatMicroAud, halfToWhole } from "./money.js";
import { ratio, type Cell, type ColumnKind, type Table, type TableName } from "./table.js";

/** One column computed from {@link Measures}: its name, kind and value. */
export interface MeasureColumn {
  name: string;
  kind: ColumnKind;
  value: (m: Measures) => Cell;
}

const sum = (name: string, value: (m: Measures) => number): MeasureColumn => ({ name, kind: "sum", value });
const aud = (name: string, value: (m: Measures) => bigint): MeasureColumn => ({
  name,
  kind: "aud",
  value: (m) => formatMicroAud(value(m)),
});
const derived = (name: string, value: (m: Measures) => Cell): MeasureColumn => ({ name, kind: "ratio", value });

/** True when the set has sweeps and none was simulated (final-state jobs only): simulated columns are "". */
export function notSimulated(m: Pick<Measures, "sweeps" | "simulatedSweeps">): boolean {
  return m.sweeps > 0 && m.simulatedSweeps === 0;
}

/** A simulated measure column: `c`, but "" (not simulated) when {@link notSimulated}. */
const simulatedOnly = (c: MeasureColumn): MeasureColumn => ({
  ...c,
  value: (m) => (notSimulated(m) ? "" : c.value(m)),
});

/**
 * The measure columns by name: additive sums and AUD amounts, and ratios derived at the end —
 * fill ratio = Σfilled / Σqty (quantity-weighted; the simulated one over the simulated sweeps'
 * qty only), savings bps = Σsavings / Σcompared real value × 1e4, real VWAP and simulated average
 * price in AUD per share; `jobs(name)` counts whole jobs. The simulated columns are "" (not
 * simulated) for a set whose sweeps were none simulated (final-state jobs), never 0.
 */
export const COL = {
  jobs: (name: string): MeasureColumn => sum(name, (m) => m.jobs),
  sweeps: sum("sweeps", (m) => m.sweeps),
  qty: sum("qty", (m) => m.qty),
  realFilled: sum("real_filled", (m) => m.realFilled),
  realFillRatio: derived("real_fill_ratio", (m) => ratio(m.realFilled, m.qty)),
  realTrades: sum("real_trades", (m) => m.realTrades),
  simFilled: simulatedOnly(sum("sim_filled", (m) => m.simFilled)),
  simFillRatio: derived("sim_fill_ratio", (m) => ratio(m.simFilled, m.simulatedQty)),
  simFills: simulatedOnly(sum("sim_fills", (m) => m.simFills)),
  comparedQty: simulatedOnly(sum("compared_qty", (m) => m.comparedQty)),
  realValue: aud("real_value_aud", (m) => m.realValueMicroAud),
  simValue: simulatedOnly(aud("sim_value_aud", (m) => halfToWhole(m.simValueHalfMicroAud))),
  comparedValue: simulatedOnly(aud("compared_value_aud", (m) => m.comparedValueMicroAud)),
  savings: simulatedOnly(aud("savings_aud", (m) => m.savingsMicroAud)),
  savingsBps: derived("savings_bps", (m) => ratio(m.savingsMicroAud, m.comparedValueMicroAud, 1e4)),
  costOrders: sum("cost_orders", (m) => m.costOrders),
  costMidpoint: aud("cost_midpoint_aud", (m) => m.costMidpointMicroAud),
  costHalfSpread: aud("cost_half_spread_aud", (m) => m.costHalfSpreadMicroAud),
  costImpact: aud("cost_impact_aud", (m) => m.costImpactMicroAud),
  realVwap: derived("real_vwap_aud", (m) => ratio(m.realValueMicroAud, m.realFilled * 1e6)),
  simAvgPrice: derived("sim_avg_price_aud", (m) => ratio(m.simValueHalfMicroAud, m.simFilled * 2e6)),
} as const;

/** Column-name prefixes of the fill groups 1..3. */
export const GROUP_PREFIXES = ["fully_filled", "partially_filled", "unfilled"] as const;

/** Sweeps per fill group: `fully_filled_sweeps`, `partially_filled_sweeps`, `unfilled_sweeps`. */
export const GROUP_COUNT_COLUMNS: readonly MeasureColumn[] = GROUP_PREFIXES.map((p, g) =>
  sum(`${p}_sweeps`, (m) => m.groupSweeps[g as 0 | 1 | 2]),
);

/** The standard measure columns of every summary table (see {@link COL}). */
export const SUMMARY_COLUMNS: readonly MeasureColumn[] = [
  COL.sweeps,
  COL.qty,
  COL.realFilled,
  COL.realFillRatio,
  COL.realTrades,
  COL.simFilled,
  COL.simFillRatio,
  COL.simFills,
  COL.comparedQty,
  COL.realValue,
  COL.simValue,
  COL.comparedValue,
  COL.savings,
  COL.savingsBps,
  COL.costOrders,
  COL.costMidpoint,
  COL.costHalfSpread,
  COL.costImpact,
];

/** The summary columns with the per-group sweep counts after `sweeps`. */
export const SUMMARY_WITH_GROUPS: readonly MeasureColumn[] = [
  COL.sweeps,
  ...GROUP_COUNT_COLUMNS,
  ...SUMMARY_COLUMNS.slice(1),
];

/** A table of key columns followed by measure columns, one row per (keys, measures) in the given order. */
export function measureTable(
  name: TableName,
  keys: readonly string[],
  measures: readonly MeasureColumn[],
  rows: readonly { key: Cell[]; m: Measures }[],
): Table {
  return {
    name,
    columns: [...keys, ...measures.map((c) => c.name)],
    kinds: [...keys.map((): ColumnKind => "key"), ...measures.map((c) => c.kind)],
    rows: rows.map(({ key, m }) => [...key, ...measures.map((c) => c.value(m))]),
  };
}
