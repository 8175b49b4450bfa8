import { SweeplabError } from "../model/errors.js";
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { lockName, readLock, type LockInfo, type LockRole } from "./lock.js";

/** A lock file found held by a live process (or by one on another host, which cannot be checked). */
export interface HeldLock {
  path: string;
  holder: LockInfo;
  /** The shard (or partition slice) the lock is of, as its file name says ({@link liveShardLocks}). */
  shard?: { index: number; count: number };
}

/**
 * The partition store is in use by the other side: a rebuild (a `partition`, or a whole run whose
 * store is not current) found shards or partition slices running on it; a shard or slice found a
 * partition or whole run holding the output folder (it may rebuild the store under it); a slice
 * about to write found job shards reading the store; a seal found slices still writing; an
 * aggregation found job shards still writing jobs (`side` "aggregate": it would aggregate the jobs
 * done at that instant, one of them perhaps half rewritten); or a whole run found them (`side`
 * "run": both would write the same jobs).
 */
export class StoreBusyError extends SweeplabError {
  override readonly name = "StoreBusyError";
  readonly code = "store_busy";
  constructor(
    readonly storeDir: string,
    readonly held: readonly HeldLock[],
    readonly side: "rebuild" | "shard" | "slice" | "seal" | "aggregate" | "run",
  ) {
    const who = held.map((h) => `${h.path} (pid ${h.holder.pid} on ${h.holder.host})`).join(", ");
    const gone = "(if they are gone, delete their lock files)";
    super(
      side === "aggregate" || side === "run"
        ? `${dirname(storeDir)}: cannot ${side === "run" ? "run every job" : "aggregate"} while job shards are still running on ` +
            `this output folder: ${shardList(held)}; wait for them to finish, or stop them ${gone}, then ${side} again; ` +
            (side === "run" ? "nothing was written" : "aggregated/ was left as it was")
        : side === "rebuild"
          ? `${storeDir}: cannot rebuild the partition store while shards are running on it: ${who}; ` +
            `wait for the shards to finish ${gone}, then partition again`
          : side === "shard"
            ? `${storeDir}: a sweeplab partition, run or aggregate holds this output folder and may rebuild the store under ` +
              `this shard: ${who}; start the shards once it has finished (if it is gone, delete the lock file)`
            : side === "slice"
              ? `${storeDir}: cannot write a partition slice while job shards read the store: ${who}; ` +
                `wait for them to finish ${gone}, then rerun the slice`
              : `${storeDir}: cannot seal while partition slices are still writing: ${who}; ` +
                `wait for them to finish ${gone}, then seal again`,
    );
  }
}

/** `shard 1/3 (pid 42 on h, lock /o/.sweeplab.shard-1-of-3.lock), …`: the shards by number, their holders and locks. */
function shardList(held: readonly HeldLock[]): string {
  return held
    .map((h) => {
      const which = h.shard === undefined ? "shard" : `shard ${h.shard.index}/${h.shard.count}`;
      return `${which} (pid ${h.holder.pid} on ${h.holder.host}, lock ${h.path})`;
    })
    .join(", ");
}

const SHARD_LOCK = /^\.sweeplab\.(shard|partition)-(\d+)-of-(\d+)\.lock$/;

/**
 * The shard locks of `outputDir` held by live processes (or by another host's), sorted by name:
 * job shards' (`run --shard`) and partition slices' (`partition --shard`) with `which` "all", or
 * only one kind ("run" | "partition").
 */
export async function liveShardLocks(outputDir: string, which: "all" | LockRole = "all"): Promise<HeldLock[]> {
  const prefix = which === "all" ? ".sweeplab." : `.sweeplab.${which === "run" ? "shard" : "partition"}-`;
  const names = (await readdir(outputDir)).filter((n) => SHARD_LOCK.test(n) && n.startsWith(prefix)).sort();
  const held: HeldLock[] = [];
  for (const name of names) {
    const path = join(outputDir, name);
    const state = await readLock(path);
    const [, , index, count] = SHARD_LOCK.exec(name) ?? [];
    if (state !== undefined && !state.stale)
      held.push({ path, holder: state.info, shard: { index: Number(index), count: Number(count) } });
  }
  return held;
}

/**
 * Before the store of `outputDir` is deleted and rebuilt: throws {@link StoreBusyError} (`store_busy`)
 * when a live shard holds its lock. Call it while holding the main lock: a shard checks the main
 * lock after taking its own ({@link assertNoRebuild}), so of a rebuild and a shard starting at the
 * same time at least one sees the other's lock and refuses.
 */
export async function assertNoLiveShards(outputDir: string, storeDir: string): Promise<void> {
  const held = await liveShardLocks(outputDir);
  if (held.length > 0) throw new StoreBusyError(storeDir, held, "rebuild");
}

/**
 * For a shard, after taking its own lock: throws {@link StoreBusyError} (`store_busy`) when a live
 * partition or whole run holds the main lock of `outputDir` (it may rebuild the store).
 */
export async function assertNoRebuild(outputDir: string, storeDir: string): Promise<void> {
  const path = join(outputDir, lockName());
  const state = await readLock(path);
  if (state !== undefined && !state.stale) throw new StoreBusyError(storeDir, [{ path, holder: state.info }], "shard");
}

/**
 * Before aggregating (`side` "aggregate") or running every job (`side` "run") of `outputDir`, while
 * holding its main lock: throws {@link StoreBusyError} (`store_busy`) naming the job shards (`run --shard`)
 * whose live processes hold their locks; they may be writing jobs right now. A dead shard's stale
 * lock does not count. A shard checks the main lock after taking its own ({@link assertNoRebuild}),
 * so of an aggregation and a shard starting at the same time at least one sees the other and refuses.
 */
export async function assertNoJobShards(
  outputDir: string,
  storeDir: string,
  side: "aggregate" | "run" = "aggregate",
): Promise<void> {
  const held = await liveShardLocks(outputDir, "run");
  if (held.length > 0) throw new StoreBusyError(storeDir, held, side);
}
