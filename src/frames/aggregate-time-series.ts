import type { SweepRow } from "./inputs.js";
import { addSweep, COL, emptyMeasures, measureTable, type MeasureColumn, type Measures } from "./measures.js";
import { compareKeys, ratio, type Cell, type ColumnKind, type Table } from "./table.js";

/** The measure columns of `time_series_analysis`, before the two trend columns. */
const SERIES_COLUMNS: readonly MeasureColumn[] = [
  COL.sweeps,
  COL.qty,
  COL.realFilled,
  COL.realFillRatio,
  COL.simFilled,
  COL.simFillRatio,
  COL.comparedValue,
  COL.savings,
  COL.savingsBps,
];

/**
 * `time_series_analysis`: one row per (date, security code, participant id) that has sweeps,
 * sorted in that order, with the summary measures and the trend of that (security, participant):
 * `rolling_real_fill_ratio` = Σ real filled / Σ qty over its last ≤ `window` dates (its own dates
 * with sweeps, this one included), and `rolling_real_fill_ratio_change` = that minus its value at
 * the series' previous date ("" on the first date).
 */
export function timeSeries(sweeps: readonly SweepRow[], window: number): Table {
  // (security, participant) → date → measures
  const series = new Map<string, { securityCode: string; participantId: number; dates: Map<string, Measures> }>();
  for (const r of sweeps) {
    const key = `${r.securityCode}\u0000${r.participantId}`;
    let s = series.get(key);
    if (s === undefined)
      series.set(key, (s = { securityCode: r.securityCode, participantId: r.participantId, dates: new Map() }));
    let m = s.dates.get(r.date);
    if (m === undefined) s.dates.set(r.date, (m = emptyMeasures()));
    addSweep(m, r);
  }
  const rows: { key: Cell[]; m: Measures; trend: Cell[] }[] = [];
  for (const s of series.values()) {
    const dates = [...s.dates.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let previous: Cell = "";
    dates.forEach(([date, m], i) => {
      let filled = 0;
      let qty = 0;
      for (const [, w] of dates.slice(Math.max(0, i - window + 1), i + 1)) {
        filled += w.realFilled;
        qty += w.qty;
      }
      const rolling = ratio(filled, qty);
      const change = typeof rolling === "number" && typeof previous === "number" ? rolling - previous : "";
      rows.push({ key: [date, s.securityCode, s.participantId], m, trend: [rolling, change] });
      previous = rolling;
    });
  }
  const byKey = compareKeys(3);
  rows.sort((a, b) => byKey(a.key, b.key));
  const t = measureTable("time_series_analysis", ["date", "security_code", "participant_id"], SERIES_COLUMNS, rows);
  const trendKinds: ColumnKind[] = ["ratio", "ratio"];
  t.columns.push("rolling_real_fill_ratio", "rolling_real_fill_ratio_change");
  t.kinds.push(...trendKinds);
  t.rows.forEach((row, i) => row.push(...(rows[i]?.trend ?? ["", ""])));
  return t;
}
