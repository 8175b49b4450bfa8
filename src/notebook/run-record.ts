import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { manifestsIn, manifestPath, readManifest, type RunSummary } from "../pipeline/index.js";

/** A job a run tried and did not complete: failed in a manifest, or its folder without job.json. */
export interface UnfinishedJob {
  securityCode: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The failure's `JobErrorCode` (`job_threw`, `job_timeout`, …); undefined: no job.json, no failure recorded. */
  code: string | undefined;
  /** The failure's message (its first line: the rest is the manifest's); "" when none is recorded. */
  message: string;
}

/** Why an unfinished job has no outputs: `failed: <code> <message>` or `not finished: no job.json`. */
export function unfinishedReason(j: UnfinishedJob): string {
  return j.code === undefined ? "not finished: no job.json" : `failed: ${j.code}${j.message ? ` ${j.message}` : ""}`;
}

/**
 * The jobs passing `keep` that a run tried and did not complete — failed in a manifest (the run's,
 * or a shard's) and not done since, or a job folder without job.json (unfinished, or failed) — by
 * `SEC|date`, in (security, date) order.
 */
export async function unfinishedJobs(
  outputDir: string,
  keep: (s: string, d: string) => boolean,
): Promise<Map<string, UnfinishedJob>> {
  const out = new Map<string, UnfinishedJob>();
  const done = new Set<string>();
  for (const shard of await manifestsIn(outputDir)) {
    for (const [key, job] of Object.entries((await readManifest(outputDir, shard)).jobs)) {
      const [securityCode = "", date = ""] = key.split("|");
      if (job.status === "done") done.add(key);
      else if (keep(securityCode, date))
        out.set(key, {
          securityCode,
          date,
          code: job.error?.code ?? "unknown",
          message: job.error?.message.split("\n")[0] ?? "",
        });
    }
  }
  const root = join(outputDir, "by_security");
  // Done in another manifest (a shard's, or a later run's) and its job.json there: complete.
  for (const key of done) {
    const [sec = "", date = ""] = key.split("|");
    if (existsSync(join(root, `SEC_${sec}`, date, "job.json"))) out.delete(key);
  }
  for (const sec of (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith("SEC_"))) {
    for (const date of await readdir(join(root, sec)).catch(() => [] as string[])) {
      const key = `${sec.slice(4)}|${date}`;
      if (!keep(sec.slice(4), date) || out.has(key) || existsSync(join(root, sec, date, "job.json"))) continue;
      if (/^\d{4}-\d\d-\d\d$/.test(date))
        out.set(key, { securityCode: sec.slice(4), date, code: undefined, message: "" });
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A run's record files in an output folder: its manifests and summaries (the run's, each shard's) that exist. */
export interface RunRecordFiles {
  manifests: string[];
  summaries: { file: string; summary: RunSummary }[];
}

/**
 * The manifests and execution summaries an output folder holds (`run_manifest.json`,
 * `run_summary.json`, and each shard's); a summary that does not parse is left out.
 */
export async function runRecordFiles(outputDir: string): Promise<RunRecordFiles> {
  const manifests = (await manifestsIn(outputDir)).map((shard) => manifestPath(outputDir, shard));
  const names = (await readdir(outputDir).catch(() => [] as string[])).filter((n) =>
    /^run_summary(?:\.shard-\d+-of-\d+)?\.json$/.test(n),
  );
  const summaries: RunRecordFiles["summaries"] = [];
  for (const name of names.sort()) {
    const file = join(outputDir, name);
    try {
      summaries.push({ file, summary: JSON.parse(await readFile(file, "utf8")) as RunSummary });
    } catch {
      // Unreadable or damaged: not a record to quote.
    }
  }
  return { manifests, summaries };
}
