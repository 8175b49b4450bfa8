import { createHash, type Hash } from "node:crypto";
import { open, readFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { listPieces, partitionDir, STORE_TABLES } from "./layout.js";
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

/** One piece's line of a partition fingerprint: its path in the store, size and content hash. */
export function pieceDigestLine(relPath: string, bytes: Uint8Array): string {
  return `${relPath}\t${bytes.length}\t${createHash("sha256").update(bytes).digest("hex")}\n`;
}

/** A partition fingerprint from its pieces' {@link pieceDigestLine}s, tables in store order. */
export function partitionDigest(lines: Iterable<string>): string {
  const hash = createHash("sha256").update("sweeplab-partition-v1\n");
  for (const line of lines) hash.update(line);
  return hash.digest("hex");
}

/**
 * Fingerprint of one partition's pieces, to know when a job's input changed: the sha256 (hex) of
 * each piece's table, name, size and content hash, tables in store order and pieces in read order.
 * A partition without pieces has a fixed fingerprint (of the empty list). A job computes the same
 * value while reading its input (readPartitionWithFingerprint). Errors: StoreError
 * `bad_path_component`; file system errors.
 */
export async function fingerprintPartition(storeDir: string, securityCode: string, date: string): Promise<string> {
  const lines: string[] = [];
  for (const table of STORE_TABLES) {
    const dir = partitionDir(table, securityCode, date);
    for (const p of await listPieces(storeDir, dir))
      lines.push(pieceDigestLine(`${dir}/${p.name}`, await readFile(join(storeDir, dir, p.name))));
  }
  return partitionDigest(lines);
}
