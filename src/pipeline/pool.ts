import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { admitCount } from "./jobs/admission.js";
import { RETRIED_CODES, type JobError, type TaskFailureCode, type Task, type TaskOutcome } from "./messages.js";

/**
 * The compiled worker entry (worker-entry.cjs, a CommonJS shim that imports worker.js). piscina runs
 * JavaScript: from dist/ it sits beside this file; when this module runs from TypeScript sources
 * (tests), the built copy in dist/ is used.
 */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith(".ts")
    ? resolve(dirname(here), "..", "..", "dist", "pipeline", "worker-entry.cjs")
    : resolve(dirname(here), "worker-entry.cjs");
  if (!existsSync(file)) throw new Error(`worker entry ${file} is missing: run \`npm run build\` first`);
  return file;
}

/** Options of a {@link TaskPool}. */
export interface PoolOptions {
  /** Worker threads (default: 2). */
  workers?: number;
  /** Heap limit per worker, MB: a job that exceeds it fails with `out_of_memory`, the run goes on. */
  maxOldGenerationSizeMb?: number;
  /** Test hook: another worker file (a test's wrapper of the real one) and its piscina `workerData`. */
  worker?: TestWorker;
  /**
   * Told of an error of the pool that belongs to no task (a thread that failed between tasks, which
   * piscina replaces); no task's outcome is affected. Default: a Node process warning.
   */
  onPoolError?: (message: string) => void;
}

/**
 * A worker a test runs the tasks in instead of the toolkit's: a wrapper of the real worker entry that
 * injects faults (a throw, a hang, an exit, running out of memory or disk) into chosen tasks. Faults
 * live in the tests, never in the production worker.
 */
export interface TestWorker {
  /** The worker file (CommonJS or ES module exporting the task handler). */
  filename: string;
  /** Given to each worker thread as piscina's `workerData`. */
  data?: unknown;
}

/** Options of one batch of tasks. */
export interface RunOptions<T> {
  /** Per-attempt time limit, ms; a task past it is aborted (its thread terminated) → `job_timeout`. */
  timeoutMs: number;
  /**
   * Extra attempts after a failure a retry may cure (`RETRIED_CODES`: a throw, a timeout, a dead
   * worker, out of memory); never after a typed data error, `output_unwritable`, `aborted` or `bad_task`.
   */
  retries: number;
  /** Cancels everything: running tasks are aborted, queued ones never start. */
  signal?: AbortSignal;
  /** Called when a task starts an attempt. */
  onStart?: (task: T, attempt: number) => void;
  /**
   * Called when a task's last attempt ends (`attempts`: how many it made), before the next task
   * starts on its worker and before the task is yielded: a count of running tasks kept with
   * `onStart` stays exact although the next task may start before the caller handles this one.
   */
  onEnd?: (task: T, attempts: number) => void;
  /**
   * The `job_timeout` message for a limit of `ms` (default: `exceeded the time limit of N ms`): it
   * should name the setting behind the limit and what to do (see `jobTimeoutMessage`).
   */
  timeoutMessage?: (ms: number) => string;
  /**
   * Admission by memory (see `admitCount`): a task starts only while the estimates of the running
   * tasks plus its own stay within `budget` bytes; one over the budget alone runs alone. Without it,
   * tasks start whenever a worker is free.
   */
  admission?: {
    /** The bytes the running tasks' estimates may sum to. */
    budget: number;
    /** A task's estimated peak memory, bytes. */
    estimate: (task: T) => number;
  };
}

/** One finished task: its outcome after the last attempt. */
export interface Finished<T, V> {
  task: T;
  outcome: TaskOutcome<V>;
  attempts: number;
  ms: number;
}

function classify(e: unknown, timedOut: string | undefined, cancelled: AbortSignal | undefined): JobError {
  const err = e instanceof Error ? e : new Error(String(e));
  // piscina's own "The task has been aborted" does not say why: the caller's reason does.
  if (cancelled !== undefined) return { code: "aborted", message: `cancelled while running: ${reasonOf(cancelled)}` };
  // piscina rejects a timed-out task with its own "The task has been aborted": say which limit.
  if (timedOut !== undefined) return { code: "job_timeout", message: timedOut };
  const code: TaskFailureCode =
    (err as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY"
      ? "out_of_memory"
      : /worker exited/i.test(err.message)
        ? "worker_exited"
        : "job_threw";
  return { code, message: err.message, ...(err.stack === undefined ? {} : { stack: err.stack }) };
}

/** Why a signal was aborted, in words (its reason's message). */
function reasonOf(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r.message : typeof r === "string" ? r : "cancelled";
}

/**
 * A piscina pool of worker threads running sweeplab tasks, at most `workers` at a time, each with
 * its own timeout and bounded retries. A task that throws, times out, runs out of memory or kills its
 * thread is returned as `{ ok: false, error }` with a `JobErrorCode` (a typed error of the
 * toolkit with its own code, not retried); the others go on.
 */
export class TaskPool {
  readonly workers: number;
  private readonly piscina: Piscina;
  private peak = 0;

  constructor(options: PoolOptions = {}) {
    this.workers = Math.max(1, options.workers ?? 2);
    this.piscina = new Piscina({
      filename: options.worker?.filename ?? workerFile(),
      ...(options.worker?.data === undefined ? {} : { workerData: options.worker.data }),
      minThreads: 1,
      maxThreads: this.workers,
      idleTimeout: 5_000,
      ...(options.maxOldGenerationSizeMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } }),
    });
    // piscina emits 'error' for what belongs to no task; with no listener that is an uncaught
    // exception that ends the process (a CLI run, a notebook's kernel). The common one is a late
    // result: a task aborted (Ctrl-C, a timeout) just as its thread posted its result. piscina has
    // settled that task as aborted already and removed its thread, so the result is dropped here.
    const told = options.onPoolError ?? ((m: string) => process.emitWarning(m, "SweeplabPoolWarning"));
    this.piscina.on("error", (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      if (message.startsWith("Unexpected message from Worker")) return;
      // No thread left nor starting: a thread failed as it started (a worker file that cannot load,
      // a heap limit too small to load it), which piscina does not replace; the tasks waiting for a
      // thread would wait for their time limit. They fail with its error, as one posted to it does.
      if (this.piscina.threads.length === 0) {
        const failure = Object.assign(new Error(`a worker thread could not start: ${message}`), {
          code: (e as NodeJS.ErrnoException | undefined)?.code,
        });
        told(failure.message);
        for (const waiting of this.waiting) waiting.abort(failure);
        return;
      }
      told(`a worker thread failed outside any task (it is replaced; no task is affected): ${message}`);
    });
  }

  /** Aborted with the error when the pool's threads cannot start: one per task posted to piscina. */
  private readonly waiting = new Set<AbortController>();

  /** Runs `tasks` and yields each as it finishes (not in submission order). */
  async *run<T extends Task, V>(tasks: readonly T[], options: RunOptions<T>): AsyncGenerator<Finished<T, V>> {
    const queue = [...tasks];
    const done: Finished<T, V>[] = [];
    let wake: (() => void) | undefined;
    let inFlight = 0;
    // The estimates of the running tasks, one entry (object) per task, when admission is by memory.
    const running: { estimate: number }[] = [];
    const attempt = async (task: T, slot: { estimate: number }): Promise<void> => {
      const t0 = performance.now();
      let attempts = 0;
      let outcome: TaskOutcome<V>;
      for (;;) {
        attempts++;
        options.onStart?.(task, attempts);
        const timer = new AbortController();
        const timeout = setTimeout(
          () => timer.abort(new Error(`timed out after ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
        const unstarted = new AbortController();
        this.waiting.add(unstarted);
        const signals = [timer.signal, unstarted.signal, ...(options.signal === undefined ? [] : [options.signal])];
        try {
          outcome = (await this.piscina.run(task, { signal: AbortSignal.any(signals) })) as TaskOutcome<V>;
        } catch (e) {
          const timedOut = timer.signal.aborted
            ? (options.timeoutMessage?.(options.timeoutMs) ?? `exceeded the time limit of ${options.timeoutMs} ms`)
            : undefined;
          const cancelled = options.signal?.aborted === true ? options.signal : undefined;
          const failure: unknown = unstarted.signal.aborted ? unstarted.signal.reason : e;
          outcome = { ok: false, error: classify(failure, timedOut, cancelled) };
        } finally {
          clearTimeout(timeout);
          this.waiting.delete(unstarted);
        }
        if (outcome.ok || !RETRIED_CODES.has(outcome.error.code) || attempts > options.retries) break;
      }
      this.peak = Math.max(this.peak, this.piscina.threads.length);
      done.push({ task, outcome, attempts, ms: performance.now() - t0 });
      inFlight--;
      running.splice(running.indexOf(slot), 1);
      options.onEnd?.(task, attempts);
      // After a success the freed worker takes the next task at once, before the caller handles
      // this result (its manifest write, progress): a worker waiting for the main thread was idle
      // 6.8 % of the jobs phase. After a failure the caller decides first (it may stop the run).
      if (outcome.ok) fill();
      wake?.();
    };
    // At most one thread per task of this batch, whatever `workers` says (piscina starts threads on demand).
    const concurrency = Math.min(this.workers, Math.max(1, tasks.length));
    const admission = options.admission;
    const admits = (task: T): boolean =>
      admission === undefined
        ? inFlight < concurrency
        : admitCount(
            [admission.estimate(task)],
            running.map((r) => r.estimate),
            admission.budget,
            concurrency,
          ) === 1;
    const fill = (): void => {
      while (queue.length > 0 && options.signal?.aborted !== true && admits(queue[0] as T)) {
        inFlight++;
        const task = queue.shift() as T;
        const slot = { estimate: admission?.estimate(task) ?? 0 };
        running.push(slot);
        void attempt(task, slot);
      }
      this.peak = Math.max(this.peak, this.piscina.threads.length);
    };
    fill();
    while (inFlight > 0 || done.length > 0) {
      if (done.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      while (done.length > 0) yield done.shift() as Finished<T, V>;
      fill();
    }
    // Tasks never started because of cancellation are reported as aborted, so none goes missing.
    for (const task of queue.splice(0))
      yield {
        task,
        outcome: {
          ok: false,
          error: { code: "aborted", message: `cancelled before it started: ${reasonOf(options.signal)}` },
        },
        attempts: 0,
        ms: 0,
      };
  }

  /** The most worker threads alive at once so far (never above `workers`, nor the tasks of a batch). */
  get peakThreads(): number {
    return Math.max(this.peak, this.piscina.threads.length);
  }

  /** Stops every thread. */
  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
