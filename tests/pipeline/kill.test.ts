import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TEMP_PREFIX } from "../../src/io/atomic.js";
import { tmp } from "../helpers.js";
import { mulberry32 } from "../fixtures/prng.js";
import { diffSnapshots, smallData, snapshot } from "./helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
let data = "";
let reference = new Map<string, Buffer>();

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

/** A point in a run, observed on disk: after the n-th store piece, job.json or aggregated table appears. */
interface KillPoint {
  kind: "piece" | "job" | "table";
  n: number;
}

function count(dir: string, match: (name: string) => boolean): number {
  try {
    return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => match(f.split("/").pop() ?? ""))
      .length;
  } catch {
    return 0;
  }
}

function reached(out: string, p: KillPoint): boolean {
  if (p.kind === "piece")
    return count(join(out, "store"), (f) => f.endsWith(".parquet") && !f.startsWith(TEMP_PREFIX)) >= p.n;
  if (p.kind === "job") return count(join(out, "by_security"), (f) => f === "job.json") >= p.n;
  return count(join(out, "aggregated"), (f) => f.endsWith(".csv") && !f.startsWith(TEMP_PREFIX)) >= p.n;
}

/**
 * Runs the CLI; with a kill point, SIGKILLs it as soon as the point is seen on disk (polled every
 * 2 ms), so the kill lands in the phase asked for whatever the machine's load. Resolves with its exit.
 */
function cli(
  configPath: string,
  out?: string,
  point?: KillPoint,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", "--config", configPath], { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    const poll =
      point === undefined || out === undefined
        ? undefined
        : setInterval(() => {
            if (reached(out, point)) child.kill("SIGKILL");
          }, 2);
    child.on("exit", (code, signal) => {
      if (poll !== undefined) clearInterval(poll);
      resolve({ code, signal, out: text });
    });
  });
}

/** 20 seeded kill points across the phases: partitioning (store pieces), jobs, aggregation. */
function killPoints(seed: number, n: number, pieces: number, jobs: number): KillPoint[] {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  return Array.from({ length: n }, (_, i): KillPoint => {
    const phase = i % 3;
    if (phase === 0) return { kind: "piece", n: int(1, pieces - 1) };
    if (phase === 1) return { kind: "job", n: int(1, jobs - 1) };
    return { kind: "table", n: int(1, 3) };
  });
}

let points: KillPoint[] = [];

beforeAll(async () => {
  data = await smallData(11);
  const out = tmp("sweeplab-ref-");
  const r = await cli(configFile(out));
  expect(r.code, r.out).toBe(0);
  reference = snapshot(out);
  const pieces = [...reference.keys()].filter((k) => k.startsWith("store/") && k.endsWith(".parquet")).length;
  const jobs = [...reference.keys()].filter((k) => k.endsWith("/job.json")).length;
  points = killPoints(2026, 20, pieces, jobs);
}, 120_000);

describe("a run killed with SIGKILL and rerun", () => {
  for (let i = 0; i < 20; i++) {
    it(`gives byte-identical outputs (kill point ${i + 1} of 20)`, { timeout: 120_000 }, async () => {
      const point = points[i]!;
      const out = tmp("sweeplab-kill-");
      const config = configFile(out);
      const killed = await cli(config, out, point);
      expect(killed.signal, `the first run must really be killed (${point.kind} ${point.n})`).toBe("SIGKILL");
      const rerun = await cli(config);
      expect(rerun.code, rerun.out).toBe(0);
      expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
    });
  }
});
