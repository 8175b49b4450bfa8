import { hostname } from "node:os";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

/** Another live run holds the output folder. */
export class RunLockedError extends Error {
  override readonly name = "RunLockedError";
  readonly code = "run_locked";
  constructor(
    readonly lockPath: string,
    readonly holder: LockInfo,
  ) {
    super(
      `${lockPath}: another sweeplab run (pid ${holder.pid} on ${holder.host}) is using this output folder; ` +
        `wait for it to finish, or use another --output. If that run is gone, delete the lock file.`,
    );
  }
}

/** What a lock file records. */
export interface LockInfo {
  pid: number;
  host: string;
}

/** A held lock; {@link RunLock.release} removes it. `tookOver` says a stale lock was replaced. */
export interface RunLock {
  path: string;
  tookOver: LockInfo | undefined;
  /** Removes the lock file. */
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock of an output folder (`.sweeplab.lock`, or one per shard: `.sweeplab.shard-i-of-N.lock`,
 * since shards share the folder by design). A lock whose process is gone (a run killed with SIGKILL)
 * on this host is stale and taken over; a live one throws {@link RunLockedError} (code `run_locked`).
 * A lock from another host is respected: this machine cannot tell whether that run is alive.
 */
export async function acquireRunLock(outputDir: string, shard?: { index: number; count: number }): Promise<RunLock> {
  await mkdir(outputDir, { recursive: true });
  const name = shard === undefined ? ".sweeplab.lock" : `.sweeplab.shard-${shard.index}-of-${shard.count}.lock`;
  const path = join(outputDir, name);
  const me: LockInfo = { pid: process.pid, host: hostname() };
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, "wx");
      await fh.writeFile(JSON.stringify(me) + "\n");
      await fh.close();
      return { path, tookOver, release: () => rm(path, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let holder: LockInfo;
    try {
      holder = JSON.parse(await readFile(path, "utf8")) as LockInfo;
    } catch {
      holder = { pid: -1, host: me.host }; // unreadable or half-written: its writer died
    }
    if (holder.host !== me.host || (holder.pid > 0 && alive(holder.pid))) throw new RunLockedError(path, holder);
    tookOver = holder;
    await rm(path, { force: true });
  }
  // Lost the race for a stale lock three times: another run is taking it right now.
  throw new RunLockedError(path, { pid: -1, host: me.host });
}
