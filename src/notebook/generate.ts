import { resolve } from "node:path";
import { generate as generateData, type GenOptions, type GenSummary } from "../gen/index.js";
import { resolveOptions } from "../gen/options.js";
import { watchRun, type Interruptible } from "./interrupt.js";

/*
 * A kernel interrupt (■) made tslab stop waiting for a cell's generate(), nothing more: it went on
 * writing in the background, and the cell run again (`workDir(name, { fresh: true })`, then
 * generate) emptied the folder under it and wrote a second data set among the rest of the first.
 * Here the interrupt stops the generate (its signal: it writes nothing more, removes its files and
 * rejects, generate_interrupted), and a generate into a folder this process is generating into
 * first waits for that one to have ended — so the folder, emptied meanwhile or not, holds only its
 * own files when it starts writing.
 */

/** The generates of this process still going, by resolved output folder: the last one's end. */
const writing = new Map<string, Promise<void>>();

/**
 * Generates a synthetic data set into `opts.outDir`, as the generator's `generate` (same options,
 * files and errors), stopped by a kernel interrupt as by `opts.signal`: it then writes nothing
 * more, removes the files it wrote and rejects with `GenerateInterruptedError`
 * (`generate_interrupted`). A generate into a folder that another of this process is still writing
 * (an interrupted one removing its files, or one left running without `await`) starts once that
 * one has ended. Rejects with `GenOptionsError` (`bad_option`) on invalid options, and on I/O errors.
 */
export async function generate(opts: GenOptions): Promise<GenSummary> {
  const dir = resolve(resolveOptions(opts).outDir);
  // Its own controller (an interrupt, cancel), and the caller's signal with it.
  const controller = new AbortController();
  const signal = opts.signal === undefined ? controller.signal : AbortSignal.any([opts.signal, controller.signal]);
  const before = writing.get(dir) ?? Promise.resolve();
  let ended = false;
  const done = before.then(() => generateData({ ...opts, signal }));
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  writing.set(dir, settled);
  // A kernel interrupt stops it (a generate is a cell's: whether it is awaited cannot be told).
  const handle: Interruptible = {
    awaited: true,
    get done() {
      return ended;
    },
    get cancelRequested() {
      return signal.aborted;
    },
    cancel: (reason = "interrupted") => controller.abort(new Error(reason)),
  };
  const unwatched = watchRun(
    handle,
    dir,
    settled.then(() => {
      ended = true;
      if (writing.get(dir) === settled) writing.delete(dir);
    }),
  );
  // Settles once no interrupt listener of its own is left and the next generate into `dir` may start.
  await unwatched;
  return done;
}
