import { resolve } from "node:path";
import { inNotebook } from "./display.js";

/*
 * A kernel interrupt (Jupyter's ■, `jupyter_client`'s interrupt_kernel: a SIGINT to the kernel)
 * makes tslab stop waiting for the cell, and nothing more: a `run()` the cell awaited went on in the
 * background, holding its output folder's lock, so running the cell again was refused
 * (`run_locked`, naming the kernel's own pid), and the run kept the cores busy. Here a SIGINT
 * cancels, as `handle.cancel()`, every run being awaited or iterated (a handle started and left
 * running without `await` runs on), and a new run into the folder of a cancelled run still ending
 * first waits for it to end. The listener is there only while a run is, and only in a kernel (or
 * where another listener already handles SIGINT; the REPL at a terminal reads Ctrl-C as a key): a
 * script's Ctrl-C still ends the process. (tslab's own handling of the signal is not seen among
 * `process.listeners("SIGINT")`: a kernel is told by its tslab module, as the displays are.)
 * A `generate()` of the notebook (generate.ts) is watched here too, as a run always awaited.
 */

/** What the interrupt needs of a run handle. */
export interface Interruptible {
  /** Whether code awaits or iterates the handle (a cell waiting for it). */
  readonly awaited: boolean;
  /** Whether the run has ended. */
  readonly done: boolean;
  /** Whether the run was told to stop (`cancel()`, its signal, an interrupt). */
  readonly cancelRequested: boolean;
  /** Stops the run (as `RunHandle.cancel`). */
  cancel(reason?: string): void;
}

/** This process's runs in progress: their resolved output folder and when they end. */
const runs = new Map<Interruptible, { dir: string; ended: Promise<void> }>();
let listening = false;

/**
 * Cancels, as `handle.cancel()`, every run of this process being awaited or iterated (a kernel
 * interrupt; Ctrl-C at the REPL's prompt); a run nobody waits for runs on. Returns how many.
 */
export function interruptRuns(): number {
  let n = 0;
  for (const [handle] of runs)
    if (handle.awaited && !handle.done && !handle.cancelRequested) {
      handle.cancel("interrupted");
      n++;
    }
  return n;
}

function onInterrupt(): void {
  interruptRuns();
}

/**
 * Keeps `handle`, a run into `outputDir` that ends when `ended` settles, among the runs a kernel
 * interrupt cancels (see above) until then. Returns at once a promise that resolves once `handle`
 * is no longer watched (after `ended` settled; never rejects).
 */
export function watchRun(handle: Interruptible, outputDir: string, ended: Promise<unknown>): Promise<void> {
  const settled = ended.then(
    () => undefined,
    () => undefined,
  );
  runs.set(handle, { dir: resolve(outputDir), ended: settled });
  if (!listening && (process.listenerCount("SIGINT") > 0 || inNotebook())) {
    process.on("SIGINT", onInterrupt);
    listening = true;
  }
  return settled.then(() => {
    runs.delete(handle);
    if (runs.size === 0 && listening) {
      process.removeListener("SIGINT", onInterrupt);
      listening = false;
    }
  });
}

/**
 * Waits until every run of this process into `outputDir` that was told to stop has ended (it holds
 * the folder's lock until then); a run there still running on purpose is left to refuse the new
 * one (`run_locked`).
 */
export async function afterCancelledRuns(outputDir: string): Promise<void> {
  const dir = resolve(outputDir);
  await Promise.all([...runs].filter(([h, r]) => r.dir === dir && h.cancelRequested).map(([, r]) => r.ended));
}
