import { SIZE_BANDS } from "../core/classify.js";
import { CELL_COUNT } from "../core/cells.js";
import { JobSumsBuilder, type JobSums } from "../core/job-sums.js";
import { AggregationError } from "./errors.js";
import type { SweepRow } from "./inputs.js";
import { addMeasures, addSweepSums, emptyMeasures, type Measures } from "./measures.js";
import { microAudPerTick } from "./money.js";

/**
 * One job's additive sums as aggregation takes them: its key, its price decimals (DecimalsInPrice,
 * 0..6: the scale of its ticks) and its {@link JobSums} — what job.json's record holds and the
 * job returns.
 */
export interface JobSumsInput {
  securityCode: string;
  date: string;
  decimals: number;
  sums: JobSums;
}

/** A job as the per-job tables use it: its key and the measures of its 9 cells (micro-AUD). */
export interface IndexedJob {
  securityCode: string;
  date: string;
  cells: Measures[];
}

const jobKey = (securityCode: string, date: string): string => `${securityCode}\u0000${date}`;

/**
 * The jobs added to an aggregation, each once, with their cells as {@link Measures}: memory grows
 * with the number of jobs (9 cells each), never with the number of sweeps.
 */
export class JobIndex {
  private readonly byKey = new Map<string, IndexedJob>();

  /**
   * Adds one job and returns its micro-AUD per tick: AggregationError `bad_cells` (not 9 cells),
   * `duplicate_job`, `bad_decimals` (not 0..6).
   */
  addJob(job: JobSumsInput): bigint {
    const key = jobKey(job.securityCode, job.date);
    if (job.sums.cells.length !== CELL_COUNT)
      throw new AggregationError(
        "bad_cells",
        `has ${job.sums.cells.length} cells; expected 9`,
        job.securityCode,
        job.date,
      );
    if (this.byKey.has(key)) throw new AggregationError("duplicate_job", "appears twice", job.securityCode, job.date);
    const scale = microAudPerTick(job.decimals);
    this.byKey.set(key, {
      securityCode: job.securityCode,
      date: job.date,
      cells: job.sums.cells.map((c) => addSweepSums(emptyMeasures(), c, scale)),
    });
    return scale;
  }

  /** The jobs in the order added. */
  jobs(): IndexedJob[] {
    return [...this.byKey.values()];
  }
}

/** The measures of a whole job (its 9 cells), counting 1 job. */
export function jobMeasures(j: IndexedJob): Measures {
  const m = emptyMeasures();
  m.jobs = 1;
  for (const c of j.cells) addMeasures(m, c);
  return m;
}

/**
 * The {@link JobSumsInput} of each job of a set of sweep rows, summed exactly as the core sums a
 * job's metrics (`jobSums`): for rows you hold rather than a run's records (a test's fixtures, a
 * filtered subset). `jobs` adds jobs that have no sweep rows (all-zero sums; its decimals are
 * used). AggregationError `rows_mismatch` when a row's decimals differ from its job's. Sorted by
 * (security code, date).
 */
export function jobSumsFromSweeps(
  sweeps: readonly SweepRow[],
  jobs: readonly Pick<JobSumsInput, "securityCode" | "date" | "decimals">[] = [],
): JobSumsInput[] {
  const byKey = new Map<string, { key: Pick<JobSumsInput, "securityCode" | "date" | "decimals">; b: JobSumsBuilder }>();
  const jobOf = (k: Pick<JobSumsInput, "securityCode" | "date" | "decimals">): JobSumsBuilder => {
    const key = jobKey(k.securityCode, k.date);
    let j = byKey.get(key);
    if (j === undefined) {
      j = {
        key: { securityCode: k.securityCode, date: k.date, decimals: k.decimals },
        b: new JobSumsBuilder(k.decimals),
      };
      byKey.set(key, j);
    } else if (j.key.decimals !== k.decimals)
      throw new AggregationError(
        "rows_mismatch",
        `has rows of decimals ${k.decimals} and ${j.key.decimals}`,
        k.securityCode,
        k.date,
      );
    return j.b;
  };
  for (const k of jobs) jobOf(k);
  for (const r of sweeps)
    jobOf(r).add({
      group: r.group,
      band: SIZE_BANDS.indexOf(r.sizeBand),
      participantId: r.participantId,
      placedNs: r.placedNs,
      qty: r.qty,
      realFilled: r.realFilled,
      realValueTicks: r.realValueTicks,
      realTrades: r.realTrades,
      simulated: r.simFilled !== undefined,
      simFilled: r.simFilled ?? 0,
      simValueHalfTicks: r.simValueHalfTicks ?? 0,
      simFills: r.simFills ?? 0,
      comparedQty: r.comparedQty ?? 0,
      savingsMicroAud: r.savingsMicroAud ?? 0,
      hasMeanMid: r.meanMidHalfTicks !== undefined,
      costMidpointMicroAud: r.costMidpointMicroAud,
      costHalfSpreadMicroAud: r.costHalfSpreadMicroAud,
      costImpactMicroAud: r.costImpactMicroAud,
    });
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...byKey.values()]
    .map(({ key, b }) => ({ ...key, sums: b.sums() }))
    .sort((a, b) => cmp(a.securityCode, b.securityCode) || cmp(a.date, b.date));
}
