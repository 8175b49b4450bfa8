/**
 * Finding input files with identical contents under different names (a resent copy, or a copy
 * compressed: `orders.csv` beside `orders.csv.gz`): sizes are compared first (a gzip file's by the
 * uncompressed size its trailer records), then a hash of both ends, and only files equal on both
 * are hashed whole — a gzip file's decompressed bytes.
 */

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { isGzip } from "../csv/source.js";
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

/**
 * The hash of a gzip file's decompressed bytes, or a key of its own (never a copy of anything) when
 * it does not decompress: the reader reports the damage.
 */
async function gunzipHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    await pipeline(createReadStream(path), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) hash.update(chunk);
    });
  } catch {
    return `unreadable gzip ${path}`;
  }
  return hash.digest("hex");
}

/** The uncompressed size modulo 2^32 a gzip file's trailer records (its last member's ISIZE). */
async function gzipSize(path: string, size: number): Promise<number> {
  if (size < 18) return -1; // shorter than a gzip header and trailer: never a copy
  const fh = await open(path, "r");
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, size - 4);
    return b.readUInt32LE(0);
  } finally {
    await fh.close();
  }
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
  /** True for a .gz file: compared by its decompressed bytes. */
  gz: boolean;
  /** The size its contents would have, modulo 2^32 (a gzip file's recorded uncompressed size). */
  content: number;
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
 * Among `files` (distinct real files), those whose contents equal another's (a `.gz` file's
 * decompressed bytes, so a compressed copy is a copy too): each copy with the file
 * kept in its place (`sameAs`). Of a group of copies, the oldest (by modification time) is kept,
 * then the one with the shortest name, then the first by path. Empty files are never copies (they
 * carry no data, and each must reach the header check). Cost: a stat per file; a read of both
 * 64 KiB ends only for files of equal size; a whole read only for files equal on size and both
 * ends; a gzip file is decompressed only when its recorded uncompressed size (modulo 2^32) equals
 * another file's size; one that does not decompress is never a copy. Errors: file system errors.
 */
export async function sameContent(files: readonly string[]): Promise<{ file: string; sameAs: string }[]> {
  const sized: Sized[] = await Promise.all(
    files.map(async (file) => {
      const s = await stat(file);
      const gz = isGzip(file);
      return {
        file,
        size: s.size,
        mtimeMs: s.mtimeMs,
        gz,
        content: gz ? await gzipSize(file, s.size) : s.size % 2 ** 32,
      };
    }),
  );
  const out: { file: string; sameAs: string }[] = [];
  const add = (same: Sized[]): void => {
    const [keep, ...copies] = [...same].sort(original);
    for (const c of copies) out.push({ file: c.file, sameAs: (keep as Sized).file });
  };
  for (const bySize of await groupsBy(
    sized.filter((f) => f.size > 0 && f.content >= 0),
    (f) => Promise.resolve(String(f.content)),
  )) {
    if (bySize.some((f) => f.gz)) {
      // A gzip file among them: contents compared whole (its ends are not at hand undecompressed).
      for (const same of await groupsBy(bySize, (f) => (f.gz ? gunzipHash(f.file) : fullHash(f.file)))) add(same);
      continue;
    }
    for (const byEdges of await groupsBy(bySize, (f) => edgeHash(f.file, f.size)))
      for (const same of await groupsBy(byEdges, (f) => fullHash(f.file))) add(same);
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
