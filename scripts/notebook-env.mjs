// Shared setup of the notebook scripts (kernel:install, report, repl) and of the notebook tests:
// where things are, the system tools they need (checked, installed with apt when root, else a
// message naming the packages), and the `sweeplab` package link that notebooks import from.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The Debian Jupyter (not a pyenv/venv python3 that may come first on PATH). */
export const JUPYTER = "/usr/bin/jupyter";
/** The Debian Chromium. */
export const CHROMIUM = "/usr/bin/chromium";
/** The project's kernel, as named in `kernels/` and in every notebook's metadata. */
export const KERNEL_NAME = "sweeplab-tslab";

/** The system tools, how to check each one, and the Debian packages that provide it. */
export const TOOLS = {
  jupyter: {
    what: `${JUPYTER} with nbconvert and nbclient`,
    packages: ["python3-nbclient", "jupyter-core", "jupyter-client", "jupyter-nbconvert"],
    ok: () =>
      existsSync(JUPYTER) &&
      spawnSync(JUPYTER, ["nbconvert", "--version"], { stdio: "ignore" }).status === 0 &&
      spawnSync("/usr/bin/python3", ["-c", "import nbclient"], { stdio: "ignore" }).status === 0,
  },
  chromium: {
    what: CHROMIUM,
    packages: ["chromium"],
    ok: () => existsSync(CHROMIUM) && spawnSync(CHROMIUM, ["--version"], { stdio: "ignore" }).status === 0,
  },
  // tests/cluster/slurm.test.ts: a one-node Slurm cluster with its own munged.
  slurm: {
    what: "Slurm (slurmctld, slurmd, sbatch) and munged",
    packages: ["slurm-wlm", "munge"],
    ok: () =>
      ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/sbin/mungekey", "/usr/bin/sbatch"].every(
        (p) => existsSync(p),
      ),
  },
};

/** The apt command line that installs `packages` (`sudo ` before each apt-get with `sudo`). */
export function installCommand(packages, sudo = "") {
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(" ")}`;
}

/**
 * Makes sure the named tools (keys of TOOLS) are there. Missing ones are installed with apt-get when
 * this process is root and apt-get exists; otherwise (or if that fails) returns an error message
 * naming exactly what to install. Returns undefined when everything is there.
 */
export function ensureTools(names, { install = true, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const missing = names.filter((n) => !TOOLS[n].ok());
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.flatMap((n) => TOOLS[n].packages))];
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (install && root && existsSync("/usr/bin/apt-get")) {
    log(`installing ${packages.join(" ")} (missing: ${missing.map((n) => TOOLS[n].what).join(", ")})`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const r = spawnSync("/bin/sh", ["-c", installCommand(packages)], { stdio: ["ignore", "ignore", "inherit"], env });
    if (r.status === 0 && missing.every((n) => TOOLS[n].ok())) return undefined;
  }
  return (
    `missing ${missing.map((n) => TOOLS[n].what).join(" and ")}: install the Debian packages ` +
    `${packages.join(" ")} with\n  ${installCommand(packages, "sudo ")}`
  );
}

/** Exits with the message of ensureTools when a tool is missing. */
export function requireTools(names) {
  const problem = ensureTools(names);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}

/** Exits with a message when the toolkit is not built (notebooks and the REPL import dist/). */
export function requireBuild() {
  if (!existsSync(join(ROOT, "dist", "index.js"))) {
    process.stderr.write("dist/index.js is missing: run `npm run build` first\n");
    process.exit(1);
  }
}

/**
 * Links `<dir>/node_modules/sweeplab` to the repository root, so that a notebook in `dir` imports
 * the built toolkit by its package name (tslab compiles each notebook with its own folder as root
 * and resolves packages from there, through package.json `main`/`types` → dist/). Idempotent.
 */
export function linkPackage(dir = join(ROOT, "notebooks")) {
  const link = join(dir, "node_modules", "sweeplab");
  const target = relative(dirname(link), ROOT) || ".";
  const current = lstatSync(link, { throwIfNoEntry: false });
  if (current?.isSymbolicLink() === true && readlinkSync(link) === target) return link;
  if (current !== undefined) rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, "junction");
  return link;
}

/** The environment for Jupyter: JUPYTER_PATH first lists the repository (its kernels/ holds our kernel). */
export function jupyterEnv(extra = {}) {
  const paths = [ROOT, ...(process.env.JUPYTER_PATH ?? "").split(delimiter).filter((p) => p !== "")];
  return { ...process.env, JUPYTER_PATH: paths.join(delimiter), PYDEVD_DISABLE_FILE_VALIDATION: "1", ...extra };
}
