import { mkdir, readdir, rename, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { jobKeyString, type JobKey } from "../../config/index.js";
import { removeTree } from "../../io/atomic.js";
import { jobDir } from "../../io/outputs/job-outputs.js";
import type { ShardRef } from "../manifest.js";

/**
 * The folder beside `by_security/` where a run keeps the complete job folders of earlier runs that
 * are not part of its own job set (another selection of securities or dates): `set_aside/SEC_<code>/<date>/`.
 * No documented reader globs it; a later run whose job set holds one moves it back (and skips it
 * when its record is current for that run, as for any job).
 */
export const SET_ASIDE = "set_aside";

/** The folder a job set aside by {@link settleJobFolders} is in: `<outputDir>/set_aside/SEC_<code>/<date>/`. */
export function setAsideJobDir(outputDir: string, securityCode: string, date: string): string {
  return join(outputDir, SET_ASIDE, relative(join(outputDir, "by_security"), jobDir(outputDir, securityCode, date)));
}

/** What {@link settleJobFolders} did, in job folders. */
export interface SettleOutcome {
  /** Moved from by_security/ to set_aside/ (complete, of data still in the store, not this run's). */
  setAside: number;
  /** Moved back from set_aside/ to by_security/ (a job of this run). */
  restored: number;
  /** Removed: incomplete (no job.json) or of data no longer in the store. */
  removed: number;
}

/** What {@link settleJobFolders} settles for. */
export interface SettleFor {
  /** The run's job set: the job matrix (for a job shard, the whole matrix, before slicing). */
  matrix: readonly JobKey[];
  /** The jobs this process runs: the matrix, or a shard's slice of it. */
  mine: readonly JobKey[];
  /** The `SEC|date` keys of the partitions in the store. */
  inStore: ReadonlySet<string>;
  /** A job shard: it settles only its share of the folders outside the matrix (see `shareOf`). */
  shard?: ShardRef;
}

/**
 * The shard of `count` that settles a job folder outside the matrix: by a hash of its key, so that
 * shards running at once over one folder never touch the same folder and every one is settled by
 * exactly one of them (the matrix's own jobs are settled by the shard whose slice holds them).
 */
export function shareOf(key: string, count: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h % count;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The `{ key, dir }` of every `SEC_<code>/<YYYY-MM-DD>/` folder under root (nothing else is touched). */
async function keyFolders(root: string): Promise<{ key: string; dir: string }[]> {
  const out: { key: string; dir: string }[] = [];
  for (const sec of (await subfolders(root)).filter((n) => n.startsWith("SEC_")))
    for (const date of (await subfolders(join(root, sec))).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)))
      out.push({ key: jobKeyString({ securityCode: sec.slice(4), date }), dir: join(root, sec, date) });
  return out;
}

const complete = (dir: string): Promise<boolean> =>
  stat(join(dir, "job.json")).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * Removes the folder `dir` (already gone is fine), then its parents up to (not including) `stop`
 * while they are empty; with no `stop`, its parents stay (a job shard: see {@link settleJobFolders}).
 */
async function removeUp(dir: string, stop: string | undefined): Promise<void> {
  await removeTree(dir);
  if (stop === undefined) return;
  for (let d = dirname(dir); d.startsWith(stop + sep); d = dirname(d)) {
    const code = await rmdir(d).then(
      () => undefined,
      (e: unknown) => (e as NodeJS.ErrnoException).code,
    );
    if (code !== undefined && code !== "ENOENT") return;
  }
}

/** Moves a job folder to `to` (replacing what is there), then removes the parents it leaves empty up to `stop` (none without one). */
async function move(from: string, to: string, stop: string | undefined): Promise<void> {
  await removeTree(to);
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
  await removeUp(from, stop);
}

/** Removes the empty `SEC_*` folders under root (those job shards left: a whole run's clean-up). */
async function pruneEmpty(root: string): Promise<void> {
  for (const sec of (await subfolders(root)).filter((n) => n.startsWith("SEC_")))
    await rmdir(join(root, sec)).catch(() => undefined);
}

/**
 * Makes `<outputDir>/by_security/` hold only the run's own job set, before its jobs are planned, so
 * that a glob over it (`by_security/*\/*\/simulation.parquet`, REFERENCE "Job outputs") never mixes
 * in a job an earlier run left: a job folder outside `run.matrix` is moved to `set_aside/` when it
 * is complete and its partition is still in the store (another selection may want it back), else
 * removed (incomplete, or its data gone from the inputs); a job of `run.mine` set aside earlier is
 * moved back (unless by_security/ holds a complete one, which is newer), to be checked like any
 * other; a set-aside job whose partition left the store is removed. A job shard settles only its
 * share (`shareOf`, its own slice for the matrix's jobs), so shards at once never meet; and it
 * removes no shared parent (`by_security/SEC_<code>/`, `set_aside/` and its `SEC_<code>/`), which
 * another shard may have just made for a move or a job of its own: it leaves them, empty, to the
 * next whole run or `sweeplab aggregate` (no shard runs beside those), which remove every empty one.
 * Every move is one rename: a stop leaves each job folder whole, in one place or the other.
 */
export async function settleJobFolders(outputDir: string, run: SettleFor): Promise<SettleOutcome> {
  const outcome: SettleOutcome = { setAside: 0, restored: 0, removed: 0 };
  const matrix = new Set(run.matrix.map(jobKeyString));
  const mine = new Set(run.mine.map(jobKeyString));
  const shard = run.shard;
  // A shard removes no parent folder (shared with the shards beside it); a whole run up to the roots.
  const upTo = (root: string): string | undefined => (shard === undefined ? root : undefined);
  const mineOutside = (key: string): boolean => shard === undefined || shareOf(key, shard.count) === shard.index;
  const jobsRoot = join(outputDir, "by_security");
  const asideRoot = join(outputDir, SET_ASIDE);
  const asideDir = (dir: string): string => join(asideRoot, dir.slice(jobsRoot.length + 1));
  for (const { key, dir } of await keyFolders(jobsRoot)) {
    if (matrix.has(key) || !mineOutside(key)) continue;
    if (run.inStore.has(key) && (await complete(dir))) {
      await move(dir, asideDir(dir), upTo(jobsRoot));
      outcome.setAside++;
    } else {
      await removeUp(dir, upTo(jobsRoot));
      outcome.removed++;
    }
  }
  for (const { key, dir } of await keyFolders(asideRoot)) {
    const back = join(jobsRoot, dir.slice(asideRoot.length + 1));
    if (mine.has(key)) {
      if (await complete(back)) {
        await removeUp(dir, upTo(asideRoot));
        outcome.removed++;
      } else {
        await move(dir, back, upTo(asideRoot));
        outcome.restored++;
      }
    } else if (!matrix.has(key) && mineOutside(key) && !run.inStore.has(key)) {
      await removeUp(dir, upTo(asideRoot));
      outcome.removed++;
    }
  }
  // A whole run: the empty SEC_* folders shards left, and the set_aside folder itself, once empty.
  if (shard === undefined) {
    await pruneEmpty(jobsRoot);
    await pruneEmpty(asideRoot);
    await rmdir(asideRoot).catch(() => undefined);
  }
  return outcome;
}
