import type { SweepRow } from "./inputs.js";
import { jobSumsFromSweeps } from "./jobs.js";
import { addMeasures, addSweepSums, emptyMeasures, type Measures } from "./measures.js";
import { microAudPerTick } from "./money.js";
import { declaredTable } from "./table-columns.js";
import { compareKeys, ratio, type Cell, type Table } from "./table.js";

/** One (security, participant) series: its measures by date. */
interface Series {
  securityCode: string;
  participantId: number;
  dates: Map<string, Measures>;
}

/**
 * The running sums of `time_series_analysis`: one {@link Measures} per (security, participant, date)
 * with sweeps, so its memory grows with the number of output rows, not of sweeps. Jobs may be
 * added in any order.
 */
export class SeriesSums {
  /** security code → participant id → series. */
  private readonly series = new Map<string, Map<number, Series>>();
  private lastCode = "";
  private lastSecurity: Map<number, Series> | undefined;

  /** Adds one job's measures of one participant: the (date, security, participant) of that job. */
  add(securityCode: string, date: string, participantId: number, add: Measures): void {
    let bySecurity = this.lastSecurity;
    if (bySecurity === undefined || this.lastCode !== securityCode) {
      bySecurity = this.series.get(securityCode);
      if (bySecurity === undefined) this.series.set(securityCode, (bySecurity = new Map<number, Series>()));
      this.lastCode = securityCode;
      this.lastSecurity = bySecurity;
    }
    let s = bySecurity.get(participantId);
    if (s === undefined) bySecurity.set(participantId, (s = { securityCode, participantId, dates: new Map() }));
    let m = s.dates.get(date);
    if (m === undefined) s.dates.set(date, (m = emptyMeasures()));
    addMeasures(m, add);
  }

  /** The `time_series_analysis` table of the rows added so far (see {@link timeSeries}). */
  table(window: number): Table {
    const rows: { key: Cell[]; m: Measures; tail: Cell[] }[] = [];
    for (const bySecurity of this.series.values())
      for (const s of bySecurity.values()) {
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
          rows.push({ key: [date, s.securityCode, s.participantId], m, tail: [rolling, change] });
          previous = rolling;
        });
      }
    const byKey = compareKeys(3);
    rows.sort((a, b) => byKey(a.key, b.key));
    return declaredTable("time_series_analysis", rows);
  }
}

/**
 * `time_series_analysis`: one row per (date, security code, participant id) that has sweeps,
 * sorted in that order, with the summary measures and the trend of that (security, participant):
 * `rolling_real_fill_ratio` = Σ real filled / Σ qty over its last ≤ `window` dates (its own dates
 * with sweeps, this one included), and `rolling_real_fill_ratio_change` = that minus its value at
 * the series' previous date ("" on the first date).
 */
export function timeSeries(sweeps: readonly SweepRow[], window: number): Table {
  const sums = new SeriesSums();
  for (const j of jobSumsFromSweeps(sweeps)) {
    const scale = microAudPerTick(j.decimals);
    for (const p of j.sums.participants)
      sums.add(j.securityCode, j.date, p.participantId, addSweepSums(emptyMeasures(), p.sums, scale));
  }
  return sums.table(window);
}
