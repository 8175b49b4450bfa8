import { FILL_GROUPS, SIZE_BANDS } from "../core/classify.js";
import { CELL_COUNT, cellIndex } from "../core/cells.js";
import { jobMeasures, type IndexedJob } from "./jobs.js";
import { addMeasures, emptyMeasures, type Measures } from "./measures.js";
import { AGGREGATED_TABLES, declaredTable, sizeBandGroupColumns, tableColumns } from "./table-columns.js";
import { compareCells, type Cell, type Table, type TableName } from "./table.js";

/** Σ over jobs of each of the 9 (fill group, size band) cells. */
function cellTotals(jobs: readonly IndexedJob[]): Measures[] {
  const totals = Array.from({ length: CELL_COUNT }, emptyMeasures);
  for (const j of jobs) j.cells.forEach((c, i) => addMeasures(totals[i] as Measures, c));
  return totals;
}

const GROUP_NAMES = [FILL_GROUPS[1], FILL_GROUPS[2], FILL_GROUPS[3], "All"] as const;
const BAND_NAMES = [...SIZE_BANDS, "All"] as const;

/** Σ of the cells of groups gs and bands bs. */
function pick(totals: readonly Measures[], gs: readonly number[], bs: readonly number[]): Measures {
  const m = emptyMeasures();
  for (const g of gs) for (const b of bs) addMeasures(m, totals[cellIndex(g + 1, b)] as Measures);
  return m;
}
const each = (k: number): number[] => (k === 3 ? [0, 1, 2] : [k]);

/**
 * `global_summary`: one row per (fill group, size band), with "All" for every group and every
 * band — 16 rows, groups in order Fully filled, Partially filled, Unfilled, All and bands Small,
 * Medium, Large, All — built from the jobs' cells.
 */
export function globalSummary(jobs: readonly IndexedJob[]): Table {
  const totals = cellTotals(jobs);
  const rows: { key: Cell[]; m: Measures }[] = [];
  for (let g = 0; g < 4; g++)
    for (let b = 0; b < 4; b++)
      rows.push({ key: [GROUP_NAMES[g] as string, BAND_NAMES[b] as string], m: pick(totals, each(g), each(b)) });
  return declaredTable("global_summary", rows);
}

/**
 * `size_band`: bands × groups, one row per band (Small, Medium, Large, All): the band's summary
 * measures, then per group (`fully_filled_`, `partially_filled_`, `unfilled_`) its sweeps, share
 * of the band's sweeps, qty, real and simulated filled quantity and fill ratios.
 */
export function sizeBandTable(jobs: readonly IndexedJob[]): Table {
  const totals = cellTotals(jobs);
  const base = AGGREGATED_TABLES.size_band.measures;
  const columns = tableColumns("size_band");
  const rows = BAND_NAMES.map((band, b) => {
    const all = pick(totals, [0, 1, 2], each(b));
    const row: Cell[] = [band, ...base.map((c) => c.value(all))];
    for (const g of [0, 1, 2] as const) {
      const m = pick(totals, [g], each(b));
      const { ofBand, ofGroup } = sizeBandGroupColumns(g);
      row.push(...ofBand.map((c) => c.value(all)), ...ofGroup.map((c) => c.value(m)));
    }
    return row;
  });
  return { name: "size_band", columns: columns.map((c) => c.name), kinds: columns.map((c) => c.kind), rows };
}

/** Jobs grouped by one text key, sorted by key, with the table's declared columns (table-columns.ts). */
function byJobKey(name: TableName, jobs: readonly IndexedJob[], keyOf: (j: IndexedJob) => string): Table {
  const groups = new Map<string, Measures>();
  for (const j of jobs) {
    const k = keyOf(j);
    groups.set(k, addMeasures(groups.get(k) ?? emptyMeasures(), jobMeasures(j)));
  }
  const rows = [...groups.entries()].sort(([a], [b]) => compareCells(a, b)).map(([k, m]) => ({ key: [k], m }));
  return declaredTable(name, rows);
}

/**
 * `by_security`: one row per security code (sorted), with `dates` = its number of jobs, the
 * summary measures with per-group counts, and its real VWAP and simulated average price in AUD
 * per share (meaningful within one security).
 */
export function bySecurity(jobs: readonly IndexedJob[]): Table {
  return byJobKey("by_security", jobs, (j) => j.securityCode);
}

/** `by_date`: one row per Sydney trading date (sorted), with `securities` = its number of jobs and the summary measures. */
export function byDate(jobs: readonly IndexedJob[]): Table {
  return byJobKey("by_date", jobs, (j) => j.date);
}
