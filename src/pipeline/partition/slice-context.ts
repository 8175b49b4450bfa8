import type { RunConfig } from "../../config/index.js";
import {
  fingerprintInputs,
  readSliceRecord,
  readStoreManifest,
  storeHolds,
  type PieceOnDisk,
  type SliceRecord,
} from "../../io/store/index.js";
import { foundConfig } from "../found-config.js";
import { checkInputs } from "../run.js";
import { storeDirOf } from "../run-options.js";
import type { SliceProblem } from "./slice-errors.js";
import { planSlices, unitOfTag, type SlicePlan } from "./slice-plan.js";

/** The default least bytes of a byte range of an uncompressed input (as the whole partition's). */
export const MIN_RANGE_BYTES = 16 * 1024 * 1024;

/** What a slice and the seal both start from: the inputs, their fingerprints, the plan, the store's state. */
export interface SliceContext {
  config: RunConfig;
  files: string[];
  /** fingerprintFile of every input, in input order (the store manifest's `inputs`). */
  inputs: Record<string, string>;
  plan: SlicePlan;
  storeDir: string;
  /** The store's manifest records these inputs, policy and store layout, and its pieces are all there: it is sealed and current. */
  sealed: boolean;
}

/**
 * Discovers and checks the inputs (as a run does: InputErrors before any work), fingerprints them,
 * plans `count` slices and reads whether the store is already sealed and current.
 */
export async function sliceContext(given: RunConfig, count: number, minRangeBytes: number): Promise<SliceContext> {
  const { config, inputs: listing } = await foundConfig(given);
  const files = listing.data.map((d) => d.file);
  await checkInputs(files, config.reference);
  const inputs = await fingerprintInputs(files);
  const storeDir = storeDirOf(config.outputDir);
  const plan = await planSlices(files, count, { minRangeBytes, inputs, unknownCodes: config.unknownCodes });
  const existing = await readStoreManifest(storeDir).catch(() => undefined);
  const sealed = (await storeHolds(storeDir, existing, inputs, config.unknownCodes)).current;
  return { config, files, inputs, plan, storeDir, sealed };
}

/** The unit ids slice `index` owns. */
export function unitsOfSlice(plan: SlicePlan, index: number): Set<string> {
  return new Set(plan.units.filter((u) => u.slice === index).map((u) => u.id));
}

/**
 * Slice `index`'s record when the slice is complete for `plan` (its record has the plan's hash and
 * its pieces on disk, `onDisk`, are exactly those it lists), else why not.
 */
export async function sliceState(
  storeDir: string,
  plan: SlicePlan,
  index: number,
  onDisk: readonly PieceOnDisk[],
): Promise<{ record: SliceRecord } | SliceProblem> {
  const record = await readSliceRecord(storeDir, index, plan.count);
  if (record === undefined) return { index, kind: "missing", reason: "not run, still running, or interrupted" };
  if (record.plan !== plan.hash)
    return { index, kind: "stale", reason: "written for other inputs, another policy or another slice count" };
  const mine = unitsOfSlice(plan, index);
  const there = new Set(onDisk.filter((p) => mine.has(unitOfTag(p.tag) ?? "")).map((p) => p.path));
  const listed = new Set(record.pieces.map((p) => p.path));
  const missing = [...listed].filter((p) => !there.has(p)).length;
  const extra = [...there].filter((p) => !listed.has(p)).length;
  if (missing > 0 || extra > 0)
    return {
      index,
      kind: "stale",
      reason: `its pieces differ from its record: ${missing} missing, ${extra} not listed`,
    };
  return { record };
}
