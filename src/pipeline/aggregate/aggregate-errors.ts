import { manifestsIn } from "../manifest.js";
import { jobKeyString, jobShards, type JobKey } from "../../config/index.js";
import { SweeplabError } from "../../model/errors.js";
import { listStoreKeys } from "../../io/store/index.js";
import type { NotCurrent } from "../jobs/job-check.js";
import { topRejectCodes } from "../partition/rejected-files.js";

/** Why aggregation refused to overwrite the aggregated tables. */
export type AggregateRefusedCode =
  | "aggregate_incomplete" // jobs of the config's job matrix have no current outputs
  | "aggregate_empty" // the config's job matrix is empty (the selection matches no partition)
  | "aggregate_stale_store"; // the store does not hold the inputs as they are now (changed since partitioned)

/**
 * Aggregation refused to write `aggregated/*.csv`, which are left as they were: the tables would
 * miss jobs of the config (`aggregate_incomplete`: run them first, e.g. the missing shards) or
 * hold nothing (`aggregate_empty`: fix `securities`/`dates`). `allowPartial` (`--allow-partial`)
 * aggregates anyway. Always refused: a store that does not hold the inputs as they are now
 * (`aggregate_stale_store`: its jobs describe other data; run `sweeplab run` first). `missing` counts the jobs without current outputs; `keys` names a few.
 */
export class AggregateRefusedError extends SweeplabError {
  override readonly name = "AggregateRefusedError";
  constructor(
    readonly code: AggregateRefusedCode,
    message: string,
    readonly missing = 0,
    readonly keys: readonly string[] = [],
  ) {
    super(message);
  }
}

const SHOWN = 5;

/**
 * The job shards (`i/N`, ascending) that hold `keys` of the job matrix `matrix`, when the shard
 * manifests in `outputDir` (`run_manifest.shard-i-of-N.json`) name one shard count N; else undefined
 * (no shard ran there, or shards of several counts did).
 */
export async function shardsHolding(
  outputDir: string,
  matrix: readonly JobKey[],
  keys: readonly string[],
): Promise<string[] | undefined> {
  const counts = new Set((await manifestsIn(outputDir)).flatMap((shard) => shard?.count ?? []));
  const n = Number([...counts][0]);
  if (counts.size !== 1 || n < 1) return undefined;
  const wanted = new Set(keys);
  const held = new Set(jobShards(matrix, n).flatMap((j) => (wanted.has(jobKeyString(j.key)) ? [j.shard] : [])));
  return [...held].sort((a, b) => a - b).map((i) => `${i}/${n}`);
}

/**
 * The refusal for jobs of the matrix that are not current (`aggregate_incomplete`); `shards`, when
 * known ({@link shardsHolding}), names the job shards to run.
 */
export function incompleteError(
  outputDir: string,
  total: number,
  notCurrent: readonly NotCurrent[],
  shards?: readonly string[],
): AggregateRefusedError {
  const shown = notCurrent.slice(0, SHOWN).map((n) => `${n.key} (${n.reason})`);
  const more = notCurrent.length > SHOWN ? `, … ${notCurrent.length - SHOWN} more` : "";
  const s = shards ?? [];
  const what =
    s.length === 0
      ? "run them first (`sweeplab run`, or the missing shards)"
      : `run them first: they belong to job shard${s.length === 1 ? "" : "s"} ${s.join(", ")} ` +
        `(\`sweeplab run --shard ${s[0]}\`${s.length === 1 ? "" : " and likewise"}, same --config/--output; or \`sweeplab run\` for all)`;
  return new AggregateRefusedError(
    "aggregate_incomplete",
    `${outputDir}: ${notCurrent.length} of ${total} jobs of this config have no current outputs: ${shown.join(", ")}${more}; ` +
      `${what}, or pass --allow-partial to aggregate the ` +
      `${total - notCurrent.length} current jobs only; aggregated/ was left as it was`,
    notCurrent.length,
    notCurrent.map((n) => n.key),
  );
}

function span(values: readonly string[]): string {
  const sorted = [...new Set(values)].sort();
  if (sorted.length <= 6) return sorted.join(", ");
  return `${sorted.slice(0, 3).join(", ")}, … ${sorted.at(-1) ?? ""} (${sorted.length})`;
}

/** What a run's partition phase read, for {@link emptySelectionError}: its files' counts and its rejects folder. */
export interface ReadCounts {
  files: readonly { rowsRead: number; accepted: number; rejectsByCode: Readonly<Partial<Record<string, number>>> }[];
  rejectsDir: string;
}

/** Why a store a run has just partitioned holds nothing: no data row, or every row rejected (by code). */
function emptyStoreReason(read: ReadCounts): string | undefined {
  const rows = read.files.reduce((n, f) => n + f.rowsRead, 0);
  if (read.files.some((f) => f.accepted > 0)) return undefined;
  if (rows === 0) return "the inputs hold no data row (header lines only): check that the right files were given";
  const codes = topRejectCodes(read.files);
  return (
    `all ${rows} rows read from the inputs were rejected (${codes}): each with its file, line, column and ` +
    `reason in ${read.rejectsDir}; fix the inputs (README "Bad input")`
  );
}

/**
 * The refusal for an empty job matrix (`aggregate_empty`), naming what the store does hold. Given
 * what the run's partition phase `read`, an empty store is explained (no data row, or every row
 * rejected, with the commonest reject codes and the rejects folder) instead of asking for a
 * partition that was just made.
 */
export async function emptySelectionError(storeDir: string, read?: ReadCounts): Promise<AggregateRefusedError> {
  const present = await listStoreKeys(storeDir).catch(() => []);
  const reason = present.length === 0 && read !== undefined ? emptyStoreReason(read) : undefined;
  const what =
    reason !== undefined
      ? `the store ${storeDir} holds no partition: ${reason}`
      : present.length === 0
        ? `the store ${storeDir} holds no partition (run \`sweeplab run\` or \`sweeplab partition\` first)`
        : `present are securities ${span(present.map((p) => p.securityCode))} on dates ${span(present.map((p) => p.date))}`;
  const advice =
    reason === undefined
      ? " (fix securities/dates, or pass --allow-partial (run(config, overrides, { allowPartial: true }) in a notebook) to write empty tables)"
      : "";
  return new AggregateRefusedError(
    "aggregate_empty",
    `the selection matches no (security, date) in the store: ${what}; aggregated/ was left as it was${advice}`,
  );
}

/**
 * The refusal for a store that does not hold the config's inputs as they are now
 * (`aggregate_stale_store`): an input changed, added or removed since it was partitioned, pieces
 * missing or added, no manifest, or another sweeplab's store. `why` says which.
 */
export function staleStoreError(storeDir: string, why: string): AggregateRefusedError {
  return new AggregateRefusedError(
    "aggregate_stale_store",
    `${storeDir}: the store does not hold the config's inputs as they are now (${why}), so its jobs describe ` +
      `other data; run \`sweeplab run\` (or \`sweeplab partition\` and the shards) first; aggregated/ was left as it was`,
  );
}
