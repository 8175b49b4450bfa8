import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every test's temporary folder (its `tmp()`, `os.tmpdir()`, the CLI processes it starts) goes under
 * one folder made for this test run, removed when the run ends: a suite run leaves nothing behind.
 * Before this, each run left some 4 GB in /tmp, and a machine that ran it a dozen times filled its
 * disk (CI then failed on ENOSPC in tests that had nothing wrong). Set SWEEPLAB_KEEP_TEST_TMP=1 to
 * keep the folder for a look after a failure; its path is printed.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "sweeplab-tests-"));
  process.env.TMPDIR = root;
  return () => {
    if (process.env.SWEEPLAB_KEEP_TEST_TMP === "1") {
      console.log(`test temporary files kept in ${root}`);
      return;
    }
    // A test stopped mid-way can leave its tmpfs or bind mount mounted: unmount before removing.
    for (const mount of mountsUnder(root).reverse()) {
      try {
        execFileSync("umount", ["-l", mount]);
      } catch {
        // Not ours to unmount (or gone already); rmSync below says if it matters.
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
}

/** Mount points under `root`, from /proc/mounts (empty where there is none). */
function mountsUnder(root: string): string[] {
  let text: string;
  try {
    text = readFileSync("/proc/mounts", "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .filter((point) => point.startsWith(`${root}/`));
}
