import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";

// `npm run report -- --help` lists the flags README.md and REFERENCE.md give `npm run report`, and a
// mistyped flag is one line and the usage (exit 2), not a stack trace. Neither needs Jupyter: both
// stop before a notebook runs.

const ROOT = join(import.meta.dirname, "..", "..");
const report = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "scripts", "report.mjs"), ...args], { encoding: "utf8" });

describe("npm run report: its flags", () => {
  it("--help prints every flag the docs use, exit 0", () => {
    const r = report("--help");
    expect(r.status, r.stderr).toBe(0);
    const docs = ["README.md", "REFERENCE.md"].map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
    const used = new Set<string>();
    for (const m of docs.matchAll(/npm run report -- [^\n`]*/g))
      for (const f of m[0].matchAll(/--[a-z][a-z-]*/g)) used.add(f[0]);
    for (const m of docs.matchAll(/`(--(?:param|no-code|jobs|timeout|startup-timeout|out))\b/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThanOrEqual(5);
    expect([...used].filter((f) => !r.stdout.includes(f))).toEqual([]);
  });

  it("an unknown flag: one line naming it, then the usage, exit 2", () => {
    const r = report("--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("npm run report: unknown option --bogus");
    expect(r.stderr).toContain("Usage: npm run report");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // `--jobs two` ran one notebook at a time without a word; `--timeout 20m` reached nbconvert,
  // which failed after Jupyter had started.
  it.each([
    ["--jobs", "two"],
    ["--jobs", "0"],
    ["--timeout", "20m"],
    ["--startup-timeout", "-5"],
  ])("%s %s: one line saying what is allowed, exit 2", (flag, value) => {
    // A notebook that does not exist: were the flag let through, the run would stop at once.
    const r = report(`${flag}=${value}`, "--out", tmp(), "no-such-notebook.ipynb");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`npm run report: ${flag} must be a whole number of at least 1, got "${value}"\n`);
  });
});
