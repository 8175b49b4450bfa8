import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Options of {@link workDir}. */
export interface WorkDirOptions {
  /** Remove what the folder holds first (default false: a rerun reuses the outputs, skipping what is current). */
  fresh?: boolean;
}

/**
 * A scratch folder for a notebook's outputs, outside the repository: `$SWEEPLAB_WORK_DIR/<name>`,
 * or `<os temp dir>/sweeplab-notebooks/<name>` (created; `name` may hold `/`). Notebooks write their
 * run outputs and generated data here, never into the repository tree.
 */
export function workDir(name: string, options: WorkDirOptions = {}): string {
  const root = process.env.SWEEPLAB_WORK_DIR ?? join(tmpdir(), "sweeplab-notebooks");
  const dir = resolve(root, name);
  if (!dir.startsWith(resolve(root))) throw new Error(`workDir: "${name}" leaves ${root}`);
  if (options.fresh === true) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
