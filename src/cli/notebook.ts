import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { shellWord } from "../config/index.js";
import { UsageError } from "./args.js";

/** The checkout the CLI runs from (dist/cli/ → the package root). */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The project's Jupyter kernel, as named in kernels/ and in every notebook's metadata. */
const KERNEL = { name: "sweeplab-tslab", display_name: "TypeScript (sweeplab)", language: "typescript" };

/** Help of `sweeplab notebook`. */
export const NOTEBOOK_HELP = `Usage: sweeplab notebook install
       sweeplab notebook new <folder> [--from 01-quickstart] [--name <file>.ipynb] [--force]

install   register the Jupyter kernel "TypeScript (sweeplab)" for this user (same as
          npm run kernel:install): a notebook in any folder imports "sweeplab" and "danfojs-node"
new       create <folder> (if needed) with a starter notebook copied from one of the shipped
          notebooks (notebooks/<name>.ipynb; default 01-quickstart), outputs cleared, the kernel
          set, the sample data paths absolute, so that it runs from anywhere

Options of new:
  --from <name>    the shipped notebook to start from: 01-quickstart, 02-scaling,
                   03-real-vs-simulated, 04-rerun-a-subset, 05-participants-and-time
                   (a unique prefix is enough: --from 03)
  --name <file>    the new notebook's file name (default: the shipped notebook's)
  --force          replace a notebook of that name in <folder>
`;

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

/** The shipped notebook `from` names (a unique prefix of a file name in notebooks/). */
function shippedNotebook(from: string): string {
  const dir = join(ROOT, "notebooks");
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ipynb")) : [];
  const wanted = from.replace(/\.ipynb$/, "");
  const exact = names.find((f) => f === `${wanted}.ipynb`);
  const matches = exact !== undefined ? [exact] : names.filter((f) => f.startsWith(wanted));
  if (matches.length !== 1 || matches[0] === undefined) {
    const list = names.map((f) => f.replace(/\.ipynb$/, "")).join(", ");
    throw new UsageError(
      `--from ${from}: ${matches.length === 0 ? "no" : "more than one"} shipped notebook matches (there are: ${list || "none"})`,
    );
  }
  return join(dir, matches[0]);
}

/** A code cell's source with the relative `sample_data/…` paths made absolute to this checkout. */
function absolutePaths(source: string): string {
  const sample = join(ROOT, "sample_data");
  return source.replace(/(["'`])(?:\.\/)?sample_data(?=[/"'`])/g, (_m, quote: string) => `${quote}${sample}`);
}

/** The starter notebook made from the shipped one at `file`. */
export function starterNotebook(file: string): Record<string, unknown> {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[]; metadata?: Record<string, unknown> };
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.source = absolutePaths([cell.source].flat().join(""));
    cell.outputs = [];
    cell.execution_count = null;
  }
  const note: Cell & { id: string } = {
    cell_type: "markdown",
    id: "sweeplab-starter",
    metadata: {},
    source:
      `*Started from sweeplab's \`notebooks/${basename(file)}\` (${ROOT}). The toolkit is imported as ` +
      `\`"sweeplab"\` by the kernel "${KERNEL.display_name}"; the sample data is in \`${join(ROOT, "sample_data")}\`. ` +
      `Outputs go to \`workDir(name)\`, outside this folder.*`,
  };
  return { ...nb, cells: [note, ...nb.cells], metadata: { ...nb.metadata, kernelspec: KERNEL } };
}

/** Where `jupyter kernelspec install --user` puts kernels: $JUPYTER_DATA_DIR, else the platform's user data folder. */
function userKernelsDir(): string {
  const home = homedir();
  const data =
    process.env.JUPYTER_DATA_DIR ??
    (process.platform === "darwin"
      ? join(home, "Library", "Jupyter")
      : join(process.env.XDG_DATA_HOME ?? join(home, ".local", "share"), "jupyter"));
  return join(data, "kernels");
}

/**
 * A line when the user's registered kernel runs another checkout than this one (its notebooks would
 * import that checkout's toolkit, not this one's); "" when it runs this one or none is registered.
 */
function kernelNote(): string {
  let argv: unknown;
  try {
    argv = (JSON.parse(readFileSync(join(userKernelsDir(), KERNEL.name, "kernel.json"), "utf8")) as { argv?: unknown })
      .argv;
  } catch {
    return "";
  }
  const args: unknown[] = Array.isArray(argv) ? (argv as unknown[]) : [];
  const launcher = args.find((a): a is string => typeof a === "string" && a.endsWith("kernel-launch.mjs"));
  if (launcher === undefined) return "";
  const root = resolve(dirname(launcher), "..");
  if (root === resolve(ROOT)) return "";
  return (
    `note: the registered kernel "${KERNEL.display_name}" runs ${root}, not this checkout (${resolve(ROOT)}); ` +
    `register this one with:  sweeplab notebook install\n`
  );
}

function newNotebook(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: "string", default: "01-quickstart" },
      name: { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError("new needs one <folder>");
  const source = shippedNotebook(values.from);
  const dir = resolve(positionals[0]);
  const name = values.name ?? basename(source);
  if (!name.endsWith(".ipynb") || name.includes("/"))
    throw new UsageError(`--name ${name}: a file name ending in .ipynb`);
  const target = join(dir, name);
  if (existsSync(target) && !values.force) {
    throw new UsageError(`${target} exists: choose another --name, or --force to replace it`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(target, JSON.stringify(starterNotebook(source), null, 1) + "\n");
  // The commands below paste into a shell: a path with a space or a quote is quoted.
  const [d, t, root] = [dir, target, resolve(ROOT)].map(shellWord);
  process.stdout.write(
    `created ${target} (from notebooks/${basename(source)})\n` +
      `open it:  jupyter lab ${d}   (or: jupyter notebook ${d}), kernel "${KERNEL.display_name}"\n` +
      // A plain `jupyter nbconvert --to html` leaves the plotly charts out; the report draws them offline.
      `run it headless into an HTML report with its charts:  npm --prefix ${root} run report -- ${t} --out ${d}\n` +
      `the kernel not listed? register it once with:  sweeplab notebook install   (npm run kernel:install)\n` +
      kernelNote(),
  );
  return 0;
}

function install(argv: string[]): number {
  if (argv.length > 0) throw new UsageError(`install takes no arguments, got "${argv.join(" ")}"`);
  const script = join(ROOT, "scripts", "kernel-install.mjs");
  if (!existsSync(script)) {
    process.stderr.write(`sweeplab notebook install: ${script} is missing (it ships with a checkout of sweeplab)\n`);
    return 1;
  }
  return spawnSync(process.execPath, [script], { stdio: "inherit" }).status ?? 1;
}

/** `sweeplab notebook install | new <folder>`: the kernel for notebooks anywhere, and a starter notebook. */
export function notebookCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "--help" || sub === "-h") {
    process.stdout.write(NOTEBOOK_HELP);
    return Promise.resolve(0);
  }
  if (sub === "new") return Promise.resolve(newNotebook(rest));
  if (sub === "install") return Promise.resolve(install(rest));
  return Promise.reject(new UsageError(sub === undefined ? "say install or new" : `unknown subcommand "${sub}"`));
}
