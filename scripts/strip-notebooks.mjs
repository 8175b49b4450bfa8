// npm run notebooks:strip [-- file.ipynb …] — clears the outputs and execution counts of the
// notebooks (all of notebooks/ by default), so that they are committed without outputs.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "./notebook-env.mjs";

const files =
  process.argv.length > 2
    ? process.argv.slice(2).map((f) => resolve(f))
    : readdirSync(join(ROOT, "notebooks"))
        .filter((f) => f.endsWith(".ipynb"))
        .map((f) => join(ROOT, "notebooks", f));
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const nb = JSON.parse(text);
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  const stripped = JSON.stringify(nb, null, 1) + "\n";
  if (stripped !== text) writeFileSync(file, stripped);
  process.stdout.write(`${stripped === text ? "clean   " : "stripped"} ${file}\n`);
}
