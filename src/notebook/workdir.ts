import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { FrameError } from "../frames/frame-error.js";
import { checkOptionKeys } from "../frames/option-keys.js";
import { alive } from "../pipeline/alive.js";

/** Options of {@link workDir}. */
export interface WorkDirOptions {
  /** Remove what the folder holds first (default false: a rerun reuses the outputs, skipping what is current). */
  fresh?: boolean;
}

/*
 * The scratch root of this process. A fixed `<tmp>/sweeplab-notebooks` was shared by every process
 * of the machine: two `npm run report` (or two kernels, a kernel and a REPL) running one notebook
 * at once wrote into, and with `fresh` emptied, each other's folders. Each process now has its own
 * root, `<tmp>/sweeplab-notebooks-<pid>-XXXXXX`, made on the first call and removed when the process
 * exits; a root left by a process that died without exiting (SIGKILL, a kernel killed by Jupyter)
 * is removed by the next process of this host that makes one.
 */
const PREFIX = "sweeplab-notebooks-";
const OWNER = ".sweeplab-owner";
let processRoot: string | undefined;

/** Removes the roots under `tmp` of processes of this host that no longer run (best effort). */
function removeStaleRoots(tmp: string): void {
  let names: string[];
  try {
    names = readdirSync(tmp).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(tmp, name);
    try {
      // `<host> <pid>`: a root of another host sharing the folder, or of another pid namespace
      // (a container), is not judged by this host's processes.
      const [host, pid] = readFileSync(join(dir, OWNER), "utf8").trim().split(" ");
      if (host !== hostname() || !/^\d+$/.test(pid ?? "") || Number(pid) === process.pid || alive(Number(pid)))
        continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // no marker (being made, or not ours), or not removable: leave it
    }
  }
}

/** This process's own scratch root, made on first use and removed when the process exits. */
function ownRoot(): string {
  if (processRoot !== undefined) return processRoot;
  const tmp = tmpdir();
  removeStaleRoots(tmp);
  const root = mkdtempSync(join(tmp, `${PREFIX}${process.pid}-`));
  writeFileSync(join(root, OWNER), `${hostname()} ${process.pid}\n`);
  processRoot = root;
  process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  return root;
}

/**
 * A scratch folder for a notebook's outputs, outside the repository: `$SWEEPLAB_WORK_DIR/<name>`
 * (kept, and shared by every process given that variable), or else `<name>` under a root of this
 * process's own, `<os temp dir>/sweeplab-notebooks-<pid>-XXXXXX`, which no other process writes into
 * and which is removed when the process (kernel, REPL, script) exits. Created; `name` may hold `/`.
 * Notebooks write their run outputs and generated data here, never into the repository tree.
 * Throws `FrameError` `bad_argument` for a name that is empty or leads out of the root (`..`), or
 * an option it does not take (`{ Fresh: true }`, as typed at the REPL, emptied nothing) or a
 * `fresh` that is not true or false.
 */
export function workDir(name: string, options: WorkDirOptions = {}): string {
  if (typeof name !== "string")
    throw new FrameError("bad_argument", `workDir: expected a folder name (workDir("mine")), got ${typeof name}`);
  checkOptionKeys("workDir", options, ["fresh"]);
  const fresh: unknown = options.fresh;
  if (fresh !== undefined && typeof fresh !== "boolean")
    throw new FrameError("bad_argument", `workDir: fresh must be true or false, got ${typeof fresh}`);
  const env = process.env.SWEEPLAB_WORK_DIR;
  const root = resolve(env !== undefined && env !== "" ? env : ownRoot());
  const dir = resolve(root, name);
  const rel = relative(root, dir);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new FrameError("bad_argument", `workDir: "${name}" is not a folder inside ${root}: name a subfolder`);
  if (fresh === true) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
