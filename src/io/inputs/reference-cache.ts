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

const loaded = new Map<string, Entry>();

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
 * call loads again and reports what is wrong then. Errors: those of `load`.
 */
export async function loadOnce<T>(
  kind: string,
  path: string,
  load: (p: string) => Promise<T>,
  copy: (v: T) => T,
): Promise<T> {
  const key = `${kind}\u0000${path}`;
  const stamp = await stampOf(path);
  if (stamp === undefined) return load(path); // missing or unreadable: the loader says why
  const hit = loaded.get(key);
  if (hit?.stamp === stamp) return copy(await (hit.value as Promise<T>));
  const value = load(path);
  loaded.set(key, { stamp, value });
  try {
    return copy(await value);
  } catch (e) {
    if (loaded.get(key)?.value === value) loaded.delete(key);
    throw e;
  }
}
