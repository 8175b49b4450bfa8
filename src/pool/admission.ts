import { jobKeyString, type JobKey } from "../config/index.js";
import { formatBytes } from "./limits.js";

/**
 * Bytes a job holds at its peak per row of its partition (orders + trades + NBBO), measured with
 * `bench/memory.mjs` (the growth of a worker's RSS over a job, ÷ the partition's rows).
 */
export const JOB_BYTES_PER_ROW = 260;

/**
 * A job's memory apart from its rows, bytes: the worker thread's own heap, its compiled code and the
 * output writers' buffers (measured with `bench/memory.mjs` on a small partition).
 */
export const JOB_BASE_BYTES = 64 * 1024 * 1024;

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

/** The warning for a job whose estimate alone is over the budget: it runs alone. */
export function oversizedJobWarning(key: string, rows: number, estimate: number, budget: number): string {
  return (
    `job ${key}: estimated peak memory ${formatBytes(estimate)} (${rows.toLocaleString("en-US")} partition rows) ` +
    `is over memoryBudget = ${formatBytes(budget)}; it runs alone, no other job beside it. ` +
    `Raise memoryBudget if the machine has the memory`
  );
}

/**
 * The admission of the jobs phase: each task's estimate from its partition's rows (`partitions`, as
 * `listStore` lists them; a partition not listed counts as empty), and a warning for each job whose
 * estimate alone is over `budget`, in task order.
 */
export function jobAdmission<T extends JobKey>(
  tasks: readonly T[],
  partitions: readonly (JobKey & { rows: PartitionRows })[],
  budget: number,
): { admission: { budget: number; estimate: (task: T) => number }; warnings: string[] } {
  const rowsOf = new Map(partitions.map((p) => [jobKeyString(p), p.rows]));
  const rows = (t: JobKey): PartitionRows => rowsOf.get(jobKeyString(t)) ?? { orders: 0, trades: 0, nbbo: 0 };
  const warnings: string[] = [];
  for (const t of tasks) {
    const r = rows(t);
    const estimate = jobEstimateBytes(r);
    if (estimate > budget)
      warnings.push(oversizedJobWarning(jobKeyString(t), r.orders + r.trades + r.nbbo, estimate, budget));
  }
  return { admission: { budget, estimate: (t) => jobEstimateBytes(rows(t)) }, warnings };
}
