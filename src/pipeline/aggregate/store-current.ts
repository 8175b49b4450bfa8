import type { RunConfig } from "../../config/index.js";
import { compareSecurityDate } from "../../model/keys.js";
import { fingerprintInputs, listStoreKeys, readStoreManifest, storeHolds } from "../../io/store/index.js";
import { staleStoreError } from "./aggregate-errors.js";

/**
 * Throws {@link staleStoreError} (`aggregate_stale_store`) unless the store `storeDir` holds the
 * config's input `files` as they are now: its manifest matches their fingerprints, the unknown-code
 * policy and this sweeplab's store layout, and its pieces are all there (what lets a run skip
 * partitioning). A store with neither manifest nor piece is left to the empty selection's refusal.
 * Returns the (security, date) partitions the store holds, sorted: its manifest's, which the check
 * just proved are the pieces on disk (none for a store with neither).
 */
export async function assertStoreCurrent(
  config: RunConfig,
  files: readonly string[],
  storeDir: string,
): Promise<{ securityCode: string; date: string }[]> {
  const inputs = await fingerprintInputs(files);
  const m = await readStoreManifest(storeDir).catch(() => undefined);
  if (m === undefined) {
    if ((await listStoreKeys(storeDir).catch(() => [])).length === 0) return [];
    throw staleStoreError(storeDir, "it has no manifest: a partition that did not finish");
  }
  const { current, drift } = await storeHolds(storeDir, m, inputs, config.unknownCodes);
  if (drift === undefined)
    throw staleStoreError(
      storeDir,
      "an input changed, was added or removed since it was partitioned, or another sweeplab wrote it",
    );
  if (!current)
    throw staleStoreError(
      storeDir,
      `its pieces differ from its manifest: ${drift.missing.length} missing, ${drift.extra.length} not listed`,
    );
  const keys = new Map(
    m.pieces.map((p) => [`${p.securityCode}|${p.date}`, { securityCode: p.securityCode, date: p.date }]),
  );
  return [...keys.values()].sort(compareSecurityDate);
}
