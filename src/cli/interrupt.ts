import type { RunSummary } from "../pipeline/summary.js";

/**
 * The last line of a run-like command when Ctrl-C came only after the run's outputs were complete
 * (or at a moment the run no longer stopped for it): nothing was stopped, so the exit code stays the
 * run's own (0, or 1 when the run itself failed) instead of 130.
 */
export const LATE_INTERRUPT_LINE = lateLine("SIGINT");

/** {@link LATE_INTERRUPT_LINE} for the signal that came: SIGTERM (a batch system's) is not called Ctrl-C. */
function lateLine(sig: StopSignal): string {
  const what = sig === "SIGTERM" ? "SIGTERM" : "interrupt (Ctrl-C)";
  return `${what} came after the run completed: nothing was stopped, its outputs are complete and the exit code is the run's own\n`;
}

/**
 * The last line of a run stopped by Ctrl-C: what was done, that no table was written, and how to go
 * on (the summary above it reads like a finished run's otherwise). `olderTables`: the output folder
 * still holds an earlier run's `aggregated/` (maybe of other settings), which the line then names,
 * lest it be read as this run's.
 */
export function interruptedLine(s: RunSummary, olderTables = false): string {
  const how = state?.by === "SIGTERM" ? "stopped (SIGTERM)" : "interrupted (Ctrl-C)";
  const done =
    s.jobs === undefined
      ? "during the partition, before any job"
      : `${s.jobs.done + s.jobs.skipped} of ${s.jobs.total} jobs done`;
  const older = olderTables ? " (aggregated/ still holds an earlier run's tables)" : "";
  // A partition cut short left no store (it is sealed only whole): the rerun partitions again.
  const cut = !s.partition.skipped && s.partition.failures.some((f) => f.error.code === "aborted");
  const next = cut ? "the partition starts over" : "finished work is kept and skipped";
  return `${how}: ${done}; no aggregated tables written${older}. Run the same command again to finish: ${next}\n`;
}

/**
 * Where the command stands when Ctrl-C arrives: `running` (the run still stops for it: cancel it),
 * `complete` (the run returned complete, its summary is being printed: note it), `returned` (the
 * command printed everything: say so now).
 */
interface CtrlCState {
  phase: "running" | "complete" | "returned";
  /** The signal that stopped the run (SIGTERM: `kill`, Slurm's `scancel` or time limit). */
  by?: StopSignal;
  readonly abort: AbortController;
  /** The signal (Ctrl-C's, or SIGTERM) that came while `complete`. */
  late?: StopSignal;
}

let state: CtrlCState | undefined;
let listening = false;

/** The signals a run-like command stops cleanly on: Ctrl-C, and `kill`'s (Slurm's `scancel`, its time limit). */
type StopSignal = "SIGINT" | "SIGTERM";
const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM"];

/**
 * The CLI's one listener of each stop signal, kept from the first run-like command to the process's
 * exit (it does not keep the process alive): a listener removed and added again between the run's
 * end and the exit would lose a Ctrl-C pressed in between, and Node's default would kill the process
 * with 130 after a complete run. A second signal while a run is stopping, or one with no command to
 * answer it, is Node's default again: the process dies of it, as before. SIGTERM (a batch system
 * cancelling the task) stops the run as Ctrl-C does, exit 143.
 */
function onSignal(sig: StopSignal): void {
  const s = state;
  if (s === undefined || (s.phase === "running" && s.abort.signal.aborted)) {
    for (const x of STOP_SIGNALS) process.off(x, LISTENERS[x]);
    listening = false;
    process.kill(process.pid, sig);
    return;
  }
  if (s.phase === "running") {
    s.by = sig;
    process.stderr.write(
      `\n${sig === "SIGTERM" ? "SIGTERM: " : ""}stopping: letting running writes finish, no half-written file is left…\n`,
    );
    s.abort.abort(new Error("interrupted"));
  } else if (s.phase === "complete") s.late = sig;
  else process.stdout.write(lateLine(sig));
}
const LISTENERS: Record<StopSignal, () => void> = {
  SIGINT: () => onSignal("SIGINT"),
  SIGTERM: () => onSignal("SIGTERM"),
};

/** What a run-like command's body tells {@link ctrlC}'s `end`: whether its run was cut short. */
export interface RunEnd {
  /** The run's summary says `interrupted` (the signal cut it short); else the run is complete. */
  interrupted: boolean;
}

/** A command's Ctrl-C handling, from {@link ctrlC}. */
export interface CtrlC {
  /** Aborted by the first Ctrl-C while the run still stops for it. */
  readonly signal: AbortSignal;
  /** The run has returned complete: a Ctrl-C from now on stops nothing. */
  complete(): void;
  /**
   * The command's body returned: its exit code (130 when Ctrl-C cut the run short, 143 when SIGTERM
   * did, else 0) and, when
   * a Ctrl-C came that stopped nothing, {@link LATE_INTERRUPT_LINE} written last on stdout. `end`
   * undefined (a body that cannot tell): cut short whenever the signal fired.
   */
  end(end: RunEnd | undefined): 0 | 130 | 143;
  /** The body threw: Ctrl-C is Node's default again. */
  fail(): void;
}

/** Starts a run-like command's Ctrl-C handling (see {@link CtrlC}). */
export function ctrlC(): CtrlC {
  const s: CtrlCState = { phase: "running", abort: new AbortController() };
  state = s;
  if (!listening) {
    for (const x of STOP_SIGNALS) process.on(x, LISTENERS[x]);
    listening = true;
  }
  return {
    signal: s.abort.signal,
    complete: () => {
      if (s.phase === "running") s.phase = "complete";
    },
    end: (end) => {
      const interrupted = end?.interrupted ?? s.abort.signal.aborted;
      const late = s.late ?? (s.abort.signal.aborted ? (s.by ?? "SIGINT") : undefined);
      if (!interrupted && late !== undefined) process.stdout.write(lateLine(late));
      s.phase = "returned";
      return !interrupted ? 0 : s.by === "SIGTERM" ? 143 : 130;
    },
    fail: () => {
      if (state === s) state = undefined;
    },
  };
}
