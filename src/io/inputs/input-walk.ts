/**
 * Walking the inputs of a run or scan (files, folders, globs) into candidate files, each reached
 * once: folders are searched recursively for `.csv` / `.csv.gz` files, links are followed once (a
 * folder reached again, or a link back to a folder above it, is reported and not walked again),
 * output folders are not entered. Which table each candidate holds is decided by its header
 * (inputs.ts), not here.
 */

import { access, readdir, realpath, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import fg from "fast-glob";
import { OUTPUT_MARKER } from "../outputs/output-marker.js";

// The file every sweeplab output folder holds: a folder holding it is never read as input.
export { OUTPUT_MARKER };

/** Files a folder search picks up (case-insensitive): CSV, plain or gzip. */
export const TABLE_FILE = /\.csv(\.gz)?$/i;

/**
 * Files a folder search lists as ignored, never silently passes by: table data packed or saved in a
 * form the reader does not read (`orders.zip`, `trades.csv.bz2`, `nbbo.tsv`, `orders.gz`).
 */
export const UNREAD_DATA_FILE = /(\.csv\.[^./]+|\.(zip|bz2|xz|zst|7z|rar|tar|tgz|gz|tsv|parquet))$/i;

const UNREAD_REASON = "not read: only .csv and .csv.gz files are read (unpack or convert it)";
const NOT_REGULAR_REASON = "not read: not a regular file (a named pipe, socket or device)";

/**
 * Why a folder was not walked: `output_folder` (holds {@link OUTPUT_MARKER}, or `run_manifest.json`:
 * an output folder of a version before the marker), `run_output` (the
 * run's own output folder), `same_folder` (given twice, or reached again through a link), `link_loop` (a link back
 * to a folder above it).
 */
export type SkipCode = "output_folder" | "run_output" | "same_folder" | "link_loop";

/** A folder not walked, with the reason in words. */
export interface SkippedFolder {
  path: string;
  code: SkipCode;
  reason: string;
}

/** A file met while walking the inputs, before its header is read. */
export interface Candidate {
  /** The path as reached from the input (the input's spelling, then names below it). */
  path: string;
  /** Its real path (links resolved). */
  real: string;
  /** Index of the input it was reached from. */
  input: number;
  /** Named explicitly as a file input (not found in a folder or by a glob). */
  named: boolean;
  /** Reached without any link on the way (`path` resolves to `real`). */
  direct: boolean;
}

/** What walking the inputs found. */
export interface WalkResult {
  candidates: Candidate[];
  skipped: SkippedFolder[];
  /**
   * Entries that could not be walked or read (broken links, unreadable folders, data files in a
   * form not read: {@link UNREAD_DATA_FILE}), with the reason.
   */
  unreadable: { file: string; reason: string }[];
  /** Inputs (by index) that met nothing at all: no such path, a folder without a `.csv` file, a glob matching nothing. */
  empty: number[];
}

/** A run's manifest: marks an output folder written before {@link OUTPUT_MARKER} existed. */
const LEGACY_MARKER = "run_manifest.json";

/** The output marker a folder holds (the current one, else the legacy one), if any. */
async function markerIn(dir: string): Promise<string | undefined> {
  for (const name of [OUTPUT_MARKER, LEGACY_MARKER]) {
    const found = await access(join(dir, name)).then(
      () => true,
      () => false,
    );
    if (found) return name;
  }
  return undefined;
}

/** Why a folder is an output folder. */
interface OutputKind {
  code: SkipCode;
  reason: string;
}

const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(outer + sep);
const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const errCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

class Walker {
  readonly result: WalkResult = { candidates: [], skipped: [], unreadable: [], empty: [] };
  private readonly visited = new Map<string, string>();
  private readonly deferred: { path: string; input: number }[] = [];
  private readonly markerCache = new Map<string, OutputKind | undefined>();
  /** Inputs (by index) that met anything: a file, a folder not walked, an unreadable entry. */
  readonly touched = new Set<number>();

  constructor(private readonly outputReal: string | undefined) {}

  async file(path: string, input: number, named: boolean): Promise<void> {
    const real = await realpath(path);
    this.result.candidates.push({ path, real, input, named, direct: resolve(path) === real });
    this.touched.add(input);
  }

  /** Walks the folders reached through links last, so that a direct path is the one kept. */
  async folder(path: string, input: number, viaLink: boolean): Promise<void> {
    if (viaLink) this.deferred.push({ path, input });
    else await this.walk(path, input);
  }

  async drain(): Promise<void> {
    for (let next = this.deferred.shift(); next !== undefined; next = this.deferred.shift())
      await this.walk(next.path, next.input);
  }

  /** Why the folder `real` is an output folder, if it is (cached). */
  async outputKind(real: string): Promise<OutputKind | undefined> {
    if (this.markerCache.has(real)) return this.markerCache.get(real);
    const marker = real === this.outputReal ? undefined : await markerIn(real);
    const kind: OutputKind | undefined =
      real === this.outputReal
        ? { code: "run_output", reason: "the run's own output folder: not read" }
        : marker === undefined
          ? undefined
          : { code: "output_folder", reason: `a sweeplab output folder (holds ${marker}): not read` };
    this.markerCache.set(real, kind);
    return kind;
  }

  private async walk(path: string, input: number): Promise<void> {
    const real = await realpath(path);
    const seen = this.visited.get(real);
    if (seen !== undefined) {
      const parent = await realpath(dirname(path)).catch(() => undefined);
      this.touched.add(input);
      this.result.skipped.push(
        parent !== undefined && within(parent, real)
          ? { path, code: "link_loop", reason: `a link back to ${seen}: not followed` }
          : {
              path,
              code: "same_folder",
              reason: path === seen ? "given twice: read once" : `the same folder as ${seen}: read once`,
            },
      );
      return;
    }
    this.visited.set(real, path);
    const out = await this.outputKind(real);
    if (out !== undefined) {
      this.touched.add(input);
      this.result.skipped.push({ path, ...out });
      return;
    }
    let entries;
    try {
      entries = (await readdir(path, { withFileTypes: true })).sort(byName);
    } catch (e) {
      this.touched.add(input);
      this.result.unreadable.push({ file: path, reason: `folder cannot be read (${errCode(e)})` });
      return;
    }
    const base = path.replace(/\/+$/, "");
    for (const e of entries) {
      const p = `${base}/${e.name}`;
      if (e.isDirectory()) await this.walk(p, input);
      else if (e.isFile()) {
        if (TABLE_FILE.test(e.name)) await this.file(p, input, false);
        else if (UNREAD_DATA_FILE.test(e.name)) {
          this.touched.add(input);
          this.result.unreadable.push({ file: p, reason: UNREAD_REASON });
        }
      } else if (e.isSymbolicLink()) {
        const s = await stat(p).catch(() => undefined);
        if (s?.isDirectory() === true) await this.folder(p, input, true);
        else if (s?.isFile() === true && TABLE_FILE.test(e.name)) await this.file(p, input, false);
        else if (TABLE_FILE.test(e.name)) {
          // A broken link, or one to a named pipe, socket or device: listed, never passed over silently.
          this.touched.add(input);
          const reason = s === undefined ? "a broken link: its target does not exist" : NOT_REGULAR_REASON;
          this.result.unreadable.push({ file: p, reason });
        }
      } else if (TABLE_FILE.test(e.name)) {
        // A named pipe, socket or device under a table's name: listed, never passed over silently.
        this.touched.add(input);
        this.result.unreadable.push({ file: p, reason: NOT_REGULAR_REASON });
      }
    }
  }

  /** A glob's matches, leaving out those inside an output folder below the glob's fixed part. */
  async glob(pattern: string, input: number): Promise<void> {
    const matches = (await fg(pattern, { onlyFiles: true, followSymbolicLinks: false })).sort();
    const fixed = resolve(staticPart(pattern));
    for (const m of matches) {
      let skippedBy: { dir: string; kind: OutputKind } | undefined;
      for (let d = resolve(dirname(m)); within(d, fixed) && skippedBy === undefined; d = dirname(d)) {
        const kind = await this.outputKind(await realpath(d));
        if (kind !== undefined) skippedBy = { dir: d, kind };
        if (d === dirname(d)) break;
      }
      if (skippedBy === undefined) {
        await this.file(m, input, false);
      } else {
        const { dir, kind } = skippedBy;
        this.touched.add(input);
        if (!this.result.skipped.some((s) => resolve(s.path) === dir)) this.result.skipped.push({ path: dir, ...kind });
      }
    }
  }
}

/** The leading path segments of a glob that hold no pattern characters, unescaped ("." if none). */
function staticPart(pattern: string): string {
  const parts = pattern.split("/");
  const i = parts.findIndex((p) => p !== "" && fg.isDynamicPattern(p));
  const fixed = (i < 0 ? parts.slice(0, -1) : parts.slice(0, i)).join("/").replace(/\\(.)/g, "$1");
  return fixed === "" ? (pattern.startsWith("/") ? "/" : ".") : fixed;
}

/**
 * Walks `inputs` (a file, a folder searched recursively for `.csv`/`.csv.gz` names of any case, or a
 * glob) into candidate files in walk order: inputs in order, a folder's entries sorted by name,
 * folders reached through links after the direct ones. `outputDir` (the run's own output folder)
 * and any folder holding {@link OUTPUT_MARKER} are not entered; each such folder, each folder met
 * again and each link loop is listed in `skipped`. A glob does not descend into linked folders.
 */
export async function walkInputs(inputs: readonly string[], outputDir?: string): Promise<WalkResult> {
  const outputReal = outputDir === undefined ? undefined : await realpath(outputDir).catch(() => resolve(outputDir));
  const w = new Walker(outputReal);
  for (const [i, input] of inputs.entries()) {
    const s = await stat(input).catch(() => undefined);
    if (s?.isFile() === true) await w.file(input, i, true);
    else if (s?.isDirectory() === true) await w.folder(input, i, resolve(input) !== (await realpath(input)));
    else await w.glob(input, i);
  }
  await w.drain();
  for (const i of inputs.keys()) if (!w.touched.has(i)) w.result.empty.push(i);
  return w.result;
}
