import { createHash, type Hash } from "node:crypto";
import { statSync } from "node:fs";
import { open, readFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { listPiecesSync, partitionDir, STORE_TABLES } from "./layout.js";
import { readAt } from "./read-at.js";

const EDGE_BYTES = 64 * 1024;

/**
 * Fingerprint of an input file, to skip re-partitioning an unchanged file: the sha256 (hex) of its
 * size, modification and change times (ns) and first and last 64 KiB (the whole file when smaller
 * than 128 KiB). Cheap on any size of file. The change time (ctime) is what catches a file
 * rewritten in its middle with its size and mtime put back (`touch -r`, `cp -p`, `rsync -t`, a
 * rename over it): every write, rename or chmod sets it to the clock, and no user call can set it
 * back. So any of them, even a write of the same bytes, makes the file count as changed
 * (partitioned again: slower, never wrong). The inode is left out: it differs between the mounts of
 * some shared file systems, where the nodes of a cluster run must agree. Errors: file system
 * errors (e.g. ENOENT).
 */
export async function fingerprintFile(path: string): Promise<string> {
  const fh = await open(path, "r");
  try {
    // bigint: the times to the nanosecond, exactly.
    const { size, mtimeNs, ctimeNs } = await fh.stat({ bigint: true });
    const hash = createHash("sha256").update(`sweeplab-file-v2\n${size}\n${mtimeNs}\n${ctimeNs}\n`);
    await hashEdges(hash, fh, Number(size));
    return hash.digest("hex");
  } finally {
    await fh.close();
  }
}

/**
 * Feeds a file's first and last 64 KiB (the whole file when smaller than 128 KiB) into `hash`: the
 * cheap content sample of {@link fingerprintFile} and of the input copy check. Errors: file system
 * errors.
 */
export async function hashEdges(hash: Hash, fh: FileHandle, size: number): Promise<void> {
  const read = (position: number, length: number): Promise<Uint8Array> =>
    readAt(fh, new Uint8Array(length), length, position);
  if (size <= 2 * EDGE_BYTES) hash.update(await read(0, size));
  else {
    hash.update(await read(0, EDGE_BYTES));
    hash.update(await read(size - EDGE_BYTES, EDGE_BYTES));
  }
}

/** One piece's line of a partition fingerprint (see digestLine): its table, size and content hash. */
export function pieceDigestLine(relPath: string, bytes: Uint8Array): string {
  return digestLine(relPath, bytes.length, createHash("sha256").update(bytes).digest("hex"));
}

/**
 * A piece's line: its table (the path's first folder), size and content hash — not its file name.
 * The name's tag numbers the input files in their order, so one file added or removed renumbers the
 * pieces of every file after it; a job's rows, sorted by value when read, do not change with it
 * (adding a day of extracts recomputed every job of the store).
 */
function digestLine(relPath: string, size: number, sha256: string): string {
  return `${relPath.slice(0, relPath.indexOf("/"))}\t${size}\t${sha256}\n`;
}

/** A partition fingerprint from its pieces' {@link pieceDigestLine}s, tables in store order. */
export function partitionDigest(lines: Iterable<string>): string {
  const hash = createHash("sha256").update("sweeplab-partition-v2\n");
  for (const line of lines) hash.update(line);
  return hash.digest("hex");
}

/**
 * What the partition records of a piece as written (PieceInfo's `digest`, kept in
 * `store/_piece_digests.json`): its size and content hash, and the file's inode, modification and
 * change times (ns, decimal text) right after it was renamed into place. A piece whose size, inode
 * and both times are still these has these bytes: any write, rename, link or chmod sets its change
 * time to the clock, which no user call can set back (the reasoning of {@link fingerprintFile}), and
 * a file put in its place (a rename over it, a copy) has another inode. The clock's tick is coarse
 * (about a millisecond on ext4), so only a rewrite in place within one tick, of the same size, goes
 * unseen. So a partition's fingerprint is taken from the digests without reading its pieces; a piece
 * that does not match (rewritten, the output folder copied elsewhere, another mount's inode
 * numbers) is read and hashed: slower, never wrong.
 */
export interface PieceDigest {
  bytes: number;
  /** sha256 hex of the piece's bytes. */
  sha256: string;
  /** The file's inode number, decimal text. */
  ino: string;
  mtimeNs: string;
  ctimeNs: string;
}

/** The {@link PieceDigest} of a piece just written to `path` with these bytes (one stat). Errors: file system errors. */
export function pieceDigestOf(path: string, bytes: Uint8Array): PieceDigest {
  const { ino, mtimeNs, ctimeNs } = statSync(path, { bigint: true });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { bytes: bytes.length, sha256, ino: String(ino), mtimeNs: String(mtimeNs), ctimeNs: String(ctimeNs) };
}

/**
 * Fingerprint of one partition's pieces, to know when a job's input changed: the sha256 (hex) of
 * each piece's table, size and content hash (not its name: see digestLine), tables in store order
 * and pieces in read order. A partition without pieces has a fixed fingerprint (of the empty list).
 * A job computes the same value while reading its input (readPartitionWithFingerprint). `known`
 * (the recorded pieces' digests, by path in the store): a piece listed there whose size, inode,
 * modification and change times are still the recorded ones is not read (its recorded hash is used, see {@link PieceDigest});
 * every other piece is read and hashed. Errors: StoreError `bad_path_component`; file system errors.
 */
export async function fingerprintPartition(
  storeDir: string,
  securityCode: string,
  date: string,
  known?: ReadonlyMap<string, PieceDigest>,
): Promise<string> {
  const lines: string[] = [];
  for (const table of STORE_TABLES) {
    const dir = partitionDir(table, securityCode, date);
    for (const p of listPiecesSync(storeDir, dir)) {
      const rel = `${dir}/${p.name}`;
      const path = join(storeDir, rel);
      const d = known?.get(rel);
      if (d !== undefined && fileStillIs(path, d)) lines.push(digestLine(rel, d.bytes, d.sha256));
      else lines.push(pieceDigestLine(rel, await readFile(path)));
    }
  }
  return partitionDigest(lines);
}

/**
 * Whether the file at `path` still has the size, inode and times of `d` (a vanished file: no, and
 * reading it reports why). Synchronous, as listPiecesSync: one stat, cheaper than its promise.
 */
export function fileStillIs(path: string, d: PieceDigest): boolean {
  const s = statSync(path, { bigint: true, throwIfNoEntry: false });
  return (
    s !== undefined &&
    s.size === BigInt(d.bytes) &&
    String(s.ino) === d.ino &&
    String(s.mtimeNs) === d.mtimeNs &&
    String(s.ctimeNs) === d.ctimeNs
  );
}
