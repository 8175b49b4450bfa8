import { SweeplabError } from "../../model/errors.js";
import { readFileSync } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TEMP_PREFIX, writeFileAtomic } from "../atomic.js";

/**
 * The file that marks a folder as a sweeplab output folder. The toolkit deletes or overwrites files
 * (the store, rejects, temp files) only inside a folder holding it, and input discovery skips such
 * folders. Its content is the tool name and version, nothing else (deterministic outputs).
 */
export const OUTPUT_MARKER = ".sweeplab-output.json";

/** Whether a name is one of sweeplab's lock files or takeover guards (`.sweeplab.…`), or a temp file. */
const isOwnName = (name: string): boolean => name.startsWith(".sweeplab.") || name.startsWith(TEMP_PREFIX);

/** How many of the entries found in a refused folder its message names. */
const NAMED_ENTRIES = 3;

/** An output folder that exists, holds files, and was not created by sweeplab: it is never written to. */
export class OutputNotOursError extends SweeplabError {
  override readonly name = "OutputNotOursError";
  readonly code = "output_not_ours";
  constructor(
    readonly folder: string,
    /** Some of the entries found in it (sorted, at most a few), folders with a trailing `/`. */
    readonly entries: readonly string[],
    /** How many entries the folder holds. */
    readonly entryCount: number,
    /** What to do, ending the message (a command without `--output` says what it takes instead). */
    remedy = "choose a new or empty output folder",
  ) {
    const more = entryCount > entries.length ? `, … (${entryCount} entries)` : "";
    const holds = entries.length === 0 ? "" : `holds ${entries.join(", ")}${more} and `;
    super(
      `${resolve(folder)}: not a sweeplab output folder (it ${holds}has no ${OUTPUT_MARKER}); ` +
        `sweeplab writes only into a new or empty folder, or one it created, and never cleans anything else — ` +
        remedy,
    );
  }
}

let markerText: string | undefined;

/** The marker's content: `{"tool":"sweeplab","version":"<package.json version>"}` and a newline. */
export function outputMarkerText(): string {
  if (markerText === undefined) {
    // src/io/ and dist/io/ are both two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      name: string;
      version: string;
    };
    markerText = JSON.stringify({ tool: pkg.name, version: pkg.version }) + "\n";
  }
  return markerText;
}

/** Whether `folder` holds the output marker (a missing folder does not). */
export async function isMarkedOutput(folder: string): Promise<boolean> {
  const s = await stat(join(folder, OUTPUT_MARKER)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
    throw e;
  });
  return s !== undefined;
}

/**
 * Throws {@link OutputNotOursError} (`output_not_ours`) unless `folder` is marked as a sweeplab output
 * folder: the last check before deleting anything in it (the store, rejects).
 */
export async function assertOurOutput(folder: string): Promise<void> {
  if (await isMarkedOutput(folder)) return;
  const names = (await readdir(folder, { withFileTypes: true }).catch(() => []))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  throw new OutputNotOursError(folder, names.slice(0, NAMED_ENTRIES), names.length);
}

/**
 * Makes sure sweeplab may write into `folder` before a run, partition, aggregate or scan writes
 * anything there: a missing folder is created and marked ({@link OUTPUT_MARKER}); an existing empty
 * one (or one holding only sweeplab's lock or temp files) is marked; a marked one is ours. An existing folder that holds anything and no marker is
 * refused with {@link OutputNotOursError} (code `output_not_ours`) and left exactly as it is.
 * Several processes may claim the same folder at once. Errors: `output_not_ours` (also when `folder`
 * or a folder above it is a file), and other file system errors.
 */
export async function claimOutputFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (e) {
    throw notAFolder(e, folder) ?? e;
  }
  if (await isMarkedOutput(folder)) return;
  // Lock files (`.sweeplab.lock`, `.sweeplab.shard-i-of-N.lock`, their takeover guards) and temp files
  // (`.sweeplab-tmp-*`, e.g. another process's marker being written) are sweeplab's own: a lock taken
  // with `acquireRunLock` alone, or a claim running at the same moment, does not make a folder foreign.
  const entries = (await readdir(folder, { withFileTypes: true })).filter((e) => !isOwnName(e.name));
  if (entries.length > 0) {
    // Another process claiming the folder at the same time (e.g. partition slices started together)
    // may have marked it, and begun writing, between the check above and the listing.
    if (await isMarkedOutput(folder)) return;
    const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
    throw new OutputNotOursError(folder, names.slice(0, NAMED_ENTRIES), names.length);
  }
  // Temp file + rename: a crash leaves no empty or partial marker (only a temp file, removed by the
  // next run), and processes claiming the same folder at once each put the same bytes in place.
  await writeFileAtomic(join(folder, OUTPUT_MARKER), outputMarkerText());
}

/**
 * The `output_not_ours` error of making the output folder `folder` when a file is where it, or a
 * folder above it, would be (mkdir's `EEXIST` / `ENOTDIR`), saying so and what to do; undefined for
 * any other error.
 */
export function notAFolder(e: unknown, folder: string): OutputNotOursError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "EEXIST" && code !== "ENOTDIR") return undefined;
  const err = new OutputNotOursError(folder, [], 0);
  err.message =
    `${resolve(folder)}: not a folder (${code === "EEXIST" ? "a file of that name is there" : "a file is on its path"}); ` +
    "choose a new or empty output folder";
  return err;
}
