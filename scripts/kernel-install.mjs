// npm run kernel:install — registers the project's tslab kernel with the user's Jupyter (no IPython
// needed: the kernel spec is written here, with absolute paths) and links the `sweeplab` package
// for the notebooks. Afterwards `jupyter lab notebooks/` offers "TypeScript (sweeplab)".
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JUPYTER, KERNEL_NAME, ROOT, linkPackage, requireTools } from "./notebook-env.mjs";

requireTools(["jupyter"]);
const link = linkPackage();
const spec = JSON.parse(readFileSync(join(ROOT, "kernels", KERNEL_NAME, "kernel.json"), "utf8"));
// The committed spec finds tslab through {resource_dir} (the repo's kernels/ folder); an installed
// copy lives elsewhere, so it gets absolute paths, and this node.
spec.argv = [
  process.execPath,
  "--import",
  join(ROOT, "kernels", KERNEL_NAME, "error-output.mjs"),
  join(ROOT, "node_modules", "tslab", "bin", "tslab"),
  "kernel",
  "--config-path",
  "{connection_file}",
];
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
      `notebooks import the toolkit as "sweeplab" through ${link}\n` +
      `start Jupyter with:  jupyter lab notebooks/   (or: jupyter notebook notebooks/)\n`,
  );
} finally {
  rmSync(join(dir, ".."), { recursive: true, force: true });
}
