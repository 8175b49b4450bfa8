import { SweeplabError } from "../model/errors.js";
import { alive } from "./alive.js";
import { shardTag } from "../config/index.js";
import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { link, mkdir, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** Another live run holds the output folder. */
export class RunLockedError extends SweeplabError {
  override readonly name = "RunLockedError";
  readonly code = "run_locked";
  constructor(
    readonly lockPath: string,
    readonly holder: LockInfo,
  ) {
    const who = holder.pid > 0 ? `pid ${holder.pid} on ${holder.host}` : `starting on ${holder.host} right now`;
    const mine = holder.pid === process.pid && holder.host === hostname(); // a notebook kernel, the REPL
    super(
      mine
        ? `${lockPath}: another sweeplab run of this same process (${who}: a run still going in this notebook, ` +
            `REPL or script) is using this output folder; await its handle or cancel() it, or use another output folder.`
        : `${lockPath}: another sweeplab run (${who}) is using this output folder; ` +
            `wait for it to finish, or use another --output. If that run is gone, delete the lock file.`,
    );
  }
}

/** What a lock file records (on disk also a random `token` naming this one lock). */
export interface LockInfo {
  pid: number;
  host: string;
}

/** A held lock; {@link RunLock.release} removes it. `tookOver` says a stale lock was replaced. */
export interface RunLock {
  path: string;
  tookOver: LockInfo | undefined;
  /** Removes the lock file (if it is still this lock's; a lock already gone is fine). */
  release(): Promise<void>;
}

/** A lock file as read: who holds it, whether that holder is gone, and which lock it is. */
export interface LockState {
  info: LockInfo;
  /** The holder is gone: a dead pid on this host, or an unreadable file older than a few seconds. */
  stale: boolean;
  /** Names this one lock file: its token, or a hash of its bytes for a lock without one. */
  id: string;
}

/** An unparsable lock younger than this is being written right now (its writer is alive). */
const HALF_WRITTEN_MS = 10_000;
/** Bounds the retries of one acquisition, and the nesting of takeover guards (see {@link take}). */
const MAX_ATTEMPTS = 4;

/** Who takes a shard lock: a job shard (`run --shard`) or a partition slice (`partition --shard`). */
export type LockRole = "run" | "partition";

/** The main lock's file name, or a job shard's, or a partition slice's (`role` "partition"). */
export function lockName(shard?: { index: number; count: number }, role: LockRole = "run"): string {
  if (shard === undefined) return ".sweeplab.lock";
  return `.sweeplab.${shardTag(shard, role === "partition" ? "partition" : "shard")}.lock`;
}

/** A lock file's content as the toolkit writes it: `{"pid":…,"host":"…","token":"…"}`. */
const LockText = z.object({
  pid: z.number().int(),
  host: z.string(),
  token: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional()
    .catch(undefined),
});

/** The lock text, or undefined when it is not (yet) a whole lock: created but not written, or damaged. */
function parseLockText(raw: string): z.infer<typeof LockText> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const r = LockText.safeParse(json);
  return r.success ? r.data : undefined;
}

/** Reads a lock (or takeover guard) file; undefined when there is none. Errors: file system errors. */
export async function readLock(path: string): Promise<LockState | undefined> {
  let raw: string;
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(path)).mtimeMs;
    raw = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const here = hostname();
  const parsed = parseLockText(raw);
  const id = parsed?.token ?? createHash("sha256").update(raw).digest("hex").slice(0, 16);
  if (parsed === undefined) {
    // Created but not yet written (the writer is between `open` and `write`), or damaged: only its
    // age can tell; a writer that died before writing it leaves it stale after a few seconds.
    return { info: { pid: -1, host: here }, stale: Date.now() - mtimeMs > HALF_WRITTEN_MS, id };
  }
  const info = { pid: parsed.pid, host: parsed.host };
  return { info, stale: info.host === here && (info.pid <= 0 || !alive(info.pid)), id };
}

/** Where a lock's text is written before it is linked into place (see {@link createExclusive}). */
const pendingName = (path: string): string => `${path}.new-${randomBytes(6).toString("hex")}`;

/**
 * Creates `path` with `text` only if it does not exist; false when it does (or when the file it was
 * about to link was removed as a dead starter's: the caller looks again).
 *
 * The text is written to a file of its own first and then hard-linked to `path` (`link` fails with
 * EEXIST when `path` exists, atomically). So a lock file is never seen empty or half written: a run
 * killed at any instant leaves either no lock, or a whole one whose dead pid marks it stale at once.
 * (With `open(path, "wx")` and then a write, a kill in between left an empty lock that blocked every
 * run for seconds as "starting right now".) On a file system without hard links, falls back to that.
 */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const pending = pendingName(path);
  try {
    await writeWhole(pending, "wx", text);
  } catch (e) {
    await rm(pending, { force: true }).catch(() => undefined);
    throw e;
  }
  try {
    await link(pending, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOENT") return false;
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS") return createInPlace(path, text);
    throw e;
  } finally {
    await rm(pending, { force: true });
  }
}

/** `open(path, flags)`, write `text`, close; a write that fails (a full disk) removes the file. */
async function writeWhole(path: string, flags: string, text: string): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.writeFile(text);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(path, { force: true }).catch(() => undefined);
    throw e;
  }
  await fh.close();
}

/** The fallback of {@link createExclusive} where hard links are not supported: `wx`, then write. */
async function createInPlace(path: string, text: string): Promise<boolean> {
  try {
    await writeWhole(path, "wx", text);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

type Taken = { won: true; tookOver: LockInfo | undefined } | { won: false; holder: LockInfo };

/**
 * Creates the lock file `path` for this process (`text`), replacing a stale one.
 *
 * Why a guard: deleting a stale lock and creating a new one are two steps. Two starters that both
 * read the same stale lock would each delete "it" — the second one deleting the first one's brand
 * new lock — and both win. So a stale lock may only be removed by the one process holding the
 * takeover guard of *that very lock* (`<path>.takeover-<id>`, created with `wx`, `id` being the
 * stale lock's random token), and only after re-reading the lock under the guard and finding the
 * same stale lock still there. Nothing else ever deletes a lock but its live holder, so the check
 * cannot be overtaken: exactly one starter replaces each stale lock; the others see a live holder.
 * A plain `wx` create by a starter that read nothing stale competes fairly with the taker's `wx`.
 * The guard is a lock file like any other: a taker that crashes while holding it leaves a guard
 * with a dead pid, which is itself stale and taken over the same way (one level deeper) — no
 * timeout can mistake a slow live taker for a dead one. Only an unreadable file (created but not
 * yet written) is judged by its age.
 */
async function take(path: string, text: string, depth: number): Promise<Taken> {
  let tookOver: LockInfo | undefined;
  let last: LockInfo = { pid: -1, host: hostname() };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await createExclusive(path, text)) return { won: true, tookOver };
    const seen = await readLock(path);
    if (seen === undefined) continue; // released in between: try again
    last = seen.info;
    if (!seen.stale) return { won: false, holder: seen.info };
    if (depth >= MAX_ATTEMPTS) break;
    const guard = `${path}.takeover-${seen.id}`;
    const g = await take(guard, text, depth + 1);
    // Another live process is replacing this stale lock right now: it is the next holder.
    if (!g.won) return { won: false, holder: g.holder };
    try {
      const again = await readLock(path);
      if (again !== undefined && again.id === seen.id && again.stale) {
        await rm(path, { force: true });
        tookOver = seen.info;
      }
      if (await createExclusive(path, text)) return { won: true, tookOver };
    } finally {
      await rm(guard, { force: true });
    }
  }
  return { won: false, holder: last };
}

/**
 * Removes the takeover guards of lock `name` left by takers that died (a `kill -9` in the middle of
 * a takeover), so that a rerun leaves no trace of the crash. Safe once the lock is held: a guard
 * only protects the removal of the stale lock it is named after, which is gone by then, and the
 * guard of a live taker is left to it.
 */
async function removeDeadGuards(outputDir: string, name: string): Promise<void> {
  for (const entry of await readdir(outputDir)) {
    const guard = entry.startsWith(`${name}.takeover-`);
    if (!guard && !entry.startsWith(`${name}.new-`)) continue;
    const path = join(outputDir, entry);
    const state = await readLock(path);
    // A pending lock text (`.new-*`, see createExclusive) of a starter killed before linking it is
    // removed even while unreadable: a live starter whose file goes missing simply looks again.
    if (state?.stale === true || (!guard && state?.info.pid === -1)) await rm(path, { force: true });
  }
}

/**
 * Takes the lock of an output folder (`.sweeplab.lock`, or one per shard: `.sweeplab.shard-i-of-N.lock`,
 * or per partition slice with `role` "partition": `.sweeplab.partition-i-of-N.lock`, since shards
 * and slices share the folder by design). A lock whose process is gone (a run killed with SIGKILL)
 * on this host is stale and taken over — by exactly one of any number of simultaneous starters (see
 * the takeover guard in `take`); a live one throws {@link RunLockedError} (code `run_locked`).
 * A lock from another host is respected: this machine cannot tell whether that run is alive.
 */
export async function acquireRunLock(
  outputDir: string,
  shard?: { index: number; count: number },
  role: LockRole = "run",
): Promise<RunLock> {
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, lockName(shard, role));
  const token = randomBytes(12).toString("hex");
  const text = JSON.stringify({ pid: process.pid, host: hostname(), token }) + "\n";
  const taken = await take(path, text, 0);
  if (!taken.won) throw new RunLockedError(path, taken.holder);
  await removeDeadGuards(outputDir, lockName(shard, role));
  return {
    path,
    tookOver: taken.tookOver,
    release: async () => {
      const now = await readLock(path);
      if (now === undefined) return; // removed by hand: nothing of ours left
      if (now.id !== token)
        throw new Error(
          `${path}: the lock of this run was replaced by pid ${now.info.pid} on ${now.info.host} while the run held it ` +
            `(was the lock file deleted by hand?); that run's outputs may overlap this one's`,
        );
      await rm(path, { force: true });
    },
  };
}

/**
 * Runs `body` and then releases `lock`, whatever happened. A failed release never hides the error of
 * `body`: that error is thrown, with the release error appended to its message; a release error
 * after a successful `body` is thrown itself.
 */
export async function withLock<T>(lock: RunLock, body: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await body();
  } catch (e) {
    try {
      await lock.release();
    } catch (releaseError) {
      const also = `(also: releasing the lock ${lock.path} failed: ${(releaseError as Error).message ?? String(releaseError)})`;
      if (e instanceof Error) e.message = `${e.message} ${also}`;
      else process.emitWarning(also);
    }
    throw e;
  }
  await lock.release();
  return result;
}
