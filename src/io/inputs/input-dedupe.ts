/**
 * Finding input files with the same contents under different names (a resent copy, a copy
 * compressed: `orders.csv` beside `orders.csv.gz`, or a Windows export of the same extract: CRLF
 * line ends, a byte order mark, with or without the final line end). The same bytes first: sizes are compared (a gzip file's by the
 * uncompressed size its trailer records), then a hash of both ends, and only files equal on both
 * are hashed whole — a gzip file's decompressed bytes. Then the same text, among what is left: the
 * heads of the texts, then their tails, and only files equal on both are hashed whole.
 */

import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { isGzip } from "../csv/source.js";
import { hashEdges } from "../store/fingerprint.js";
import { contentHash, textHeadKey, textTailKey } from "./content-hash.js";

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

/** How many files' keys are read at once. */
const KEY_READS = 8;

/** Groups `items` by an async key, keeping groups of two or more, in first-met order. */
async function groupsBy<T>(items: readonly T[], key: (t: T) => Promise<string>): Promise<T[][]> {
  // Keys computed KEY_READS at a time (each a read of a file's head, ends or whole): on a network
  // file system thousands of small reads one after another would each wait out its latency.
  const keys: string[] = new Array<string>(items.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) keys[i] = await key(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(KEY_READS, items.length) }, reader));
  const groups = new Map<string, T[]>();
  for (const [i, t] of items.entries()) {
    const k = keys[i] as string;
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

/** A file whose contents are another's: `sameAs`, the file read in its place. */
export interface SameContent {
  file: string;
  sameAs: string;
  /**
   * `line_ends`: its text (decompressed) differs from that of `sameAs` only in line ends (CRLF for
   * LF, the last row's line end or blank lines after it) or a leading UTF-8 byte order mark; absent
   * when the (decompressed) bytes are the same.
   */
  differsIn?: "line_ends";
}

/** Groups of exact copies: equal sizes, then equal ends, then equal whole (decompressed) bytes. */
async function exactCopies(sized: readonly Sized[]): Promise<Sized[][]> {
  const out: Sized[][] = [];
  for (const bySize of await groupsBy(sized, (f) => Promise.resolve(String(f.content)))) {
    if (bySize.some((f) => f.gz)) {
      // A gzip file among them: contents compared whole (its ends are not at hand undecompressed).
      out.push(...(await groupsBy(bySize, (f) => contentHash(f.file))));
      continue;
    }
    for (const byEdges of await groupsBy(bySize, (f) => edgeHash(f.file, f.size)))
      out.push(...(await groupsBy(byEdges, (f) => contentHash(f.file))));
  }
  return out;
}

/**
 * Groups of copies by text (a BOM dropped, CRLF as LF, blank lines and the final line end dropped): equal heads, then (plain files only) equal
 * tails, then equal whole text. A group holding a gzip file is compared whole after the head.
 */
async function textCopies(files: readonly Sized[]): Promise<Sized[][]> {
  const out: Sized[][] = [];
  for (const byHead of await groupsBy(files, (f) => textHeadKey(f.file))) {
    const byTails = byHead.some((f) => f.gz) ? [byHead] : await groupsBy(byHead, (f) => textTailKey(f.file, f.size));
    for (const byTail of byTails) out.push(...(await groupsBy(byTail, (f) => contentHash(f.file, true))));
  }
  return out;
}

/**
 * Among `files` (distinct real files), those whose contents equal another's: the same bytes, the
 * same bytes once decompressed (a `.gz` file: a compressed copy is a copy too), or the same text but
 * for line ends and a byte order mark (`differsIn: "line_ends"`: a Windows export of the same
 * extract, CRLF for LF, with or without a leading UTF-8 BOM, with or without the final line end or
 * blank lines after the last row; also across gzip): each copy with the
 * file kept in its place (`sameAs`). Of a group of copies, the oldest (by modification time) is
 * kept, then the one with the shortest name, then the first by path. Empty files are never copies
 * (they carry no data, and each must reach the header check). Cost: a stat per file; for the same
 * bytes, a read of both 64 KiB ends only for files of equal size and a whole read only for files
 * equal on size and both ends (a gzip file decompressed only when its recorded uncompressed size,
 * modulo 2^32, equals another file's size); for the same text, among the files left (one per group
 * of exact copies), the first 64 KiB of each file's text (of a `.gz` file, decompressed that far),
 * the last 64 KiB of the plain files whose heads agree, and a whole read only of files whose heads
 * and tails agree (of a `.gz` file, whose head agrees). A gzip file that does not decompress is
 * never a copy. Errors: file system errors; InputError `unreadable`.
 */
export async function sameContent(files: readonly string[]): Promise<SameContent[]> {
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
  const candidates = sized.filter((f) => f.size > 0 && f.content >= 0);
  // Each file's group of exact copies (itself alone when it has none), read first.
  const exact = new Map<Sized, Sized[]>(candidates.map((f) => [f, [f]]));
  for (const g of await exactCopies(candidates)) for (const f of g) exact.set(f, g);
  const firstOf = (g: readonly Sized[]): Sized => [...g].sort(original)[0] as Sized;
  // One file of each exact group compared by text; groups of equal text merged.
  const groups = new Set(exact.values());
  for (const same of await textCopies([...groups].map(firstOf))) {
    for (const f of same) groups.delete(exact.get(f) as Sized[]);
    groups.add(same.flatMap((f) => exact.get(f) as Sized[]));
  }
  const out: SameContent[] = [];
  for (const g of groups) {
    const keep = firstOf(g);
    for (const c of g)
      if (c !== keep)
        out.push(
          exact.get(c) === exact.get(keep)
            ? { file: c.file, sameAs: keep.file }
            : { file: c.file, sameAs: keep.file, differsIn: "line_ends" },
        );
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
