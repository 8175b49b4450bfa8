// npm run kernel:install (or `sweeplab notebook install`) — registers the project's tslab kernel with
// the user's Jupyter (no IPython needed: the kernel spec is written here, with absolute paths) and
// links the `sweeplab` package into notebooks/node_modules. The kernel is started by
// scripts/kernel-launch.mjs, which makes `sweeplab`, `danfojs-node` and their types resolve from a
// notebook in ANY folder (the spec's NODE_PATH). Afterwards Jupyter offers "TypeScript (sweeplab)".
// The spec goes where `jupyter kernelspec install --user` puts it: $JUPYTER_DATA_DIR/kernels when set.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { JUPYTER, KERNEL_NAME, ROOT, linkPackage, requireTools } from "./notebook-env.mjs";

requireTools(["jupyter"]);
const link = linkPackage();
const spec = JSON.parse(readFileSync(join(ROOT, "kernels", KERNEL_NAME, "kernel.json"), "utf8"));
// The committed spec finds the launcher through {resource_dir} (the repo's kernels/ folder); an
// installed copy lives elsewhere, so it gets absolute paths, and this node.
spec.argv = [
  process.execPath,
  "--import",
  join(ROOT, "kernels", KERNEL_NAME, "error-output.mjs"),
  join(ROOT, "scripts", "kernel-launch.mjs"),
  "kernel",
  "--config-path",
  "{connection_file}",
];
// Where the kernel finds packages when the notebook's own folder has none (the launcher adds the
// same two folders when NODE_PATH is unset).
spec.env = { NODE_PATH: [join(ROOT, "notebooks", "node_modules"), join(ROOT, "node_modules")].join(delimiter) };
delete spec.metadata;
const dir = join(mkdtempSync(join(tmpdir(), "sweeplab-kernel-")), KERNEL_NAME);
try {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  const r = spawnSync(JUPYTER, ["kernelspec", "install", "--user", "--replace", "--name", KERNEL_NAME, dir], {
    encoding: "utf8",
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  process.stdout.write(
    `registered the Jupyter kernel "${spec.display_name}" (${KERNEL_NAME}): ${r.stderr.trim().split("\n").pop()}\n` +
      `notebooks in any folder import the toolkit as "sweeplab" (and danfojs-node) through ${link}\n` +
      `start Jupyter with:  jupyter lab ${shellWord(join(ROOT, "notebooks"))}   (or: jupyter notebook ${shellWord(join(ROOT, "notebooks"))})\n` +
      `a notebook of your own:  npx sweeplab notebook new <folder>\n`,
  );
} finally {
  rmSync(join(dir, ".."), { recursive: true, force: true });
}

/** `path` as one shell word: as it is when it holds only safe characters, else in single quotes. */
function shellWord(path) {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
