import { readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { FileReport } from "../../io/csv/reader.js";
import {
  hasSlices,
  readPieceDigests,
  removeEmptyFolders,
  removePiecesWhere,
  STORE_LAYOUT,
  STORE_MANIFEST,
  storeDrift,
  type PieceDigest,
  type PieceInfo,
  type StoreManifest,
} from "../../io/store/index.js";
import type { UnknownCodePolicy } from "../../model/unknown-codes.js";
import type { CodeAt } from "./code-case.js";

/**
 * Partitioning again only the input files that changed. A year of extracts is hundreds of GB; a day
 * added to it (or one file replaced) would otherwise re-read the year. A whole partition tags each
 * piece `part-<iiii>-<rr>-<n>` by its input file's index `iiii` (in input order) and byte range
 * `rr`, and no piece holds anything else of its file (no index, no path): so the pieces of a file
 * that is unchanged — same path, same fingerprint, same store layout and unknown-code policy — are
 * the pieces a fresh partition would write for it, but for the index in their names. They are kept,
 * renamed to the file's new index; the pieces and rejects files of files removed or changed are
 * deleted; only the new and changed files are read. The store then reads, piece for piece and in
 * the same order, as a fresh partition of the same inputs with the same workers (the byte ranges of
 * a kept file are those it was cut in before, as with a store kept whole).
 *
 * Crash safety: the manifest is removed before anything moves, and written last (partition-step.ts):
 * a run stopped in between finds no manifest and partitions everything again from scratch.
 */

/** A piece tag of a whole partition: `<file index>-<range>` (a slice's tags have three parts: never kept). */
const WHOLE_TAG = /^(\d+)-(\d+)$/;
const PIECE_PATH = /^(.*\/part-)(\d+)(-\d+-\d+\.parquet)$/;
const REJECTS = /^partition-(\d+)(-\d+)\.csv$/;

/** Which files of the old store are kept: new input index → old input index (increasing in both). */
export type KeptFiles = ReadonlyMap<number, number>;

/**
 * The input files (`files`, their fingerprints `inputs`) whose pieces in the store `existing`
 * describes can be kept, or undefined when none can (a whole partition is then needed): the store
 * must be this sweeplab's layout under the same unknown-code policy, written by a whole partition
 * (no slices), its pieces on disk exactly those its manifest lists, each tagged by a file index,
 * its reports one a file (which number its files: see inputOrder); a file is kept when it has the same path and fingerprint as before and a report without error, and
 * the kept files must keep their relative order. Errors: file system errors.
 */
export async function keptFiles(
  storeDir: string,
  existing: StoreManifest | undefined,
  files: readonly string[],
  inputs: Readonly<Record<string, string>>,
  unknownCodes: UnknownCodePolicy,
): Promise<KeptFiles | undefined> {
  if (existing === undefined || existing.layout !== STORE_LAYOUT) return undefined;
  if ((existing.unknownCodes ?? "keep") !== unknownCodes) return undefined;
  if (existing.pieces.some((p) => tagIndex(p.path) === undefined)) return undefined;
  if (await hasSlices(storeDir)) return undefined;
  const drift = storeDrift(storeDir, existing);
  if (drift.missing.length > 0 || drift.extra.length > 0) return undefined;
  const order = inputOrder(existing);
  if (order === undefined) return undefined;
  const oldIndex = new Map(order.map((f, i) => [f, i]));
  const reported = new Set(existing.files.filter((r) => r.error === undefined).map((r) => r.file));
  const kept = new Map<number, number>();
  let last = -1;
  for (const [i, f] of files.entries()) {
    const old = oldIndex.get(f);
    if (old === undefined || existing.inputs[f] !== inputs[f] || !reported.has(f)) continue;
    if (old <= last) return undefined; // the order changed: the pieces would be read in another order
    kept.set(i, old);
    last = old;
  }
  return kept.size > 0 ? kept : undefined;
}

/**
 * The old store's input files in input order, the order that numbers their pieces: its reports', one
 * a file (a whole partition writes its manifest only when every file was read). Not the keys of its
 * `inputs`: a JSON object lists a key that reads as a number (an input given as `5`) before the
 * others, whatever the input order. Undefined when the reports are not one for each input.
 */
function inputOrder(existing: StoreManifest): string[] | undefined {
  const order = existing.files.map((r) => r.file);
  const one = new Set(order).size === order.length && order.every((f) => Object.hasOwn(existing.inputs, f));
  return one && order.length === Object.keys(existing.inputs).length ? order : undefined;
}

/** What keeping the unchanged files gave: their pieces (renamed) and their reports, by file. */
export interface KeptStore {
  pieces: PieceInfo[];
  reports: Map<string, FileReport>;
  rows: number;
}

/**
 * Makes the store `existing` describes hold only the `kept` files' pieces, under their new
 * indices: removes the manifest first, then the pieces and partition rejects files (in
 * `rejectsDir`) of every other file, then renames the kept ones (moving up from the highest index,
 * moving down from the lowest, so that no name is taken: the map is increasing). A kept piece's
 * digest is carried over when its file still had the recorded size, inode and times (a rename
 * changes only its change time, read again after it). Errors: file system errors (the store has
 * no manifest then: the next run partitions it whole).
 */
export async function keepFiles(
  storeDir: string,
  rejectsDir: string,
  existing: StoreManifest,
  kept: KeptFiles,
): Promise<KeptStore> {
  rmSync(join(storeDir, STORE_MANIFEST), { force: true });
  const digests = await readPieceDigests(storeDir);
  const newOf = new Map([...kept].map(([n, o]) => [o, n]));
  await removePiecesWhere(storeDir, (p) => !newOf.has(Number(WHOLE_TAG.exec(p.tag)?.[1] ?? -1)));
  const rejects = rejectsFiles(rejectsDir);
  for (const r of rejects) if (!newOf.has(r.index)) rmSync(join(rejectsDir, r.name), { force: true });
  const moves = [...kept].filter(([n, o]) => n !== o);
  const order = [
    ...moves.filter(([n, o]) => n > o).sort((a, b) => b[1] - a[1]),
    ...moves.filter(([n, o]) => n < o).sort((a, b) => a[1] - b[1]),
  ];
  const byOld = new Map<number, StoreManifest["pieces"]>();
  for (const p of existing.pieces) {
    const o = tagIndex(p.path) as number;
    if (!newOf.has(o)) continue;
    // Pushed, not copied: one file (a year's NBBO extract) may own a piece in each of 100,000 partitions.
    const list = byOld.get(o);
    if (list === undefined) byOld.set(o, [p]);
    else list.push(p);
  }
  const moved = new Map<string, { path: string; digest?: PieceDigest }>();
  for (const [n, o] of order) {
    for (const p of byOld.get(o) ?? []) moved.set(p.path, movePiece(storeDir, p.path, n, digests.get(p.path)));
    for (const r of rejects)
      if (r.index === o) renameSync(join(rejectsDir, r.name), join(rejectsDir, `partition-${pad(n)}${r.range}.csv`));
  }
  // A removed file's partitions are gone with it: no empty folder may stand for a partition.
  await removeEmptyFolders(storeDir);
  const pieces: PieceInfo[] = [];
  for (const list of byOld.values())
    for (const p of list) {
      const m = moved.get(p.path);
      const digest = m === undefined ? digests.get(p.path) : m.digest;
      const path = m?.path ?? p.path;
      pieces.push(digest === undefined ? { ...p, path } : { ...p, path, digest });
    }
  // A whole partition's reports are one a file, in input order (see inputOrder).
  const reports = new Map([...newOf.keys()].map((o) => existing.files[o] as FileReport).map((r) => [r.file, r]));
  return { pieces, reports, rows: [...reports.values()].reduce((s, r) => s + r.rowsRead, 0) };
}

/**
 * The security codes of the kept pieces (keepFiles' `pieces`, renamed), each with its input index
 * and seen in that input file of `files`: with no line, as the file is not read again (the store
 * folder, which a fresh partition's message would not name, is removed when the codes clash).
 */
export function keptCodesSeen(files: readonly string[], pieces: readonly PieceInfo[]): (CodeAt & { index: number })[] {
  return pieces.map((p) => {
    const index = tagIndex(p.path) as number;
    return { index, securityCode: p.securityCode, file: files[index] as string };
  });
}

/** The file index in a piece path's tag; undefined for a tag that is not `<index>-<range>`. */
function tagIndex(path: string): number | undefined {
  const m = PIECE_PATH.exec(path);
  return m === null ? undefined : Number(m[2]);
}

const pad = (i: number): string => String(i).padStart(4, "0");

/**
 * Renames the piece at `path` (relative to the store) to input index `n`: its new path, and its
 * digest `d` with the times after the rename when the file still matched `d` before it (else none:
 * it is hashed when next checked).
 */
function movePiece(
  storeDir: string,
  path: string,
  n: number,
  d: PieceDigest | undefined,
): { path: string; digest?: PieceDigest } {
  const to = path.replace(PIECE_PATH, (_all, head: string, _i: string, tail: string) => `${head}${pad(n)}${tail}`);
  const before = d === undefined ? undefined : statSync(join(storeDir, path), { bigint: true });
  renameSync(join(storeDir, path), join(storeDir, to));
  if (d === undefined || before === undefined || !matches(before, d)) return { path: to };
  const s = statSync(join(storeDir, to), { bigint: true });
  return { path: to, digest: { ...d, ino: String(s.ino), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) } };
}

function matches(s: { size: bigint; ino: bigint; mtimeNs: bigint; ctimeNs: bigint }, d: PieceDigest): boolean {
  return (
    s.size === BigInt(d.bytes) &&
    String(s.ino) === d.ino &&
    String(s.mtimeNs) === d.mtimeNs &&
    String(s.ctimeNs) === d.ctimeNs
  );
}

/** The partition rejects files of a whole partition in `dir`, with their file index and range suffix. */
function rejectsFiles(dir: string): { name: string; index: number; range: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return names.flatMap((name) => {
    const m = REJECTS.exec(name);
    return m === null ? [] : [{ name, index: Number(m[1]), range: m[2] as string }];
  });
}
