import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareJobKeys, type JobKey } from "../config/index.js";
import { noJobError } from "./source-errors.js";

/** Where a run's outputs are: an output folder, or anything with an `outputDir` (a `RunConfig`, a `RunResult`). */
export type OutputSource = string | { readonly outputDir: string };

/**
 * Which jobs to keep: security codes and/or `YYYY-MM-DD` trading dates (omit a field for all), e.g.
 * `{ securities: ["110621"], dates: ["2024-10-03", "2024-10-04"] }` (lists; a `FROM..TO` range is
 * the CLI's). Typed untyped (the REPL), codes as numbers and a comma-separated text are lists too.
 */
export interface JobFilter {
  securities?: readonly string[];
  dates?: readonly string[];
}

/** A filter field as a list of texts: a number or a comma-separated text (typed at the REPL) too. */
function listOf(v: unknown): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = typeof v === "string" ? v.split(",") : Array.isArray(v) ? (v as unknown[]) : [v];
  return items.map((x) => String(x).trim());
}

/** The filter with its fields as lists of texts (see {@link JobFilter}). */
export function jobFilterOf(filter: JobFilter): JobFilter {
  const securities = listOf(filter.securities);
  const dates = listOf(filter.dates);
  return { ...(securities && { securities }), ...(dates && { dates }) };
}

/** The output folder of a source. */
export function outputDirOf(source: OutputSource): string {
  return typeof source === "string" ? source : source.outputDir;
}

/**
 * Whether a (security, date) passes the filter, as a predicate built once (the filter read as lists
 * and made sets here, not per call: `compare` asks it of every sweep row).
 */
export function keeper(given: JobFilter): (securityCode: string, date: string) => boolean {
  const filter = jobFilterOf(given);
  const securities = filter.securities === undefined ? undefined : new Set(filter.securities);
  const dates = filter.dates === undefined ? undefined : new Set(filter.dates);
  return (securityCode, date) =>
    (securities === undefined || securities.has(securityCode)) && (dates === undefined || dates.has(date));
}

async function folders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The complete jobs (their `job.json` exists) under `<outputDir>/by_security/` that pass the filter, sorted. */
export async function completeJobs(outputDir: string, filter: JobFilter = {}): Promise<JobKey[]> {
  const root = join(outputDir, "by_security");
  const out: JobKey[] = [];
  const keep = keeper(filter);
  for (const sec of (await folders(root)).filter((n) => n.startsWith("SEC_"))) {
    for (const date of await folders(join(root, sec))) {
      const securityCode = sec.slice(4);
      if (!keep(securityCode, date)) continue;
      const files = await readdir(join(root, sec, date)).catch(() => [] as string[]);
      if (files.includes("job.json")) out.push({ securityCode, date });
    }
  }
  return out.sort(compareJobKeys);
}

/**
 * The complete jobs of a run's outputs that pass the filter, as {@link completeJobs}; throws
 * `RunSourceError` when there is none: `no_run` (the folder holds no run: run it first) or
 * `empty_selection` (naming the securities and dates that are there).
 */
export async function requireJobs(outputDir: string, given: JobFilter = {}): Promise<JobKey[]> {
  const filter = jobFilterOf(given);
  const all = await completeJobs(outputDir);
  const keep = keeper(filter);
  const kept = all.filter((k) => keep(k.securityCode, k.date));
  const error = await noJobError(outputDir, all, filter, kept.length);
  if (error !== undefined) throw error;
  return kept;
}
