import { DATA_QUALITY_FIELDS, dataQualityWarnings, type DataQualityCounts } from "../core/data-quality.js";
import { AggregationError } from "./errors.js";
import { tableColumns } from "./table-columns.js";
import { compareKeys, DATA_QUALITY_TABLE, type Cell, type Table } from "./table.js";

/** One job's data-quality counts (its job.json `dataQuality.counts`), keyed by (security, date). */
export interface JobQualityCounts {
  securityCode: string;
  date: string;
  counts: DataQualityCounts;
}

/** The columns of `data_quality.csv`: the key, Σ warnings, then every count in `DATA_QUALITY_FIELDS` order (table-columns.ts). */
export const DATA_QUALITY_COLUMNS = tableColumns(DATA_QUALITY_TABLE).map((c) => c.name);

/**
 * The running rows of `data_quality`: one row of additive counts per (security, date) job. Jobs
 * may be added in any order; each job once (AggregationError `duplicate_job`).
 */
export class DataQualitySums {
  private readonly rows = new Map<string, JobQualityCounts>();

  /** Adds one job's counts. */
  add(q: JobQualityCounts): void {
    const key = `${q.securityCode}\u0000${q.date}`;
    if (this.rows.has(key)) throw new AggregationError("duplicate_job", "appears twice", q.securityCode, q.date);
    this.rows.set(key, q);
  }

  /**
   * `data_quality`: one row per job sorted by (security code, date): `warnings` (Σ of the warning
   * counts, `DATA_QUALITY_WARNINGS`) and every count, all additive — the rows of N runs' jobs are
   * those of one run over their union, and any column's sum over rows is the run's total.
   */
  table(): Table {
    const rows: Cell[][] = [...this.rows.values()].map((q) => [
      q.securityCode,
      q.date,
      dataQualityWarnings(q.counts),
      ...DATA_QUALITY_FIELDS.map((f) => q.counts[f]),
    ]);
    rows.sort(compareKeys(2));
    return {
      name: DATA_QUALITY_TABLE,
      columns: [...DATA_QUALITY_COLUMNS],
      kinds: tableColumns(DATA_QUALITY_TABLE).map((c) => c.kind),
      rows,
    };
  }
}

/** `data_quality` of the given jobs (see {@link DataQualitySums.table}). */
export function dataQualityTable(jobs: readonly JobQualityCounts[]): Table {
  const sums = new DataQualitySums();
  for (const q of jobs) sums.add(q);
  return sums.table();
}
