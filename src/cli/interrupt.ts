import type { RunSummary } from "../pipeline/summary.js";

/**
 * The last line of a run-like command when Ctrl-C came only after the run's outputs were complete
 * (or at a moment the run no longer stopped for it): nothing was stopped, so the exit code stays the
 * run's own (0, or 1 when the run itself failed) instead of 130.
 */
export const LATE_INTERRUPT_LINE =
  "interrupt (Ctrl-C) came after the run completed: nothing was stopped, its outputs are complete and the exit code is the run's own\n";

/**
 * The last line of a run stopped by Ctrl-C: what was done, that no table was written, and how to go
 * on (the summary above it reads like a finished run's otherwise). `olderTables`: the output folder
 * still holds an earlier run's `aggregated/` (maybe of other settings), which the line then names,
 * lest it be read as this run's.
 */
export function interruptedLine(s: RunSummary, olderTables = false): string {
  const done =
    s.jobs === undefined
      ? "during the partition, before any job"
      : `${s.jobs.done + s.jobs.skipped} of ${s.jobs.total} jobs done`;
  const older = olderTables ? " (aggregated/ still holds an earlier run's tables)" : "";
  // A partition cut short left no store (it is sealed only whole): the rerun partitions again.
  const cut = !s.partition.skipped && s.partition.failures.some((f) => f.error.code === "aborted");
  const next = cut ? "the partition starts over" : "finished work is kept and skipped";
  return `interrupted (Ctrl-C): ${done}; no aggregated tables written${older}. Run the same command again to finish: ${next}\n`;
}

/**
 * Where the command stands when Ctrl-C arrives: `running` (the run still stops for it: cancel it),
 * `complete` (the run returned complete, its summary is being printed: note it), `returned` (the
 * command printed everything: say so now).
 */
interface CtrlCState {
  phase: "running" | "complete" | "returned";
  readonly abort: AbortController;
  /** Ctrl-C came while `complete`. */
  late: boolean;
}

let state: CtrlCState | undefined;
let listening = false;

/**
 * The CLI's one SIGINT listener, kept from the first run-like command to the process's exit (it
 * does not keep the process alive): a listener removed and added again between the run's end and
 * the exit would lose a Ctrl-C pressed in between, and Node's default would kill the process with
 * 130 after a complete run. A second Ctrl-C while a run is stopping, or one with no command to
 * answer it, is Node's default again: the process dies of SIGINT, as before.
 */
function onSigint(): void {
  const s = state;
  if (s === undefined || (s.phase === "running" && s.abort.signal.aborted)) {
    process.off("SIGINT", onSigint);
    listening = false;
    process.kill(process.pid, "SIGINT");
    return;
  }
  if (s.phase === "running") {
    process.stderr.write("\nstopping: letting running writes finish, no half-written file is left…\n");
    s.abort.abort(new Error("interrupted"));
  } else if (s.phase === "complete") s.late = true;
  else process.stdout.write(LATE_INTERRUPT_LINE);
}

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
   * The command's body returned: its exit code (130 when the run was cut short, else 0) and, when
   * a Ctrl-C came that stopped nothing, {@link LATE_INTERRUPT_LINE} written last on stdout. `end`
   * undefined (a body that cannot tell): cut short whenever the signal fired.
   */
  end(end: RunEnd | undefined): 0 | 130;
  /** The body threw: Ctrl-C is Node's default again. */
  fail(): void;
}

/** Starts a run-like command's Ctrl-C handling (see {@link CtrlC}). */
export function ctrlC(): CtrlC {
  const s: CtrlCState = { phase: "running", abort: new AbortController(), late: false };
  state = s;
  if (!listening) {
    process.on("SIGINT", onSigint);
    listening = true;
  }
  return {
    signal: s.abort.signal,
    complete: () => {
      if (s.phase === "running") s.phase = "complete";
    },
    end: (end) => {
      const interrupted = end?.interrupted ?? s.abort.signal.aborted;
      if (!interrupted && (s.late || s.abort.signal.aborted)) process.stdout.write(LATE_INTERRUPT_LINE);
      s.phase = "returned";
      return interrupted ? 130 : 0;
    },
    fail: () => {
      if (state === s) state = undefined;
    },
  };
}
