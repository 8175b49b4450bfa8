import { SECURITY_CODE_PATTERN } from "../../model/fields.js";
import { readdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { TableKind } from "../../model/schemas.js";
import { StoreError } from "./errors.js";

/**
 * The store layout: `<storeDir>/<table>/security=<code>/date=<YYYY-MM-DD>/part-<tag>-<n>.parquet`
 * (Hive-style, so DuckDB, polars and pyarrow read it with hive partitioning), plus the manifest
 * `<storeDir>/_store.json`.
 */

/** The tables of the store, in the order they are listed and fingerprinted. */
export const STORE_TABLES: readonly TableKind[] = ["orders", "trades", "nbbo"];

const SECURITY = SECURITY_CODE_PATTERN;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TAG = /^[A-Za-z0-9._-]{1,128}$/;
const PIECE = /^part-([A-Za-z0-9._-]{1,128})-(\d{1,9})\.parquet$/;

/** One piece file name taken apart: its tag and flush counter. */
export interface PieceName {
  name: string;
  tag: string;
  n: number;
}

/** Throws StoreError `bad_path_component` unless `code` is 1–32 characters of [A-Za-z0-9._-]. */
export function assertSecurityCode(code: string): void {
  if (!SECURITY.test(code))
    throw new StoreError(
      "bad_path_component",
      code,
      `security code ${JSON.stringify(code)} is not 1–32 of [A-Za-z0-9._-]`,
    );
}

/** Throws StoreError `bad_path_component` unless `date` is `YYYY-MM-DD`. */
export function assertDate(date: string): void {
  if (!DATE.test(date))
    throw new StoreError("bad_path_component", date, `date ${JSON.stringify(date)} is not YYYY-MM-DD`);
}

/** Throws StoreError `bad_path_component` unless `tag` is 1–128 characters of [A-Za-z0-9._-]. */
export function assertTag(tag: string): void {
  if (!TAG.test(tag))
    throw new StoreError("bad_path_component", tag, `piece tag ${JSON.stringify(tag)} is not 1–128 of [A-Za-z0-9._-]`);
}

/** The folder of one table of one partition, relative to the store (POSIX separators). */
export function partitionDir(table: TableKind, securityCode: string, date: string): string {
  assertSecurityCode(securityCode);
  assertDate(date);
  return `${table}/security=${securityCode}/date=${date}`;
}

/** The file name of the `n`-th piece (0-based flush counter) written under `tag`. */
export function pieceName(tag: string, n: number): string {
  assertTag(tag);
  return `part-${tag}-${n}.parquet`;
}

/** Takes a piece file name apart; undefined for anything else (temp files, foreign files). */
export function parsePieceName(name: string): PieceName | undefined {
  const m = PIECE.exec(name);
  return m === null ? undefined : { name, tag: m[1] as string, n: Number(m[2]) };
}

/** Compares digit runs by value and the rest by code unit: `part-2-0` < `part-10-0`. */
export function naturalCompare(a: string, b: string): number {
  const ta = a.split(/(\d+)/);
  const tb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i] as string;
    const y = tb[i] as string;
    if (x === y) continue;
    if (i % 2 === 1) {
      // Digit runs: compare by value without going through a number (runs may be long).
      const xs = x.replace(/^0+(?=\d)/, "");
      const ys = y.replace(/^0+(?=\d)/, "");
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** Orders pieces as the rows were read: by tag (natural order), then flush counter. */
export function comparePieces(a: PieceName, b: PieceName): number {
  return naturalCompare(a.tag, b.tag) || a.n - b.n;
}

/** The pieces in one table folder of a partition, in read order; none when the folder is missing. */
export async function listPieces(storeDir: string, relDir: string): Promise<PieceName[]> {
  const names = await readdir(join(storeDir, relDir)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  return piecesOf(names);
}

/**
 * {@link listPieces} with one synchronous readdir: for checks of many partitions in a row, where the
 * promise's round trip through libuv's pool cost more than the call (a notebook's aggregate over
 * 4,000 jobs spent a second of CPU in 24,000 async readdirs).
 */
export function listPiecesSync(storeDir: string, relDir: string): PieceName[] {
  try {
    return piecesOf(readdirSync(join(storeDir, relDir)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

function piecesOf(names: readonly string[]): PieceName[] {
  return names
    .map(parsePieceName)
    .filter((p): p is PieceName => p !== undefined)
    .sort(comparePieces);
}

/** Sub-folder names `<key>=<value>` of a folder, as values (sorted); none when the folder is missing. */
export async function listKeyDirs(dir: string, key: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  const prefix = `${key}=`;
  return entries
    .filter((e) => e.isDirectory() && e.name.startsWith(prefix))
    .map((e) => e.name.slice(prefix.length))
    .sort();
}
