import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { manifestsIn, manifestPath, readManifest } from "../pipeline/index.js";

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

const FirstLine = z.object({ message: z.string() });

/**
 * The fields of a `run_summary.json` the notebook quotes when no job finished (validated: a summary
 * another version wrote, or one edited by hand, is checked, not trusted): the job count, why the
 * run stopped, the partition's failed files and the data-quality reasons.
 */
export const RecordedSummary = z.object({
  jobs: z.object({ total: z.number() }).optional(),
  stopped: FirstLine.optional(),
  partition: z.object({
    failures: z.array(z.object({ file: z.string(), error: FirstLine.extend({ code: z.string() }) })),
  }),
  dataQuality: z.object({ reasons: z.array(z.string()) }).optional(),
});
export type RecordedSummary = z.infer<typeof RecordedSummary>;

/** A run's record files in an output folder: its manifests and summaries (the run's, each shard's) that exist. */
export interface RunRecordFiles {
  manifests: string[];
  summaries: { file: string; summary: RecordedSummary }[];
}

/**
 * The manifests and execution summaries an output folder holds (`run_manifest.json`,
 * `run_summary.json`, and each shard's); a summary that does not parse as {@link RecordedSummary} is left out.
 */
export async function runRecordFiles(outputDir: string): Promise<RunRecordFiles> {
  const manifests = (await manifestsIn(outputDir)).map((shard) => manifestPath(outputDir, shard));
  const names = (await readdir(outputDir).catch(() => [] as string[])).filter((n) =>
    /^run_summary(?:\.shard-\d+-of-\d+)?\.json$/.test(n),
  );
  const summaries: RunRecordFiles["summaries"] = [];
  for (const name of names.sort()) {
    const file = join(outputDir, name);
    const parsed = await readFile(file, "utf8")
      .then((text) => RecordedSummary.safeParse(JSON.parse(text)))
      .catch(() => undefined);
    // Unreadable, not JSON or not a summary of this shape: not a record to quote.
    if (parsed?.success === true) summaries.push({ file, summary: parsed.data });
  }
  return { manifests, summaries };
}
