/** Live progress of a run, emitted as events (for the terminal bar and the notebook display). */
export interface RunProgress {
  phase: "partition" | "jobs" | "aggregate" | "done";
  /** Tasks of this phase: finished ok, failed, running, skipped (already current), total. */
  done: number;
  failed: number;
  running: number;
  skipped: number;
  total: number;
  /** Input rows handled in this phase so far, and the rate since the phase began. */
  rows: number;
  rowsPerSecond: number;
  /** Estimated seconds left in this phase (undefined until something finished). */
  etaSeconds: number | undefined;
  elapsedSeconds: number;
}

/** Tracks one phase and builds its {@link RunProgress} events. */
export class PhaseTracker {
  done = 0;
  failed = 0;
  running = 0;
  skipped = 0;
  rows = 0;
  private readonly t0 = performance.now();

  constructor(
    readonly phase: RunProgress["phase"],
    /** Tasks of the phase; grows when a file is partitioned again whole. */
    public total: number,
  ) {}

  /** The current state as an event. */
  snapshot(): RunProgress {
    const elapsed = (performance.now() - this.t0) / 1000;
    const finished = this.done + this.failed;
    const left = this.total - finished - this.skipped;
    return {
      phase: this.phase,
      done: this.done,
      failed: this.failed,
      running: this.running,
      skipped: this.skipped,
      total: this.total,
      rows: this.rows,
      rowsPerSecond: elapsed > 0 ? this.rows / elapsed : 0,
      etaSeconds: finished > 0 ? (elapsed / finished) * left : undefined,
      elapsedSeconds: elapsed,
    };
  }
}

/** One line of progress text: `jobs ▕████░░░░▏ 12/40 done, 1 failed, 2 running · 1.2M rows/s · ETA 0:31`. */
export function formatProgress(p: RunProgress, width = 24): string {
  const frac = p.total === 0 ? 1 : (p.done + p.failed + p.skipped) / p.total;
  const fill = Math.round(frac * width);
  const bar = "█".repeat(fill) + "░".repeat(width - fill);
  const eta =
    p.etaSeconds === undefined
      ? ""
      : ` · ETA ${Math.floor(p.etaSeconds / 60)}:${String(Math.round(p.etaSeconds % 60)).padStart(2, "0")}`;
  const rate =
    p.rowsPerSecond >= 1e6 ? `${(p.rowsPerSecond / 1e6).toFixed(2)}M` : `${Math.round(p.rowsPerSecond / 1e3)}k`;
  return `${p.phase.padEnd(9)} ▕${bar}▏ ${p.done + p.skipped}/${p.total} done, ${p.failed} failed, ${p.running} running · ${rate} rows/s${eta}`;
}
