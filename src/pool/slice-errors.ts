import { SweeplabError } from "../model/errors.js";

/** One slice that `partition --seal` found not complete for the current inputs. */
export interface SliceProblem {
  /** 0-based slice index. */
  index: number;
  /** `missing`: no record of a completed slice; `stale`: recorded for other inputs, plan or pieces. */
  kind: "missing" | "stale";
  /** Why, in a few words (e.g. "its pieces differ from its record: 2 missing"). */
  reason: string;
}

/**
 * `partition --seal --shards N` found slices of the store not complete for the current inputs
 * (code `slices_incomplete`): the message names each one and the command that completes it.
 */
export class SlicesIncompleteError extends SweeplabError {
  override readonly name = "SlicesIncompleteError";
  readonly code = "slices_incomplete";
  constructor(
    readonly storeDir: string,
    readonly count: number,
    readonly problems: readonly SliceProblem[],
    /** The flags every command shown should repeat (e.g. `--config run.yaml --output out`). */
    readonly flags: string,
  ) {
    const list = problems.map((p) => `${p.index}/${count} ${p.kind} (${p.reason})`).join(", ");
    const first = problems[0];
    const run = first === undefined ? "" : `sweeplab partition --shard ${first.index}/${count}${flags}`;
    super(
      `${storeDir}: cannot seal: ${problems.length} of ${count} partition slices not complete for the current inputs: ` +
        `${list}; run \`${run}\` (and likewise each slice listed), then \`sweeplab partition --seal --shards ${count}${flags}\` again`,
    );
  }
}

/**
 * A run found a store written by partition slices (`partition --shard i/N`) but not sealed for the
 * current inputs (code `store_not_sealed`): it never partitions again under slices, it refuses.
 */
export class StoreNotSealedError extends SweeplabError {
  override readonly name = "StoreNotSealedError";
  readonly code = "store_not_sealed";
  constructor(readonly storeDir: string) {
    super(
      `${storeDir}: the store was written by partition slices and is not sealed for the current inputs; ` +
        `complete every slice and run \`sweeplab partition --seal --shards N\` (same --config/--output), ` +
        `or \`sweeplab partition\` to rebuild it whole`,
    );
  }
}
