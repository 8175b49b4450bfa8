import type { DataFrame } from "../frames/index.js";
import { TABLE_NAMES, type TableName } from "../frames/table.js";
import { loadReferenceData } from "../io/reference.js";
import { loadAggregateFrames } from "../pool/index.js";
import { completeJobs, outputDirOf, type JobFilter, type OutputSource } from "./source.js";

/**
 * What {@link aggregate} reads: an output folder, or a `RunConfig` (its `outputDir` and
 * `reference.participants`) or a `RunResult` (its `outputDir` and `config.reference.participants`).
 */
export type AggregateSource =
  | OutputSource
  | {
      readonly outputDir: string;
      readonly reference?: { readonly participants?: string | undefined } | undefined;
      readonly config?: { readonly reference?: { readonly participants?: string | undefined } | undefined };
    };

/** The seven aggregated tables as DataFrames, by name (`global_summary`, `by_security`, `by_date`, …). */
export type AggregateFrames = Record<TableName, DataFrame>;

/**
 * The aggregated tables of a run's outputs as danfojs DataFrames (`loadAggregateFrames`), built
 * from the per-job outputs on disk — of every complete job, or of those passing `filter` (e.g. the
 * securities of a subset rerun). The same figures as the run's `aggregated/*.csv`; AUD as numbers,
 * ratios as numbers (NaN: no answer). `by_participant` names the participants when the source is a
 * config or run result with a participants file (`reference.participants`). Throws `JobOutputsError`
 * naming the file, line and column of a malformed job output, `InputErrors` for an unreadable
 * participants file.
 */
export async function aggregate(source: AggregateSource, filter?: JobFilter): Promise<AggregateFrames> {
  const outputDir = outputDirOf(source);
  const only = filter === undefined ? undefined : await completeJobs(outputDir, filter);
  const { participants } = await loadReferenceData({ participants: participantsFileOf(source) });
  const frames = await loadAggregateFrames(outputDir, only, { participants });
  const missing = TABLE_NAMES.filter((t) => frames[t] === undefined);
  if (missing.length > 0) throw new Error(`aggregate: tables ${missing.join(", ")} are missing`);
  return frames as AggregateFrames;
}

// The participants file of a RunConfig (`reference`) or a RunResult (`config.reference`), if any.
function participantsFileOf(source: AggregateSource): string | undefined {
  if (typeof source === "string") return undefined;
  return "reference" in source || "config" in source
    ? (source.reference?.participants ?? source.config?.reference?.participants)
    : undefined;
}
