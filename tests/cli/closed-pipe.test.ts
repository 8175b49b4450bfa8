import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");

/** Runs the CLI with `args`, closing the read end of its stdout after the first chunk (as `| head -1` does). */
function runClosingStdout(args: string[]): Promise<{ code: number | null; err: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let first = "";
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    child.stdout.once("data", (b: Buffer) => {
      first = b.toString("utf8");
      child.stdout.destroy();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, err, first }));
  });
}

describe("a command whose output pipe closes early (`sweeplab run | head -1`, built dist/)", () => {
  it("finishes its work: exit 0, no stack trace, the run's outputs and summary written", async () => {
    const out = join(tmp("sweeplab-pipe-"), "out");
    const r = await runClosingStdout(["run", "--output", out]);
    // Before: the first write after the reader left threw EPIPE as an unhandled 'error' event: a
    // stack trace, exit 1, the run killed after its partition phase.
    expect(r.first).toMatch(/^inputs: /);
    expect(r.err).not.toMatch(/EPIPE|^\s+at /m);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "run_summary.json"), "utf8")) as {
      jobs: { failed: number; done: number };
    };
    expect(summary.jobs.failed).toBe(0);
    expect(summary.jobs.done).toBeGreaterThan(0);
    expect(existsSync(join(out, "aggregated", "by_security.csv"))).toBe(true);
  }, 120_000);
});
