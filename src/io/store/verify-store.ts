import { readdirSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { parsePieceName } from "./layout.js";
import { fingerprintFile } from "./fingerprint.js";
import { manifestMatches, type StoreManifest } from "./manifest.js";

/** How the pieces on disk differ from a store manifest's list (both empty: the store is intact). */
export interface StoreDrift {
  /** Pieces the manifest lists that are not on disk (deleted or moved away). */
  missing: string[];
  /** Piece files on disk that the manifest does not list (a job would read them too). */
  extra: string[];
}

/**
 * Compares the piece files under `storeDir` (names `part-*.parquet`, paths relative to the store,
 * `/`-separated) with the pieces `manifest` lists. A store whose manifest matches its inputs is
 * only trusted when nothing has drifted: a deleted piece would silently leave its rows out of a
 * job, a stray one put rows in twice. Reads the folder tree only (no piece is opened). Errors: file
 * system errors other than a missing store folder.
 */
export function storeDrift(storeDir: string, manifest: StoreManifest): StoreDrift {
  let entries: Dirent[];
  try {
    // Synchronous: the walk is one readdir per folder, thousands for a large store, each cheaper
    // than the promise's round trip through libuv's pool (bench/readers.mjs --fs).
    entries = readdirSync(storeDir, { recursive: true, withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    entries = [];
  }
  const onDisk = new Set(
    entries
      .filter((e) => e.isFile() && parsePieceName(e.name) !== undefined)
      .map((e) => relative(storeDir, join(e.parentPath, e.name)).split(sep).join("/")),
  );
  const listed = new Set(manifest.pieces.map((p) => p.path));
  return {
    missing: [...listed].filter((p) => !onDisk.has(p)).sort(),
    extra: [...onDisk].filter((p) => !listed.has(p)).sort(),
  };
}

/** {@link fingerprintFile} of each input file, by path, in the order given. Errors: file system errors. */
export async function fingerprintInputs(files: readonly string[]): Promise<Record<string, string>> {
  const inputs: Record<string, string> = {};
  for (const f of files) inputs[f] = await fingerprintFile(f);
  return inputs;
}

/**
 * Whether the store holds the inputs as they are now, so partitioning can be skipped: `manifest`
 * records the same input fingerprints (`inputs`, {@link fingerprintInputs}), unknown-code policy and
 * store layout (`manifestMatches`), and the pieces on disk are exactly those it lists. `drift` is
 * set when the manifest matches (only then are the pieces compared). Errors: as {@link storeDrift}.
 */
export function storeHolds(
  storeDir: string,
  manifest: StoreManifest | undefined,
  inputs: Record<string, string>,
  unknownCodes: "keep" | "reject",
): Promise<{ current: boolean; drift?: StoreDrift }> {
  if (!manifestMatches(manifest, inputs, unknownCodes)) return Promise.resolve({ current: false });
  try {
    const drift = storeDrift(storeDir, manifest);
    return Promise.resolve({ current: drift.missing.length === 0 && drift.extra.length === 0, drift });
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
