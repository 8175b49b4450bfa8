import { resolve } from "node:path";
import { runRecordFiles, unfinishedJobs, type RecordedSummary, type UnfinishedJob } from "./run-record.js";
import { keeper, type JobFilter } from "./source-filter.js";

/** Up to 10 items, then "… (N in all)". */
function list<T>(items: readonly T[], show: (t: T) => string): string {
  const shown = items.slice(0, 10).map(show);
  return items.length <= 10 ? shown.join(", ") : `${shown.join(", ")}, … (${items.length} in all)`;
}

const keyOf = (j: UnfinishedJob): string => `${j.securityCode}|${j.date}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Why a run recorded no job, from its summary: it stopped, its partition failed, or its selection matched nothing. */
function whyNoJob(summary: RecordedSummary): { why: string[]; fixInputs: boolean } {
  const why: string[] = [];
  if (summary.stopped !== undefined) why.push(summary.stopped.message.split("\n")[0] ?? "");
  const pf = summary.partition.failures;
  if (pf.length > 0)
    why.push(
      `the partition of ${plural(pf.length, "input file")} failed: ` +
        list(pf, (f) => `${f.file} [${f.error.code}] ${f.error.message.split("\n")[0] ?? ""}`),
    );
  const fixInputs = why.length > 0;
  why.push(...(summary.dataQuality?.reasons ?? []));
  return { why, fixInputs };
}

/**
 * The message of `RunSourceError` `no_finished_job`, or undefined when the output folder records no
 * such run: a run (its manifests, its summaries) whose jobs passing `filter` all failed or did not
 * finish — "<folder>: the run recorded N jobs and none finished: N failed (SEC|date [code], …, the
 * first 10, then the count); the first: SEC|date [code] <message>; each failure's code and message
 * are in <manifest> and <summary>; fix what they say, then rerun only them (retryFailed)" — or, when
 * `noneComplete` (no job of the folder is complete), a run that recorded no job at all: "the run
 * recorded no job: <why, from its summary> (<summary>); fix … then run it again".
 */
export async function noFinishedJobMessage(
  outputDir: string,
  filter: JobFilter,
  noneComplete: boolean,
): Promise<string | undefined> {
  const dir = resolve(outputDir);
  const unfinished = [...(await unfinishedJobs(outputDir, keeper(filter))).values()];
  const { manifests, summaries } = await runRecordFiles(outputDir);
  if (unfinished.length > 0) {
    const failed = unfinished.filter((j) => j.code !== undefined);
    const open = unfinished.filter((j) => j.code === undefined);
    const chosen = filter.securities !== undefined || filter.dates !== undefined;
    const parts = [
      ...(failed.length > 0 ? [`${failed.length} failed (${list(failed, (j) => `${keyOf(j)} [${j.code}]`)})`] : []),
      ...(open.length > 0 ? [`${open.length} not finished (no job.json: ${list(open, keyOf)})`] : []),
    ];
    const first = failed[0];
    const where = [...manifests, ...summaries.map((s) => s.file)].map((f) => resolve(f));
    return (
      `${dir}: the run recorded ${plural(unfinished.length, "job")}${chosen ? " of the securities and dates chosen" : ""} ` +
      `and none finished: ${parts.join(", ")}` +
      (first === undefined
        ? "; a run may still be writing them, or was stopped: wait for it to end, or run it again (a rerun does only what is missing)"
        : `; the first: ${keyOf(first)} [${first.code}] ${first.message}` +
          (where.length > 0
            ? `; each failure's code and message are in ${where.join(" and ")} (result.failures after run())`
            : "") +
          "; fix what they say, then rerun only them: run(config, {}, { retryFailed: true }) or `sweeplab run --retry-failed`")
    );
  }
  const recorded = summaries.filter((s) => (s.summary.jobs?.total ?? 0) === 0);
  if (!noneComplete || summaries.length === 0 || recorded.length < summaries.length) return undefined;
  const reasons = recorded.map((s) => whyNoJob(s.summary));
  const why = [...new Set(reasons.flatMap((r) => r.why))];
  const fix = reasons.some((r) => r.fixInputs)
    ? "fix what it says, then run it again"
    : "fix the config's securities and dates (or the inputs), then run it again";
  return (
    `${dir}: the run recorded no job: ${why.length > 0 ? why.join("; ") : "its selection matched no (security, date) of the inputs"} ` +
    `(${recorded.map((s) => resolve(s.file)).join(", ")}); ${fix}`
  );
}
