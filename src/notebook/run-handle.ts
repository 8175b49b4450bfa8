import type { JobRecord, RunProgress, RunSummary } from "../pipeline/index.js";
import type { RunConfig } from "../config/index.js";
import type { RunFailure } from "./failures.js";
import type { Interruptible } from "./interrupt.js";

/** One job finished in this run (done or failed), as recorded in the run manifest. */
export interface JobEvent {
  type: "job";
  /** `SEC|YYYY-MM-DD`. */
  key: string;
  securityCode: string;
  date: string;
  status: "done" | "failed";
  record: JobRecord;
}

/**
 * A job of the run's matrix it skipped as current (its outputs are an earlier run's): its record as
 * the job.json its check read recorded it (the fingerprints of the data and settings it was computed with).
 */
export interface SkippedJob {
  /** `SEC|YYYY-MM-DD`. */
  key: string;
  securityCode: string;
  date: string;
  /** Its run-manifest entry (`status: "done"`), a copy of the job.json's record. */
  record: JobRecord;
}

/** A progress snapshot of the current phase (see `RunProgress`). */
export interface ProgressEvent {
  type: "progress";
  progress: RunProgress;
}

/** What iterating a {@link RunHandle} yields, in the order it happened. */
export type RunEvent = ProgressEvent | JobEvent;

/** What a finished (or cancelled) run gives back. */
export interface RunResult {
  /** The validated config the run used (defaults filled in). */
  config: RunConfig;
  /** Its output folder (as `config.outputDir`): pass the result to `aggregate` or `compare`. */
  outputDir: string;
  /** The execution summary (also written to `run_summary.json`). */
  summary: RunSummary;
  /**
   * Whether the run was cancelled (`cancel()` or the caller's signal) and stopped for it (its
   * summary's `interrupted`): the work done so far is kept. A cancel that came once the run no
   * longer stopped for it (during the aggregation, or after) leaves a finished run: false.
   */
  cancelled: boolean;
  /** Every failed partition task and job, with its typed error code; the other jobs completed. */
  failures: RunFailure[];
  /** The jobs finished in this run, done or failed, in the order they finished (skipped ones are not). */
  jobs: JobEvent[];
  /**
   * The jobs of its matrix it skipped as current, in matrix order, each with the record of the
   * job.json it found: with `jobs`, every job the run's tables are of (the readers given the result
   * refuse one rewritten since, `jobs_changed`).
   */
  skippedCurrent: SkippedJob[];
  /** Peak resident memory of this process (main thread and worker threads) sampled every 100 ms during the run, MB. */
  peakRssMb: number;
}

/** The state of a run handle (see {@link RunHandle.state}). */
export type RunState = "running" | "finished" | "cancelled" | "failed";

/** The parts of a handle the run's body drives. */
export interface RunControl {
  emit(event: RunEvent): void;
  readonly signal: AbortSignal;
  /** The handle, for a kernel interrupt to cancel while it is awaited (interrupt.ts). */
  readonly handle: Interruptible;
}

/**
 * A run in progress, returned at once by `run()`: `await` it for the {@link RunResult}; iterate it
 * (`for await (const e of handle)`) for its progress and job events as they arrive — every iterator
 * starts from the first event, so a later cell still sees the whole run —; `cancel()` it to stop
 * cleanly. The promise rejects, and iteration throws, when the run cannot start or fails as a whole
 * (`ConfigError`, `InputErrors`, `StoreNotReadyError`); failed jobs are not errors (see `failures`).
 */
export class RunHandle implements PromiseLike<RunResult>, AsyncIterable<RunEvent>, Interruptible {
  /** The outcome of the run (what awaiting the handle gives). */
  readonly result: Promise<RunResult>;
  /** The most recent progress snapshot, undefined before the first. */
  latest: RunProgress | undefined;
  private readonly events: RunEvent[] = [];
  private waiting: (() => void)[] = [];
  private ended = false;
  private readonly controller = new AbortController();
  private outcome: RunState = "running";
  private waitedFor = false;

  /** @internal Starts `body` at once; `external` cancels the run too. */
  constructor(body: (control: RunControl) => Promise<RunResult>, external?: AbortSignal) {
    if (external !== undefined) {
      if (external.aborted) this.controller.abort(external.reason);
      else external.addEventListener("abort", () => this.controller.abort(external.reason), { once: true });
    }
    const control: RunControl = {
      emit: (event) => {
        if (event.type === "progress") this.latest = event.progress;
        this.events.push(event);
        this.wakeAll();
      },
      signal: this.controller.signal,
      handle: this,
    };
    this.result = body(control)
      .then(
        (r) => {
          this.outcome = r.cancelled ? "cancelled" : "finished";
          return r;
        },
        (e: unknown) => {
          this.outcome = "failed";
          throw e;
        },
      )
      .finally(() => {
        this.ended = true;
        this.wakeAll();
      });
    // Whoever only iterates still sees the error there; no unhandled rejection in the meantime.
    this.result.catch(() => undefined);
  }

  private wakeAll(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }

  /** Whether the run has ended (finished, cancelled or failed). */
  get done(): boolean {
    return this.ended;
  }

  /** Whether code has awaited or iterated the handle: a kernel interrupt then cancels the run. */
  get awaited(): boolean {
    return this.waitedFor;
  }

  /** Whether the run was told to stop (`cancel()`, the caller's signal, a kernel interrupt). */
  get cancelRequested(): boolean {
    return this.controller.signal.aborted;
  }

  /** Where the run is: `running`, or how it ended — `finished`, `cancelled` (work so far kept) or `failed` (awaiting rethrows). */
  get state(): RunState {
    return this.outcome;
  }

  /** Cancels the run: running jobs are aborted, queued ones never start, no half-written file is left. */
  cancel(reason = "cancelled from the notebook"): void {
    this.controller.abort(new Error(reason));
  }

  /** Makes the handle awaitable: resolves to the {@link RunResult}. */
  then<A = RunResult, B = never>(
    onFulfilled?: ((value: RunResult) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.waitedFor = true;
    return this.result.then(onFulfilled, onRejected);
  }

  /** Every event of the run from the first, then waits for new ones until the run ends. */
  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    this.waitedFor = true;
    let i = 0;
    for (;;) {
      while (i < this.events.length) yield this.events[i++] as RunEvent;
      if (this.ended) {
        await this.result; // rethrows the run's error, if any
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}
