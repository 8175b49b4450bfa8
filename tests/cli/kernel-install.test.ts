import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { requireTools } from "../notebook/tools.js";

// `sweeplab notebook install` from any folder (here an empty temporary one, the kernel registered into
// a temporary JUPYTER_DATA_DIR) prints how to start Jupyter on the shipped notebooks by their
// absolute path: "jupyter lab notebooks/" only worked from the checkout. Needs /usr/bin/jupyter (it
// fails at once naming the package when it is missing, as the notebook tests do, rather than skip).

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");

describe("sweeplab notebook install", () => {
  it("names the shipped notebooks by their absolute path, whatever the working folder", () => {
    requireTools("jupyter");
    const data = tmp("sweeplab-kernel-data-");
    const r = spawnSync(process.execPath, [BIN, "notebook", "install"], {
      encoding: "utf8",
      cwd: tmp(),
      env: { ...process.env, JUPYTER_DATA_DIR: data },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(data, "kernels", "sweeplab-tslab", "kernel.json"))).toBe(true);
    const notebooks = join(ROOT, "notebooks");
    expect(r.stdout).toContain(`start Jupyter with:  jupyter lab ${notebooks}   (or: jupyter notebook ${notebooks})\n`);
  }, 60_000);
});
