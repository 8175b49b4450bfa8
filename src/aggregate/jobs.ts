import { CELL_COUNT, cellBandName, cellGroup, cellIndexOf } from "../core/cells.js";
import { emptySums, type GroupSums } from "../core/sums.js";
import { AggregationError } from "./errors.js";
import type { JobCells, SweepRow } from "./inputs.js";
import { addCell, emptyMeasures, type Measures } from "./measures.js";
import { comparedValueMicroAud, microAudPerTick } from "./money.js";

/** A job's cells with what only its sweep rows know: Σ compared value (micro-AUD) per cell. */
export interface IndexedJob {
  job: JobCells;
  comparedValue: bigint[];
}

/** Cell index (group − 1)·3 + band of a sweep row (core/cells.ts). */
export function cellIndex(r: Pick<SweepRow, "group" | "sizeBand">): number {
  return cellIndexOf(r.group, r.sizeBand);
}

const jobKey = (securityCode: string, date: string): string => `${securityCode}\u0000${date}`;

type Entry = IndexedJob & { rows: number[] };

/**
 * {@link indexJobs} one job and one sweep row at a time, so that a run is aggregated as it is read:
 * its memory grows with the number of jobs (9 cells each), never with the number of sweep rows.
 * Add every job's cells with {@link JobIndex.addJob} before its sweep rows; rows of different jobs
 * may interleave. The checks and their AggregationError codes are those of {@link indexJobs}.
 */
export class JobIndex {
  private readonly byKey = new Map<string, Entry>();
  /** The job of the previous row: rows come grouped by job, so most lookups stop here. */
  private last: Entry | undefined;

  /** Adds one job's cells: `bad_cells` (not 9 cells), `duplicate_job`, `bad_decimals` (not 0..6). */
  addJob(job: JobCells): void {
    const key = jobKey(job.securityCode, job.date);
    if (job.cells.length !== 9)
      throw new AggregationError("bad_cells", `has ${job.cells.length} cells; expected 9`, job.securityCode, job.date);
    if (this.byKey.has(key)) throw new AggregationError("duplicate_job", "appears twice", job.securityCode, job.date);
    microAudPerTick(job.decimals);
    this.byKey.set(key, {
      job,
      comparedValue: Array.from({ length: CELL_COUNT }, () => 0n),
      rows: new Array<number>(CELL_COUNT).fill(0),
    });
  }

  /**
   * Adds one sweep row of a job already added, and returns its compared value in micro-AUD
   * ({@link comparedValueMicroAud}): `unknown_job` (no cells), `rows_mismatch` (other decimals).
   */
  addSweep(r: SweepRow): bigint {
    let j = this.last;
    if (j === undefined || j.job.securityCode !== r.securityCode || j.job.date !== r.date) {
      j = this.byKey.get(jobKey(r.securityCode, r.date));
      if (j === undefined)
        throw new AggregationError(
          "unknown_job",
          `has sweep rows (order ${r.orderId}) but no cells`,
          r.securityCode,
          r.date,
        );
      this.last = j;
    }
    if (r.decimals !== j.job.decimals)
      throw new AggregationError(
        "rows_mismatch",
        `order ${r.orderId} has decimals ${r.decimals}; the cells have ${j.job.decimals}`,
        r.securityCode,
        r.date,
      );
    const i = cellIndex(r);
    const value = comparedValueMicroAud(r);
    j.comparedValue[i] = (j.comparedValue[i] ?? 0n) + value;
    j.rows[i] = (j.rows[i] ?? 0) + 1;
    return value;
  }

  /**
   * The jobs in the order added, each paired with its per-cell Σ compared value, after checking that
   * every cell counts as many sweeps as rows were added for it: `rows_mismatch` otherwise.
   */
  jobs(): IndexedJob[] {
    return [...this.byKey.values()].map(({ job, comparedValue, rows }) => {
      const bad = job.cells.findIndex((c, i) => c.sweeps !== rows[i]);
      if (bad >= 0)
        throw new AggregationError(
          "rows_mismatch",
          `cell ${bad} (group ${cellGroup(bad)}, ${cellBandName(bad)}) counts ${job.cells[bad]?.sweeps} sweeps but ` +
            `${rows[bad]} sweep rows were given: pass the cells and the sweep rows of the same jobs`,
          job.securityCode,
          job.date,
        );
      return { job, comparedValue };
    });
  }
}

/**
 * Checks that the cells and the sweep rows describe the same jobs exactly — each job once, 9 cells,
 * decimals 0..6, and per cell as many sweep rows as the cell counts, with the job's decimals — and
 * pairs each job with its per-cell Σ compared value. Throws {@link AggregationError}
 * (`bad_cells | duplicate_job | bad_decimals | unknown_job | rows_mismatch`).
 */
export function indexJobs(cells: readonly JobCells[], sweeps: readonly SweepRow[]): IndexedJob[] {
  const index = new JobIndex();
  for (const job of cells) index.addJob(job);
  for (const r of sweeps) index.addSweep(r);
  return index.jobs();
}

/** The measures of cell i of an indexed job. */
export function cellMeasures(j: IndexedJob, i: number): Measures {
  return addCell(
    emptyMeasures(),
    j.job.cells[i] ?? emptySums(),
    cellGroup(i),
    j.job.decimals,
    j.comparedValue[i] ?? 0n,
  );
}

/** The measures of a whole job (its 9 cells), counting 1 job. */
export function jobMeasures(j: IndexedJob): Measures {
  const m = emptyMeasures();
  m.jobs = 1;
  for (let i = 0; i < CELL_COUNT; i++)
    addCell(m, j.job.cells[i] ?? emptySums(), cellGroup(i), j.job.decimals, j.comparedValue[i] ?? 0n);
  return m;
}

/**
 * Per-job cells computed directly from sweep rows, summed exactly as the core's `cellSums` sums a
 * job's metrics: `costOrders` counts orders with a real fill and a mean midpoint, the simulated
 * sums and `simulatedSweeps`/`simulatedQty` only the rows that were simulated. `jobs` adds jobs
 * that have no sweep rows (all-zero cells; its decimals are used). Sorted by (security code, date).
 */
export function jobCellsFromSweeps(
  sweeps: readonly SweepRow[],
  jobs: readonly Pick<JobCells, "securityCode" | "date" | "decimals">[] = [],
): JobCells[] {
  const byKey = new Map<string, JobCells>();
  const jobOf = (k: Pick<JobCells, "securityCode" | "date" | "decimals">): JobCells => {
    const key = jobKey(k.securityCode, k.date);
    let j = byKey.get(key);
    if (j === undefined) {
      j = {
        securityCode: k.securityCode,
        date: k.date,
        decimals: k.decimals,
        cells: Array.from({ length: CELL_COUNT }, emptySums),
      };
      byKey.set(key, j);
    }
    return j;
  };
  for (const k of jobs) jobOf(k);
  for (const r of sweeps) {
    const c = jobOf(r).cells[cellIndex(r)] as GroupSums;
    c.sweeps++;
    c.qty += r.qty;
    c.realFilled += r.realFilled;
    c.realValueTicks += r.realValueTicks;
    c.realTrades += r.realTrades;
    if (r.realFilled > 0 && r.meanMidHalfTicks !== undefined) c.costOrders++;
    c.costMidpointMicroAud += r.costMidpointMicroAud;
    c.costHalfSpreadMicroAud += r.costHalfSpreadMicroAud;
    c.costImpactMicroAud += r.costImpactMicroAud;
    if (r.simFilled === undefined) continue; // not simulated
    c.simulatedSweeps++;
    c.simulatedQty += r.qty;
    c.simFilled += r.simFilled;
    c.simValueHalfTicks += r.simValueHalfTicks ?? 0;
    c.simFills += r.simFills ?? 0;
    c.comparedQty += r.comparedQty ?? 0;
    c.savingsMicroAud += r.savingsMicroAud ?? 0;
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...byKey.values()].sort((a, b) => cmp(a.securityCode, b.securityCode) || cmp(a.date, b.date));
}
