import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TEMP_PREFIX } from "../../src/io/atomic.js";
import { tmp } from "../helpers.js";

/**
 * Fails (never skips) when not root: the full-disk and read-only tests mount file systems, which
 * only root can do. CI runs as root; chmod is no substitute (root ignores it).
 */
export function requireRoot(): void {
  if (process.getuid?.() !== 0)
    throw new Error(
      "this test needs root: it mounts a small tmpfs (a real full disk) and a read-only bind mount; run the tests as root (CI does)",
    );
}

/** A mounted file system for a test; `unmount` in afterAll. */
export interface TestMount {
  dir: string;
  unmount(): void;
}

/** A fresh tmpfs of `size` (mount's syntax: "256k", "4m") at a new temporary folder: a real disk that fills up. */
export function mountTmpfs(size: string): TestMount {
  requireRoot();
  const dir = tmp("sweeplab-tmpfs-");
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]);
  return { dir, unmount: () => execFileSync("umount", ["-l", dir]) };
}

/** A read-only bind mount of a new empty folder (EROFS on any write, root included). */
export function mountReadOnly(): TestMount {
  requireRoot();
  const src = tmp("sweeplab-ro-src-");
  mkdirSync(join(src, "inside"));
  const dir = tmp("sweeplab-ro-");
  execFileSync("mount", ["--bind", src, dir]);
  execFileSync("mount", ["-o", "remount,bind,ro", dir]);
  return { dir, unmount: () => execFileSync("umount", ["-l", dir]) };
}

/** Fills the file system of `dir` to the last byte (a real ENOSPC for every later write); returns the filler files. */
export function fillDisk(dir: string): string[] {
  const files: string[] = [];
  for (let size = 64 << 20; size >= 512; size >>= 1) {
    const f = join(dir, `filler-${size}.bin`);
    files.push(f);
    try {
      writeFileSync(f, Buffer.alloc(size));
    } catch {
      // ENOSPC: what fitted of this size stays; try smaller pieces.
    }
  }
  return files;
}

/** The toolkit's temp files (`.sweeplab-tmp-*`, TEMP_PREFIX) anywhere under `dir`. */
export function tempFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) =>
    (f.split("/").pop() ?? "").startsWith(TEMP_PREFIX),
  );
}
