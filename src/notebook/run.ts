import { inspect, type InspectOptions } from "node:util";
import { loadConfigFile, resolveConfig, type RunConfig, type RunConfigInput } from "../config/index.js";
import { useFoundReference } from "../io/inputs/input-reference.js";
import { runPipeline, type PipelineOptions, type RunProgress, type RunSummary } from "../pipeline/index.js";
import { FrameError } from "../frames/frame-error.js";
import { briefError } from "./brief-errors.js";
import { displayTarget } from "./display.js";
import { failuresOf } from "./failures.js";
import { afterCancelledRuns, watchRun } from "./interrupt.js";
import { progressView, type ProgressView } from "./progress-view.js";
import { RunHandle, type JobEvent, type RunControl, type RunResult, type SkippedJob } from "./run-handle.js";

/** A run config: a config file path (YAML or JSON), or a config object (`RunConfigInput`, or a `RunConfig`). */
export type ConfigSource = string | RunConfigInput | RunConfig;

/** Settings to merge over a config (see `resolveConfig`): `{ securities: ["110621"], workers: 2, analysis: { impactTicks: 2 } }`. */
export type ConfigOverrides = Partial<RunConfigInput>;

/** Options of {@link run}: those of `runPipeline`, plus the live display. */
export interface RunHandleOptions extends Omit<PipelineOptions, "onProgress" | "signal"> {
  /** Show the live progress display (default: in a notebook yes, in the REPL and scripts no). */
  progress?: boolean;
  /** Cancels the run, like `handle.cancel()`. */
  signal?: AbortSignal;
  /** Called with every progress event, as `runPipeline`'s `onProgress`. */
  onProgress?: (p: RunProgress) => void;
}

// Every option of run (the compiler holds this to RunHandleOptions): at the REPL or in a script
// nothing type-checks the call, so a misspelt option (`progres`) or a config setting put here
// instead of in the overrides (`securities`) would be ignored without a word.
const RUN_OPTION_KEYS = {
  progress: true,
  signal: true,
  onProgress: true,
  onJob: true,
  onSkippedJob: true,
  retryFailed: true,
  shard: true,
  aggregate: true,
  partitionOnly: true,
  onWarning: true,
  maxOldGenerationSizeMb: true,
  allowPartial: true,
  toolkitVersion: true,
  testWorker: true,
  minRangeBytes: true,
} as const satisfies Record<keyof RunHandleOptions, true>;

/** FrameError `bad_argument` for a key of `options` that is no option of {@link run}. */
function checkRunOptions(options: RunHandleOptions): void {
  const unknown = Object.keys(options).filter((k) => !Object.hasOwn(RUN_OPTION_KEYS, k));
  if (unknown.length === 0) return;
  const names = unknown.map((k) => `"${k}"`).join(", ");
  throw new FrameError(
    "bad_argument",
    `run: ${names} ${unknown.length === 1 ? "is no option" : "are no options"} of run (its third argument: ` +
      `${Object.keys(RUN_OPTION_KEYS).slice(0, 6).join(", ")}, …); a setting of the config goes in the second, ` +
      `run(config, { securities: ["110621"] })`,
  );
}

async function resolveSource(source: ConfigSource, overrides: ConfigOverrides): Promise<RunConfig> {
  return typeof source === "string" ? loadConfigFile(source, overrides) : resolveConfig(source, overrides);
}

async function body(
  source: ConfigSource,
  overrides: ConfigOverrides,
  options: RunHandleOptions,
  control: RunControl,
): Promise<RunResult> {
  checkRunOptions(options);
  const { progress, signal: _signal, onProgress, ...pipeline } = options;
  const target = displayTarget();
  const view: ProgressView | undefined =
    (progress ?? target.kind !== "console") ? progressView(target.live()) : undefined;
  let peak = process.memoryUsage.rss();
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const sampler = setInterval(sample, 100);
  sampler.unref();
  let endRun = (): void => undefined;
  try {
    const config = await resolveSource(source, overrides);
    // A run of this kernel cancelled (a kernel interrupt) and still ending holds the folder's lock.
    await afterCancelledRuns(config.outputDir);
    void watchRun(control.handle, config.outputDir, new Promise<void>((done) => (endRun = done)));
    // This run's jobs, as each ends (the pipeline's onJob: not read back from the manifest file,
    // which is saved about once a second and lists other runs' jobs too).
    const finished: JobEvent[] = [];
    // And those it skipped as current, with the record of the job.json it found (which readers
    // given the result compare with the job.json there then: rewritten since, jobs_changed).
    const skippedCurrent: SkippedJob[] = [];
    const summary: RunSummary = await runPipeline(config, {
      ...pipeline,
      signal: control.signal,
      onJob: (key, record, job) => {
        const e: JobEvent = { type: "job", key, ...job, status: record.status, record };
        finished.push(e);
        control.emit(e);
        pipeline.onJob?.(key, record, job);
      },
      onSkippedJob: (key, record, job) => {
        skippedCurrent.push({ key, ...job, record });
        pipeline.onSkippedJob?.(key, record, job);
      },
      onProgress: (p) => {
        sample();
        control.emit({ type: "progress", progress: p });
        view?.progress(p);
        onProgress?.(p);
      },
    });
    sample();
    // Cancelled only if the run stopped for it: a cancel() after its last look at the signal (during
    // the aggregation, or after) leaves a complete run.
    const cancelled = summary.interrupted === true;
    view?.finish(summary, cancelled);
    // The reference files the run used, also those it found among its inputs (the config naming
    // none): aggregate(result) and securityNames(result) then read the names its own tables have.
    const found = summary.inputs === undefined ? undefined : await useFoundReference(summary.inputs, config.reference);
    return briefInNotebook({
      config: found?.reference === undefined ? config : { ...config, reference: found.reference },
      outputDir: config.outputDir,
      summary,
      cancelled,
      failures: failuresOf(summary),
      jobs: finished,
      skippedCurrent,
      peakRssMb: peak / (1024 * 1024),
    });
  } catch (e) {
    view?.fail(e);
    throw briefError(e);
  } finally {
    endRun();
    clearInterval(sampler);
  }
}

/**
 * `r`, printing as one line in a notebook (left as a cell's value, or logged), where the live
 * display above has shown its summary — not its whole config and summary; elsewhere (the REPL, a
 * script) as the object it is. Non-enumerable: the result's keys and equality are unchanged.
 */
function briefInNotebook(r: RunResult): RunResult {
  const j = r.summary.jobs;
  const jobs =
    j === undefined
      ? ""
      : `: ${j.done} done, ${j.skipped} skipped (already current), ${j.failed} failed of ${j.total} jobs`;
  // No job finished: say so and where to look, rather than point at aggregate(), which would refuse.
  const next =
    j === undefined || j.done + j.skipped > 0 || (j.total > 0 && j.failed === 0)
      ? "details in .summary, .config, .failures, .jobs; its tables: await aggregate(result)"
      : j.failed > 0
        ? "no job finished: the failures, with their codes, in .failures; rerun them with run(config, {}, { retryFailed: true })"
        : "no job ran: its selection matched no (security, date) (see .summary.dataQuality.reasons)";
  const line = `RunResult of ${r.outputDir}${r.cancelled ? " (cancelled)" : ""}${jobs} — the summary is shown above; ${next}`;
  Object.defineProperty(r, inspect.custom, {
    enumerable: false,
    value(this: RunResult, _depth: number, options: InspectOptions): string {
      return displayTarget().kind === "console" ? inspect({ ...this }, options) : line;
    },
  });
  return r;
}

/**
 * Starts the scaled run (`runPipeline`: partition, jobs, aggregate) of a config — a file path or a
 * config object, with `overrides` merged over it (`resolveConfig`) — and returns a
 * {@link RunHandle} at once: await it for the result, iterate it for progress and job events as they
 * arrive, `cancel()` it. In a notebook a live display shows one line per phase, updated in place,
 * then the summary and any failed jobs with their error codes and messages. A rerun skips what is
 * already current. Rejects with `ConfigError` (bad config, field by field), `InputErrors` (unusable
 * input files), `AggregateRefusedError` (`aggregate_empty`: the selection matches no data, naming
 * what is there) or `StoreNotReadyError` (a shard before `partition`); a toolkit error is brief (its
 * message only, once) unless `setDebug(true)`.
 */
export function run(source: ConfigSource, overrides: ConfigOverrides = {}, options: RunHandleOptions = {}): RunHandle {
  // null typed at the REPL is no options, as undefined is.
  const loose: RunHandleOptions | null = options;
  const given = loose ?? {};
  return new RunHandle((control) => body(source, overrides, given, control), given.signal);
}
