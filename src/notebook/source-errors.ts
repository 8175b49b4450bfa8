import { SweeplabError } from "../model/errors.js";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { JobKey } from "../config/index.js";
import { isMarkedOutput, OUTPUT_MARKER } from "../io/outputs/output-marker.js";
import { noFinishedJobMessage } from "./no-finished-job.js";
import { inRange, isDateRange, keeper, type JobFilter } from "./source-filter.js";
import { SET_ASIDE } from "../pipeline/jobs/job-folders-settle.js";
import { isRunResult } from "./source-run.js";

/**
 * Why a notebook call has no run outputs to read: `no_run` (the folder holds no sweeplab run, or no
 * complete job of one yet), `no_finished_job` (a run happened but none of its jobs, or none of those
 * the filter chose, finished: every one failed, or none ran; the message names them with their
 * codes, where the failures are written and what to do), `empty_selection` (the filter's
 * securities and dates match no job of the run), `bad_filter` (the filter has a field other than
 * `securities` and `dates`, which would be ignored, or a field that is not a list), `not_a_run`
 * (given neither a run's result, its config nor an output folder: a run handle not awaited) or `jobs_changed` (jobs of the run named changed
 * since: rewritten by a later run with other settings or inputs, damaged, or — a run result that
 * finished its jobs — removed by a later run; reading the rest would give tables short of them).
 */
export type RunSourceErrorCode =
  "no_run" | "no_finished_job" | "empty_selection" | "bad_filter" | "not_a_run" | "jobs_changed";

/** A notebook call found nothing to read in an output folder; the message says what is there and what to do. */
export class RunSourceError extends SweeplabError {
  override readonly name = "RunSourceError";
  constructor(
    readonly code: RunSourceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `not_a_run`: a reader was given `got` instead of a run's result, its config or its output folder. */
export function notARunError(got: unknown): RunSourceError {
  const what =
    typeof (got as { then?: unknown } | null | undefined)?.then === "function"
      ? "a run handle or a Promise: await it first (r = await run(…))"
      : got === null || typeof got !== "object"
        ? String(got)
        : `an object with keys ${Object.keys(got).slice(0, 8).join(", ")}`;
  return new RunSourceError("not_a_run", `expected a run's result, its config or its output folder, got ${what}`);
}

/**
 * `no_run` when `source` is the `RunResult` of a run whose output folder `outputDir` is gone (deleted since the
 * run) or holds none of its outputs any more (no output marker, manifest nor job: deleted and made again, as
 * `workDir(name, { fresh: true })` does), instead of "holds no sweeplab run: run it first", which
 * reads as of a folder no run ever wrote; undefined while the folder is a run's output folder.
 */
export async function outputGoneError(source: unknown, outputDir: string): Promise<RunSourceError | undefined> {
  const dir = resolve(outputDir);
  if (!isRunResult(source)) return undefined;
  const names = await readdir(dir).catch(() => undefined);
  if (names?.some((n) => n === OUTPUT_MARKER || n === "run_manifest.json" || n === "by_security") === true)
    return undefined;
  const again = "run it again (run(result.config)) to read its tables";
  const there = names !== undefined;
  return new RunSourceError(
    "no_run",
    there
      ? `${dir}: this run's output folder holds none of its outputs any more: it was deleted since the run ` +
          `(workDir(name, { fresh: true }) empties it); ${again}`
      : `${dir}: this run's output folder is gone: it was deleted since the run; ${again}`,
  );
}

/** Up to `max` values joined with ", ", then "… (N in all)". */
function list(values: readonly string[], max = 10): string {
  const sorted = [...new Set(values)].sort();
  return sorted.length <= max ? sorted.join(", ") : `${sorted.slice(0, max).join(", ")}, … (${sorted.length} in all)`;
}

/**
 * The error for an output folder whose complete jobs (`all`) are none, or none passing `filter`;
 * undefined when some job passes. `no_finished_job` when the folder records a run whose jobs (those
 * passing `filter`) all failed or never ran (see `noFinishedJobMessage`). `no_run`: "<folder> holds no
 * sweeplab run: run it first with run(config) or `sweeplab run`" (a file: "<file> is a file, not a
 * run's output folder: …", naming what to give). `empty_selection`: one reason per
 * requested security or date missing, naming what is present ("security 999999 is not in the data:
 * present are 110621, …").
 */
export async function noJobError(
  outputDir: string,
  all: readonly JobKey[],
  filter: JobFilter,
  kept: number,
): Promise<RunSourceError | undefined> {
  const dir = resolve(outputDir);
  if (kept > 0) return undefined;
  const none = await noFinishedJobMessage(outputDir, filter, all.length === 0);
  if (none !== undefined) return new RunSourceError("no_finished_job", none);
  if (all.length === 0) {
    // A config file given where its output folder belongs (aggregate("sample_data/sweeplab.yaml")).
    if ((await stat(dir).catch(() => undefined))?.isFile() === true)
      return new RunSourceError(
        "no_run",
        `${dir} is a file, not a run's output folder: give the folder (the config's outputDir), the run's ` +
          `result, or its config (await loadConfigFile(path))`,
      );
    const what = (await isMarkedOutput(outputDir))
      ? "holds no complete job of a sweeplab run"
      : "holds no sweeplab run";
    return new RunSourceError("no_run", `${dir} ${what}: run it first with run(config) or \`sweeplab run\``);
  }
  const codes = [...new Set(all.map((k) => k.securityCode))];
  // Jobs asked for that a later run of another selection set aside: there, not missing from the data.
  const aside = await setAsideJobs(dir, filter);
  const missing = (what: string, set: "security" | "date"): string =>
    aside.some((k) => k.split("|")[set === "security" ? 0 : 1] === what)
      ? "has no job in by_security/ (the last run's)"
      : "is not in the data";
  const reasons: string[] = [];
  for (const s of filter.securities ?? [])
    if (!codes.includes(s)) reasons.push(`security ${s} ${missing(s, "security")}: present are ${list(codes)}`);
  const wanted = filter.securities === undefined ? undefined : new Set(filter.securities);
  const ofWanted = all.filter((k) => wanted === undefined || wanted.has(k.securityCode));
  // The dates of the requested securities, or of all when none of them is there.
  const dates = (ofWanted.length > 0 ? ofWanted : all).map((k) => k.date);
  const example = [...dates].sort()[0] ?? "2024-10-03";
  const range = isDateRange(filter.dates) ? filter.dates : undefined;
  if (range !== undefined && !dates.some((d) => inRange(d, range)))
    reasons.push(
      `no date from ${range.from ?? "the first"} to ${range.to ?? "the last"} is in the data: present are ${list(dates)}`,
    );
  for (const d of range === undefined ? ((filter.dates as readonly string[] | undefined) ?? []) : [])
    if (!/^\d{4}-\d\d-\d\d$/.test(d))
      reasons.push(`"${d}" is not a date written YYYY-MM-DD (e.g. "${example}"): present are ${list(dates)}`);
    else if (!dates.includes(d)) reasons.push(`${d} ${missing(d, "date")}: present are ${list(dates)}`);
  if (reasons.length === 0) reasons.push("the requested securities and dates have no complete job in common");
  const n = aside.length;
  const note =
    n === 0
      ? ""
      : ` (${n} job${n === 1 ? "" : "s"} of those asked for ${n === 1 ? "is" : "are"} in set_aside/, set aside by ` +
        `a later run of another selection: ${list(aside, 4)}; give the run that computed ${n === 1 ? "it" : "them"} ` +
        `(its result or config) to read ${n === 1 ? "it" : "them"})`;
  return new RunSourceError("empty_selection", `${dir}: ${reasons.join("; ")}${note}`);
}

/** The jobs in `set_aside/` (as `SEC|date`) that pass `filter`: a later run of another selection moved them there. */
async function setAsideJobs(dir: string, filter: JobFilter): Promise<string[]> {
  const root = join(dir, SET_ASIDE);
  const secs = (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith("SEC_"));
  const keep = keeper(filter);
  const found: string[] = [];
  for (const sec of secs)
    for (const date of await readdir(join(root, sec)).catch(() => [] as string[]))
      if (keep(sec.slice(4), date)) found.push(`${sec.slice(4)}|${date}`);
  return found;
}

/**
 * `jobs_changed`: the jobs of the run named (`SEC|date` → why it is not current) that changed since
 * it ran (rewritten, damaged, or removed by a later run), listed up to 10, and what to do: rerun its
 * config, or read the folder as it is now.
 */
export function jobsChangedError(outputDir: string, changed: ReadonlyMap<string, string>): RunSourceError {
  const n = changed.size;
  const shown = [...changed].slice(0, 10).map(([key, reason]) => `${key} (${reason})`);
  // A job recorded with another reference fingerprint may be just as the run wrote it, its
  // instruments or sessions file edited since (a notebook changing ob.csv between cells).
  const reference = [...changed.values()].some((r) => r.includes("another reference fingerprint"));
  return new RunSourceError(
    "jobs_changed",
    `${resolve(outputDir)}: ${n} job${n === 1 ? "" : "s"} of this run changed since it ran (a later run with other ` +
      `settings or inputs rewrote or removed ${n === 1 ? "it" : "them"}, ` +
      (reference ? "the run's reference files (instruments, sessions) were changed since, " : "") +
      `or ${n === 1 ? "it was" : "they were"} damaged): ` +
      `${shown.join(", ")}${n > 10 ? `, … (${n} in all)` : ""}; run this config again (run(config)) for its tables, ` +
      "leave them out with the filter ({ securities, dates }), or read the folder as it is now (aggregate(outputDir))",
  );
}

/**
 * `no_finished_job`, when none of the chosen jobs of the `RunResult` read finished in that run: it
 * never reached them (cancelled or stopped before them, another shard's) or failed them, and the
 * job.json there now is another run's (a later one, or another shard) (`notMine`: `SEC|date` → why it is not the run's).
 */
export function noneOfRunError(outputDir: string, notMine: ReadonlyMap<string, string>): RunSourceError {
  const n = notMine.size;
  const shown = [...notMine].slice(0, 10).map(([key, reason]) => `${key} (${reason})`);
  return new RunSourceError(
    "no_finished_job",
    `${resolve(outputDir)}: none of the ${n} chosen job${n === 1 ? "" : "s"} of this run finished in it: ` +
      `${shown.join(", ")}${n > 10 ? `, … (${n} in all)` : ""}; another run's jobs are not this run's: read the result of ` +
      "the run that computed them, or the folder as it is now (aggregate(outputDir))",
  );
}

/**
 * `jobs_changed`, when the jobs of the run named cannot be checked against its config (`why`: its
 * inputs changed since it ran, so the store is not theirs), and what to do.
 */
export function runUncheckedError(outputDir: string, why: string): RunSourceError {
  return new RunSourceError(
    "jobs_changed",
    `${resolve(outputDir)}: this run's jobs cannot be checked against its config (${why}); run the config again ` +
      "(run(config)), or pass the output folder (e.g. details(outputDir, …)) to read every job there as it is",
  );
}
