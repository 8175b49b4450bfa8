/**
 * The columns of every aggregated table, declared once: its key columns, its measure columns
 * (computed from additive {@link Measures}, measure-columns.ts) and the columns its builder fills
 * itself. The builders (aggregate-*.ts) read their columns from here, and so do the tests; adding a
 * column to a table is one edit here (plus, for a new figure, its {@link COL} entry).
 */
import { DATA_QUALITY_FIELDS } from "../core/data-quality.js";
import { COL, GROUP_PREFIXES, measureTable, SUMMARY_COLUMNS, SUMMARY_WITH_GROUPS } from "./measure-columns.js";
import type { MeasureColumn } from "./measure-columns.js";
import type { Measures } from "./measures.js";
import { ratio, type AnyTableName, type Cell, type ColumnKind, type Table, type TableName } from "./table.js";

/** One column of an aggregated table: its name and kind. */
export interface TableColumn {
  name: string;
  kind: ColumnKind;
}

/** The columns of one aggregated table, in order: keys, measures, then the builder's own columns. */
export interface AggregatedTableSpec {
  /** The key columns (kind `key`) that identify a row. */
  keys: readonly string[];
  /** Columns computed from the row's {@link Measures}. */
  measures: readonly MeasureColumn[];
  /** Columns after the measures whose values the table's builder computes itself. */
  tail: readonly TableColumn[];
}

/** The key columns of `by_participant`: the id, and the name and type the participants file gives it. */
export const PARTICIPANT_KEYS = ["participant_id", "participant_name", "participant_type"] as const;

/** The measure columns of `time_series_analysis` (its two trend columns follow). */
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

/** The measure columns of `size_band` over the whole band (its per-group columns follow). */
const SIZE_BAND_COLUMNS = SERIES_COLUMNS;

/**
 * The per-group columns of `size_band` for fill group index `g` (0..2, prefix `fully_filled_`,
 * `partially_filled_`, `unfilled_`): `ofBand` from the band's measures (the group's sweeps and its
 * share of the band's sweeps), then `ofGroup` from the group's own measures (qty, filled, ratios).
 */
export function sizeBandGroupColumns(g: 0 | 1 | 2): { ofBand: MeasureColumn[]; ofGroup: MeasureColumn[] } {
  const p = GROUP_PREFIXES[g];
  return {
    ofBand: [
      { name: `${p}_sweeps`, kind: "sum", value: (m) => m.groupSweeps[g] },
      { name: `${p}_share`, kind: "ratio", value: (m) => ratio(m.groupSweeps[g], m.sweeps) },
    ],
    ofGroup: [COL.qty, COL.realFilled, COL.realFillRatio, COL.simFilled, COL.simFillRatio].map((c) => ({
      ...c,
      name: `${p}_${c.name}`,
    })),
  };
}

const GROUP_INDEXES = [0, 1, 2] as const;
const plain = (c: MeasureColumn): TableColumn => ({ name: c.name, kind: c.kind });
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The columns of each aggregated table (its CSV header is their names). */
export const AGGREGATED_TABLES: { readonly [N in AnyTableName]: AggregatedTableSpec } = {
  global_summary: { keys: ["fill_group", "size_band"], measures: SUMMARY_COLUMNS, tail: [] },
  by_security: {
    keys: ["security_code"],
    measures: [COL.jobs("dates"), ...SUMMARY_WITH_GROUPS, COL.realVwap, COL.simAvgPrice],
    tail: [],
  },
  by_date: { keys: ["date"], measures: [COL.jobs("securities"), ...SUMMARY_WITH_GROUPS], tail: [] },
  by_participant: { keys: PARTICIPANT_KEYS, measures: SUMMARY_WITH_GROUPS, tail: [] },
  time_series_analysis: {
    keys: ["date", "security_code", "participant_id"],
    measures: SERIES_COLUMNS,
    tail: [
      { name: "rolling_real_fill_ratio", kind: "ratio" },
      { name: "rolling_real_fill_ratio_change", kind: "ratio" },
    ],
  },
  time_of_day: { keys: ["time_bucket"], measures: SUMMARY_WITH_GROUPS, tail: [] },
  size_band: {
    keys: ["size_band"],
    measures: SIZE_BAND_COLUMNS,
    tail: GROUP_INDEXES.flatMap((g) => {
      const { ofBand, ofGroup } = sizeBandGroupColumns(g);
      return [...ofBand, ...ofGroup].map(plain);
    }),
  },
  data_quality: {
    keys: ["security_code", "date"],
    measures: [],
    tail: ["warnings", ...DATA_QUALITY_FIELDS.map(snake)].map((name) => ({ name, kind: "sum" })),
  },
};

/** Every column of an aggregated table, in order. */
export function tableColumns(name: AnyTableName): TableColumn[] {
  const spec = AGGREGATED_TABLES[name];
  return [...spec.keys.map((k): TableColumn => ({ name: k, kind: "key" })), ...spec.measures.map(plain), ...spec.tail];
}

/**
 * The table `name` with its declared columns (`spec`, by default its entry in
 * {@link AGGREGATED_TABLES}), one row per entry in the given order: the keys, the measures computed
 * from `m`, then `tail` (the builder's own columns; "" where missing).
 */
export function declaredTable(
  name: TableName,
  rows: readonly { key: Cell[]; m: Measures; tail?: Cell[] }[],
  spec: AggregatedTableSpec = AGGREGATED_TABLES[name],
): Table {
  const t = measureTable(name, spec.keys, spec.measures, rows);
  if (spec.tail.length > 0) {
    t.columns.push(...spec.tail.map((c) => c.name));
    t.kinds.push(...spec.tail.map((c) => c.kind));
    t.rows.forEach((row, i) => row.push(...spec.tail.map((_c, j) => rows[i]?.tail?.[j] ?? "")));
  }
  return t;
}
