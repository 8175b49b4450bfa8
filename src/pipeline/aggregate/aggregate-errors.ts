import { SweeplabError } from "../../model/errors.js";
import { listStore } from "../../io/store/index.js";
import type { NotCurrent } from "../jobs/job-check.js";

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

/** The refusal for jobs of the matrix that are not current (`aggregate_incomplete`). */
export function incompleteError(
  outputDir: string,
  total: number,
  notCurrent: readonly NotCurrent[],
): AggregateRefusedError {
  const shown = notCurrent.slice(0, SHOWN).map((n) => `${n.key} (${n.reason})`);
  const more = notCurrent.length > SHOWN ? `, … ${notCurrent.length - SHOWN} more` : "";
  return new AggregateRefusedError(
    "aggregate_incomplete",
    `${outputDir}: ${notCurrent.length} of ${total} jobs of this config have no current outputs: ${shown.join(", ")}${more}; ` +
      `run them first (\`sweeplab run\`, or the missing shards), or pass --allow-partial to aggregate the ` +
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

/** The refusal for an empty job matrix (`aggregate_empty`), naming what the store does hold. */
export async function emptySelectionError(storeDir: string): Promise<AggregateRefusedError> {
  const present = await listStore(storeDir).catch(() => []);
  const what =
    present.length === 0
      ? `the store ${storeDir} holds no partition (run \`sweeplab run\` or \`sweeplab partition\` first)`
      : `present are securities ${span(present.map((p) => p.securityCode))} on dates ${span(present.map((p) => p.date))}`;
  return new AggregateRefusedError(
    "aggregate_empty",
    `the selection matches no (security, date) in the store: ${what}; aggregated/ was left as it was ` +
      `(fix securities/dates, or pass --allow-partial to write empty tables)`,
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
