import type { RunConfig } from "../config/index.js";
import { NotImplementedError, type SliceOptions } from "./partition-slice.js";

/** What `partition --seal` did. */
export interface SealOutcome {
  /** The store was already sealed and current: nothing was written. */
  alreadySealed: boolean;
  count: number;
  pieces: number;
  partitions: number;
  /** Input files partitioned again whole at the seal (a slice boundary cut a quoted record). */
  redone: string[];
}

/**
 * Seals a store written by `count` partition slices: verifies every slice is complete for the
 * current inputs, then writes the store manifest as a whole partition would. Not implemented yet.
 */
export async function sealStore(
  _config: RunConfig,
  _count: number,
  _options: SliceOptions & { flags?: string } = {},
): Promise<SealOutcome> {
  throw new NotImplementedError("partition --seal");
}
