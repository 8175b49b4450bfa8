import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parsePieceName } from "./layout.js";
import type { StoreManifest } from "./manifest.js";

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
export async function storeDrift(storeDir: string, manifest: StoreManifest): Promise<StoreDrift> {
  const entries = await readdir(storeDir, { recursive: true, withFileTypes: true }).catch(
    (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    },
  );
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
