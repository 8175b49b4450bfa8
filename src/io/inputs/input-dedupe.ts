/**
 * Finding input files with identical bytes under different names (a resent copy): sizes are
 * compared first, then a hash of both ends, and only files equal on both are hashed whole.
 */

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { hashEdges } from "../store/fingerprint.js";

async function edgeHash(path: string, size: number): Promise<string> {
  const fh = await open(path, "r");
  try {
    const hash = createHash("sha256");
    await hashEdges(hash, fh, size);
    return hash.digest("hex");
  } finally {
    await fh.close();
  }
}

async function fullHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Groups `items` by an async key, keeping groups of two or more, in first-met order. */
async function groupsBy<T>(items: readonly T[], key: (t: T) => Promise<string>): Promise<T[][]> {
  const groups = new Map<string, T[]>();
  for (const t of items) {
    const k = await key(t);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [t]);
    else g.push(t);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

interface Sized {
  file: string;
  size: number;
  mtimeMs: number;
}

/** Which of several copies is read: the oldest (a resent copy comes later), then the shortest name, then by path. */
function original(a: Sized, b: Sized): number {
  return (
    a.mtimeMs - b.mtimeMs ||
    basename(a.file).length - basename(b.file).length ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  );
}

/**
 * Among `files` (distinct real files), those whose bytes equal another's: each copy with the file
 * kept in its place (`sameAs`). Of a group of copies, the oldest (by modification time) is kept,
 * then the one with the shortest name, then the first by path. Empty files are never copies (they
 * carry no data, and each must reach the header check). Cost: a stat per file; a read of both
 * 64 KiB ends only for files of equal size; a whole read only for files equal on size and both
 * ends. Errors: file system errors.
 */
export async function sameContent(files: readonly string[]): Promise<{ file: string; sameAs: string }[]> {
  const sized: Sized[] = await Promise.all(
    files.map(async (file) => {
      const s = await stat(file);
      return { file, size: s.size, mtimeMs: s.mtimeMs };
    }),
  );
  const out: { file: string; sameAs: string }[] = [];
  for (const bySize of await groupsBy(
    sized.filter((f) => f.size > 0),
    (f) => Promise.resolve(String(f.size)),
  )) {
    for (const byEdges of await groupsBy(bySize, (f) => edgeHash(f.file, f.size))) {
      for (const same of await groupsBy(byEdges, (f) => fullHash(f.file))) {
        const [keep, ...copies] = [...same].sort(original);
        for (const c of copies) out.push({ file: c.file, sameAs: (keep as Sized).file });
      }
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
