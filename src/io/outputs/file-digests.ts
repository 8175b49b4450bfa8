import { createHash } from "node:crypto";
import { createReadStream, statSync, type BigIntStats } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../atomic.js";
import { fileStillIs, type PieceDigest } from "../store/fingerprint.js";
import { PieceDigestSchema } from "../store/piece-digests.js";
import { readValidatedJson } from "../store/read-json.js";
import type { RecordedFile } from "./job-record.js";

/**
 * The file (in the output folder) of the job files' digests: `_file_digests.json`, or a job
 * shard's `_file_digests.shard-i-of-N.json`. Like the store's `_piece_digests.json`, each entry is
 * a file's size and sha256 with its inode and file times right after it was written or hashed: a
 * rerun proves a job's detail files intact by one stat each instead of reading and hashing them
 * (a year's detail files are tens of GB). An entry stands on its own, so a stale or missing file
 * only means hashing again: slower, never wrong (the reasoning of PieceDigest, io/store/fingerprint.ts).
 */
export const FILE_DIGESTS = "_file_digests";

const FileDigestsFile = z.object({ version: z.literal(1), files: z.record(z.string(), PieceDigestSchema) });
const NAME = /^_file_digests(\.shard-\d+-of-\d+)?\.json$/;

/** The file times of `s` as a digest's fields, with the recorded file's size and hash. */
function digestOf(f: RecordedFile, s: BigIntStats): PieceDigest {
  return {
    bytes: f.bytes,
    sha256: f.sha256,
    ino: String(s.ino),
    mtimeNs: String(s.mtimeNs),
    ctimeNs: String(s.ctimeNs),
  };
}

/** The digest of a file just written to `path` (one stat), or undefined when it cannot be stat-ed. */
export function writtenDigest(path: string, f: RecordedFile): PieceDigest | undefined {
  const s = statSync(path, { bigint: true, throwIfNoEntry: false });
  return s === undefined || s.size !== BigInt(f.bytes) ? undefined : digestOf(f, s);
}

/**
 * The digests of an output folder's job files known from earlier runs (every `_file_digests*.json`
 * merged; an unreadable one is left out) and those this run proved (`proved`: matched, hashed or
 * written now), by path relative to the output folder.
 */
export class JobFileDigests {
  readonly proved = new Map<string, PieceDigest>();
  constructor(
    readonly outputDir: string,
    readonly known: ReadonlyMap<string, PieceDigest> = new Map(),
  ) {}

  /** Whether the file at `path` is `f` by its known digest, without reading it (size, inode, times unchanged). */
  matches(path: string, f: RecordedFile): boolean {
    const key = relative(this.outputDir, path);
    const d = this.known.get(key);
    if (d === undefined || d.sha256 !== f.sha256 || d.bytes !== f.bytes || !fileStillIs(path, d)) return false;
    this.proved.set(key, d);
    return true;
  }

  /** Records a file written now (the worker's digest of it). */
  add(path: string, d: PieceDigest): void {
    this.proved.set(relative(this.outputDir, path), d);
  }

  /**
   * Records that the file at `path`, stat-ed as `before`, was just read and hashed to `f`: only if
   * its size, inode and times are still `before`'s (else it changed while it was read).
   */
  hashed(path: string, f: RecordedFile, before: BigIntStats): void {
    const d = digestOf(f, before);
    if (fileStillIs(path, d)) this.proved.set(relative(this.outputDir, path), d);
  }
}

/** The digests of every `_file_digests*.json` of `outputDir` by path; empty when none can be read. */
export async function readJobFileDigests(outputDir: string): Promise<JobFileDigests> {
  const names = (await readdir(outputDir).catch(() => [] as string[])).filter((n) => NAME.test(n)).sort();
  const known = new Map<string, PieceDigest>();
  for (const n of names) {
    const file = await readValidatedJson(join(outputDir, n), FileDigestsFile, {
      is: "a list of file digests",
      fix: "it is rewritten by the next run",
    }).catch(() => undefined);
    for (const [k, d] of Object.entries(file?.files ?? {})) known.set(k, d);
  }
  return new JobFileDigests(outputDir, known);
}

/**
 * Writes the digests a run knows, atomically. A job shard (`shardSuffix` `.shard-i-of-N`, "" for a
 * whole run) writes those it proved to its own file. A
 * whole run (which no shard runs beside) writes the proved ones and the known ones still true of
 * their files (other jobs' files, left by a subset run) to `_file_digests.json`, then removes the
 * shards' files it merged. No digest to write: no file. Errors: file system errors.
 */
export async function writeJobFileDigests(digests: JobFileDigests, shardSuffix: string): Promise<void> {
  const out = new Map(digests.proved);
  if (shardSuffix === "")
    for (const [k, d] of digests.known) if (!out.has(k) && fileStillIs(join(digests.outputDir, k), d)) out.set(k, d);
  const files = Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const name = `${FILE_DIGESTS}${shardSuffix}.json`;
  const path = join(digests.outputDir, name);
  if (out.size === 0) await rm(path, { force: true });
  else await writeFileAtomic(path, `${JSON.stringify({ version: 1, files })}\n`);
  if (shardSuffix !== "") return;
  for (const n of await readdir(digests.outputDir))
    if (NAME.test(n) && n !== name) await rm(join(digests.outputDir, n), { force: true });
}

/** sha256 (hex) of the file at `path`, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
