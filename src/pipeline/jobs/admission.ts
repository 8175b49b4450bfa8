import { jobKeyString, type JobKey } from "../../config/index.js";
import { formatBytes } from "../limits.js";

/**
 * Bytes a job holds at its peak per row of its partition (orders + trades + NBBO), with a margin.
 * Measured with `bench/memory.mjs` (one security, 2 days, 2 workers, 2026-12-07, the code with
 * narrow integer columns and the write stage page by page): the jobs phase's peak RSS over the
 * process's ~98 MB, less {@link JOB_BASE_BYTES} a job running, per partition row: 3M order events
 * a day (4.47M rows, one job at a time) 89; 6M a day (8.94M rows) 90; 1M a day, two jobs at once
 * (2.92M rows) 75. 120 keeps a third over the largest. (Before those changes it was 180, for
 * 161–206 measured.)
 */
export const JOB_BYTES_PER_ROW = 120;

/**
 * A job's memory apart from its rows, bytes: the worker thread's own heap, its compiled code and the
 * output writers' buffers (a margin over what `bench/memory.mjs` measures).
 */
export const JOB_BASE_BYTES = 64 * 1024 * 1024;

/**
 * The main thread's own share of the budget, bytes: the process with the toolkit loaded, the job
 * plan and the manifest (~100 MB RSS in `bench/memory.mjs`, before any job runs). The jobs' estimates
 * share what is left of `memoryBudget`.
 */
export const PROCESS_BASE_BYTES = 128 * 1024 * 1024;

/** A partition's rows per table, as `listStore` counts them from the piece footers. */
export interface PartitionRows {
  orders: number;
  trades: number;
  nbbo: number;
}

/**
 * The estimated peak memory of the job of one partition, bytes: {@link JOB_BASE_BYTES} plus
 * {@link JOB_BYTES_PER_ROW} per row of its three tables.
 */
export function jobEstimateBytes(rows: PartitionRows): number {
  return JOB_BASE_BYTES + (rows.orders + rows.trades + rows.nbbo) * JOB_BYTES_PER_ROW;
}

/**
 * The admission policy of the jobs phase: how many jobs at the head of `queue` (their estimates, in
 * queue order) start now, given the estimates of the jobs `running` and `workers` threads. A job
 * starts while a worker is free and the running estimates plus its own stay within `budget` (bytes);
 * the queue keeps its order (a job that does not fit holds back the ones behind it, so a big job is
 * never starved by small ones). A job whose estimate alone is over the budget starts only when
 * nothing runs, and nothing starts beside it. Pure: it changes which jobs run together, never what
 * a job computes.
 */
export function admitCount(
  queue: readonly number[],
  running: readonly number[],
  budget: number,
  workers: number,
): number {
  let count = running.length;
  let sum = running.reduce((a, b) => a + b, 0);
  let n = 0;
  for (const estimate of queue) {
    if (count >= workers) break;
    if (count > 0 && sum + estimate > budget) break;
    count++;
    sum += estimate;
    n++;
  }
  return n;
}

/**
 * The warning for a job too big for the budget alone: `peak` is the process's estimated peak memory
 * while it runs (its estimate and the main thread's share), bytes. It runs alone.
 */
export function oversizedJobWarning(key: string, rows: number, peak: number, memoryBudget: number): string {
  return (
    `job ${key}: estimated peak memory ${formatBytes(peak)} (${rows.toLocaleString("en-US")} partition rows) ` +
    `is over memoryBudget = ${formatBytes(memoryBudget)}; it runs alone, no other job beside it. ` +
    `Raise memoryBudget if the machine has the memory`
  );
}

/**
 * The admission of the jobs phase under `memoryBudget` (bytes): each task's estimate from its
 * partition's rows (`partitions`, as `listStore` lists them; a partition not listed counts as
 * empty), sharing the budget less {@link PROCESS_BASE_BYTES}; and a warning for each job whose
 * estimate alone is over that share, in task order.
 */
export function jobAdmission<T extends JobKey>(
  tasks: readonly T[],
  partitions: readonly (JobKey & { rows: PartitionRows })[],
  memoryBudget: number,
): { admission: { budget: number; estimate: (task: T) => number }; warnings: string[] } {
  const budget = Math.max(0, memoryBudget - PROCESS_BASE_BYTES);
  const rowsOf = new Map(partitions.map((p) => [jobKeyString(p), p.rows]));
  const rows = (t: JobKey): PartitionRows => rowsOf.get(jobKeyString(t)) ?? { orders: 0, trades: 0, nbbo: 0 };
  const warnings: string[] = [];
  for (const t of tasks) {
    const r = rows(t);
    const estimate = jobEstimateBytes(r);
    if (estimate > budget)
      warnings.push(
        oversizedJobWarning(jobKeyString(t), r.orders + r.trades + r.nbbo, estimate + PROCESS_BASE_BYTES, memoryBudget),
      );
  }
  return { admission: { budget, estimate: (t) => jobEstimateBytes(rows(t)) }, warnings };
}
