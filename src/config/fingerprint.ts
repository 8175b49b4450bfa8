import { createHash } from "node:crypto";
import type { RunConfig } from "./schema.js";

/**
 * Canonical JSON of a plain value: object keys sorted (by UTF-16 code units) at every depth, no
 * whitespace, `undefined` members left out, lists kept in order. Two values that differ only in key
 * order give the same text. Throws `TypeError` on a `bigint` or a cycle (as `JSON.stringify` does).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

/**
 * The fingerprint of the settings that change a job's outputs: a sha256 hex digest (64 characters)
 * of the canonical JSON of `{ analysis, outputs }` (the analysis parameters and the detail tables'
 * format). The same for configs that differ only in key order or in how the run is executed
 * (inputs, workers, chunk size, timeouts, output folder …); different as soon as any analysis
 * parameter or `outputs.detailFormat` differs. A run manifest stores it per job to decide what to
 * recompute. Pass a validated config (defaults filled), so `{}` and the explicit defaults agree.
 */
export function configFingerprint(config: Pick<RunConfig, "analysis" | "outputs">): string {
  return createHash("sha256")
    .update(canonicalJson({ analysis: config.analysis, outputs: config.outputs }))
    .digest("hex");
}

/**
 * The reference values one job uses: today the implied price decimals of its security (from
 * `reference.instruments`, or the default 2). When participants or sessions come into a job, add
 * the values it uses here: the fingerprint then covers them.
 */
export interface JobReference {
  /** DecimalsInPrice of the job's security, 0..9. */
  decimals: number;
  /** The continuous-session window the job used (ns since Sydney local midnight) and where it came from. */
  session: { startNs: number; endNs: number; source: string };
}

/**
 * The fingerprint of the reference values a job used: sha256 hex of the canonical JSON of
 * {@link JobReference}. It depends only on that job's values, so changing one security's decimals
 * changes the fingerprint of that security's jobs only.
 */
export function referenceFingerprint(ref: JobReference): string {
  return createHash("sha256").update(canonicalJson(ref)).digest("hex");
}
