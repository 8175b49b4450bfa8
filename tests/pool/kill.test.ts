import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { diffSnapshots, smallData, snapshot } from "./helpers.js";
import { mulberry32 } from "../fixtures/prng.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
let data = "";
let reference = new Map<string, Buffer>();
let fullRunMs = 0;

/** A JSON run config for `out` in a file beside it. */
function configFile(out: string): string {
  const config = join(out, "..", `${out.split("/").pop()}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      inputs: [data],
      reference: { instruments: join(data, "ob.csv") },
      outputDir: out,
      workers: 2,
      retries: 0,
    }),
  );
  return config;
}

beforeAll(async () => {
  data = await smallData(11);
  const out = tmp("sweeplab-ref-");
  const t0 = performance.now();
  const r = await cli(configFile(out));
  fullRunMs = performance.now() - t0;
  expect(r.code, r.out).toBe(0);
  reference = snapshot(out);
}, 120_000);

/** Runs the CLI; with `killAfterMs`, SIGKILLs it then (if still running). Resolves with its exit. */
function cli(
  configPath: string,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", "--config", configPath], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("exit", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

/** `n` fractions in [0.05, 0.72], from a seeded mulberry32 stream. */
function killPoints(seed: number, n: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => Math.round((0.05 + 0.67 * next()) * 1000) / 1000);
}

describe("a run killed with SIGKILL and rerun", () => {
  // 20 seeded kill points over an uninterrupted run's duration (start-up, partitioning, jobs,
  // aggregation); the seed and the points are fixed so a failure names a reproducible point.
  for (const fraction of killPoints(2026, 20)) {
    it(
      `gives byte-identical outputs (killed at ${(fraction * 100).toFixed(1)}% of a full run)`,
      { timeout: 120_000 },
      async () => {
        const out = tmp("sweeplab-kill-");
        const config = configFile(out);
        const killed = await cli(config, Math.round(fraction * fullRunMs));
        expect(killed.signal, "the first run must really be killed mid-way").toBe("SIGKILL");
        const rerun = await cli(config);
        expect(rerun.code, rerun.out).toBe(0);
        expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
      },
    );
  }
});
