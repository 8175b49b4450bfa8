import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { tmp } from "../helpers.js";
import { tempFiles } from "../pipeline/mounts.js";

// Ctrl-C on a real `sweeplab run` process (built dist/): a SIGINT during the jobs phase, not an
// AbortSignal handed in by a test. README "What happens when things go wrong" promises exit 130,
// no half-written file, and a rerun that finishes the work with the same tables as a clean run.

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
const STACK = /^\s+at /m;

function configFile(data: string, out: string): string {
  const file = join(tmp("sweeplab-interrupt-cfg-"), "run.json");
  const config = { inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out, workers: 1 };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Every file under `dir/aggregated`, name → bytes. */
function aggregated(dir: string): Map<string, Buffer> {
  const root = join(dir, "aggregated");
  return new Map(readdirSync(root).map((f) => [f, readFileSync(join(root, f))]));
}

/** Runs `sweeplab run` and sends it `sig` once its first job folder exists. */
function interruptedRun(
  config: string,
  out: string,
  sig: NodeJS.Signals = "SIGINT",
): Promise<{ code: number | null; out: string; err: string; sent: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "run", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let stdout = "";
    let sent = false;
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    const poll = setInterval(() => {
      if (!sent && existsSync(join(out, "by_security"))) {
        sent = true;
        child.kill(sig);
      }
    }, 10);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ code, out: stdout, err, sent });
    });
  });
}

describe("Ctrl-C on `sweeplab run` (a real SIGINT to the CLI process)", () => {
  let data = "";
  beforeAll(async () => {
    data = tmp("sweeplab-interrupt-data-");
    // 40 jobs of ~10k orders on one worker: the jobs phase lasts long enough to be interrupted.
    await generate({ orders: 400_000, securities: 4, dates: 10, seed: 29, outDir: data });
  }, 120_000);

  it("exits 130 with a one-line notice, leaves no temp file, and a rerun gives a clean run's tables", async () => {
    const out = join(tmp("sweeplab-interrupt-"), "out");
    const config = configFile(data, out);
    const r = await interruptedRun(config, out);
    expect(r.sent, "the run ended before its first job folder appeared").toBe(true);
    expect(r.code, r.err).toBe(130);
    expect(r.err).toContain("stopping: letting running writes finish, no half-written file is left");
    expect(r.err).not.toMatch(STACK);
    expect(tempFiles(out)).toEqual([]);
    expect(existsSync(join(out, "aggregated")), "an interrupted run aggregates nothing").toBe(false);
    // Its summary ends saying so and how to go on, not "outputs in … aggregated/".
    expect(r.out).toMatch(
      /\ninterrupted \(Ctrl-C\): \d+ of 40 jobs done; no aggregated tables written\. Run the same command again to finish: finished work is kept and skipped\n$/,
    );
    expect(r.out).not.toContain("aggregated/)");

    const rerun = spawnSync(process.execPath, [BIN, "run", "--config", config], { encoding: "utf8" });
    expect(rerun.status, rerun.stderr).toBe(0);
    const clean = join(tmp("sweeplab-interrupt-clean-"), "out");
    const once = spawnSync(process.execPath, [BIN, "run", "--config", configFile(data, clean)], { encoding: "utf8" });
    expect(once.status, once.stderr).toBe(0);
    const a = aggregated(out);
    const b = aggregated(clean);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [name, bytes] of b) expect(a.get(name)?.equals(bytes), name).toBe(true);
  }, 180_000);

  it("SIGTERM (kill, Slurm's scancel or time limit) stops it as Ctrl-C does: exit 143, its line, the lock released", async () => {
    const out = join(tmp("sweeplab-sigterm-"), "out");
    const config = configFile(data, out);
    const r = await interruptedRun(config, out, "SIGTERM");
    expect(r.sent, "the run ended before its first job folder appeared").toBe(true);
    expect(r.code, r.err).toBe(143);
    expect(r.err).toContain("SIGTERM: stopping: letting running writes finish, no half-written file is left");
    expect(r.err).not.toMatch(STACK);
    expect(tempFiles(out)).toEqual([]);
    expect(existsSync(join(out, ".sweeplab.lock")), "the folder's lock is released").toBe(false);
    expect(r.out).toMatch(
      /\nstopped \(SIGTERM\): \d+ of 40 jobs done; no aggregated tables written\. Run the same command again to finish: finished work is kept and skipped\n$/,
    );
    const rerun = spawnSync(process.execPath, [BIN, "run", "--config", config], { encoding: "utf8" });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/jobs: \d+ done, \d+ skipped \(already current\), 0 failed of 40/);
  }, 180_000);
});
