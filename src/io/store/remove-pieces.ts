import { readdir, rm, rmdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parsePieceName } from "./layout.js";

/** A piece file found on disk: its path relative to the store (POSIX separators) and its tag. */
export interface PieceOnDisk {
  path: string;
  tag: string;
}

/**
 * Every piece file (`part-<tag>-<n>.parquet`) under `storeDir`, sorted by path; none when the store
 * is missing. Reads the folder tree only. Errors: file system errors other than ENOENT.
 */
export async function piecesOnDisk(storeDir: string): Promise<PieceOnDisk[]> {
  const entries = await readdir(storeDir, { recursive: true, withFileTypes: true }).catch(
    (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    },
  );
  const out: PieceOnDisk[] = [];
  for (const e of entries) {
    const p = e.isFile() ? parsePieceName(e.name) : undefined;
    if (p !== undefined)
      out.push({ path: relative(storeDir, join(e.parentPath, e.name)).split(sep).join("/"), tag: p.tag });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Removes the piece files under `storeDir` for which `remove(piece)` is true; returns their paths,
 * sorted. Partition folders left empty are kept (another writer may be about to put a piece in
 * one): {@link removeEmptyFolders} clears them once no one writes. Errors: file system errors.
 */
export async function removePiecesWhere(storeDir: string, remove: (piece: PieceOnDisk) => boolean): Promise<string[]> {
  const removed: string[] = [];
  for (const p of await piecesOnDisk(storeDir)) {
    if (!remove(p)) continue;
    await rm(join(storeDir, p.path), { force: true });
    removed.push(p.path);
  }
  return removed;
}

/**
 * Removes the empty folders under `dir` (depth first; `dir` itself is kept). Only while no one
 * writes there. Errors: file system errors other than a folder that is not empty or gone.
 */
export async function removeEmptyFolders(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT" || e.code === "ENOTDIR") return [];
    throw e;
  });
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const path = join(dir, e.name);
    await removeEmptyFolders(path);
    await rmdir(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOTEMPTY" && err.code !== "EEXIST" && err.code !== "ENOENT") throw err;
    });
  }
}
