import { SweeplabError } from "../model/errors.js";
import { resolve } from "node:path";
import type { JobKey } from "../config/index.js";
import { isMarkedOutput } from "../io/outputs/output-marker.js";
import { noFinishedJobMessage } from "./no-finished-job.js";
import type { JobFilter } from "./source-filter.js";

/**
 * Why a notebook call has no run outputs to read: `no_run` (the folder holds no sweeplab run, or no
 * complete job of one yet), `no_finished_job` (a run happened but none of its jobs, or none of those
 * the filter chose, finished: every one failed, or none ran; the message names them with their
 * codes, where the failures are written and what to do) or `empty_selection` (the filter's
 * securities and dates match no job of the run).
 */
export type RunSourceErrorCode = "no_run" | "no_finished_job" | "empty_selection";

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

/** Up to `max` values joined with ", ", then "… (N in all)". */
function list(values: readonly string[], max = 10): string {
  const sorted = [...new Set(values)].sort();
  return sorted.length <= max ? sorted.join(", ") : `${sorted.slice(0, max).join(", ")}, … (${sorted.length} in all)`;
}

/**
 * The error for an output folder whose complete jobs (`all`) are none, or none passing `filter`;
 * undefined when some job passes. `no_finished_job` when the folder records a run whose jobs (those
 * passing `filter`) all failed or never ran (see `noFinishedJobMessage`). `no_run`: "<folder> holds no
 * sweeplab run: run it first with run(config) or `sweeplab run`". `empty_selection`: one reason per
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
    const what = (await isMarkedOutput(outputDir))
      ? "holds no complete job of a sweeplab run"
      : "holds no sweeplab run";
    return new RunSourceError("no_run", `${dir} ${what}: run it first with run(config) or \`sweeplab run\``);
  }
  const codes = [...new Set(all.map((k) => k.securityCode))];
  const reasons: string[] = [];
  for (const s of filter.securities ?? [])
    if (!codes.includes(s)) reasons.push(`security ${s} is not in the data: present are ${list(codes)}`);
  const wanted = filter.securities === undefined ? undefined : new Set(filter.securities);
  const ofWanted = all.filter((k) => wanted === undefined || wanted.has(k.securityCode));
  // The dates of the requested securities, or of all when none of them is there.
  const dates = (ofWanted.length > 0 ? ofWanted : all).map((k) => k.date);
  const example = [...dates].sort()[0] ?? "2024-10-03";
  for (const d of filter.dates ?? [])
    if (!/^\d{4}-\d\d-\d\d$/.test(d))
      reasons.push(`"${d}" is not a date written YYYY-MM-DD (e.g. "${example}"): present are ${list(dates)}`);
    else if (!dates.includes(d)) reasons.push(`${d} is not in the data: present are ${list(dates)}`);
  if (reasons.length === 0) reasons.push("the requested securities and dates have no complete job in common");
  return new RunSourceError("empty_selection", `${dir}: ${reasons.join("; ")}`);
}
