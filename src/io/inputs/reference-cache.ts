import { statSync } from "node:fs";
import { fingerprintFile } from "../store/fingerprint.js";

/*
 * The reference files a process loaded, kept while each file stays as it was: a notebook calls its
 * readers again and again, and each loaded every reference file anew (a sessions file of a year of
 * every book is about a million rows, ≈ 10 µs a row through csv-parse).
 */

interface Entry {
  /** The file's `fingerprintFile` (size, modification and change times, first and last 64 KiB) and inode when it was loaded. */
  stamp: string;
  value: Promise<unknown>;
}

/**
 * The files kept, most recently used last: at most {@link REFERENCE_CACHE_FILES}. A notebook that
 * generates data set after data set (each its own ob.csv) or points its runs at many reference
 * files kept every one it ever loaded, for the life of the kernel.
 */
const loaded = new Map<string, Entry>();
/** How many reference files a process keeps parsed (a run uses up to three). */
export const REFERENCE_CACHE_FILES = 8;

/** How many reference files are kept parsed now (for tests). */
export function referenceCacheSize(): number {
  return loaded.size;
}

/** Keeps `entry` under `key` as the most recently used, dropping the least recently used past the limit. */
function keep(key: string, entry: Entry): void {
  loaded.delete(key);
  loaded.set(key, entry);
  for (const oldest of loaded.keys()) {
    if (loaded.size <= REFERENCE_CACHE_FILES) break;
    loaded.delete(oldest);
  }
}

// The inode too (fingerprintFile leaves it out for the nodes of a cluster; one process sees one
// mount): a file renamed over this one within the clock tick of its last change keeps its times.
async function stampOf(path: string): Promise<string | undefined> {
  try {
    const fingerprint = await fingerprintFile(path);
    const { dev, ino } = statSync(path, { bigint: true });
    return `${fingerprint}:${dev}:${ino}`;
  } catch {
    return undefined;
  }
}

/**
 * `load(path)`, or what it gave for this `kind` and path before while the file's `fingerprintFile`
 * is the one seen then (its size, modification and change times — any write, rename over it or
 * chmod moves the change time — and its first and last 64 KiB, as for the inputs) and its inode (a
 * file renamed over it within one tick of the clock keeps its times). `copy` makes each caller its own value
 * from the kept one (callers may change what they get). A load that fails is not kept: the next
 * call loads again and reports what is wrong then; nor is a file found gone. At most
 * {@link REFERENCE_CACHE_FILES} files are kept, the least recently used dropped first. Errors: those
 * of `load`.
 */
export async function loadOnce<T>(
  kind: string,
  path: string,
  load: (p: string) => Promise<T>,
  copy: (v: T) => T,
): Promise<T> {
  const key = `${kind}\u0000${path}`;
  const stamp = await stampOf(path);
  if (stamp === undefined) {
    loaded.delete(key); // gone: nothing of it is kept
    return load(path); // missing or unreadable: the loader says why
  }
  const hit = loaded.get(key);
  if (hit?.stamp === stamp) {
    keep(key, hit);
    return copy(await (hit.value as Promise<T>));
  }
  const value = load(path);
  keep(key, { stamp, value });
  try {
    return copy(await value);
  } catch (e) {
    if (loaded.get(key)?.value === value) loaded.delete(key);
    throw e;
  }
}
