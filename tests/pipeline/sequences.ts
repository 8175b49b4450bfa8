/**
 * Randomised sequences of user actions over one output folder (issue 12's acceptance): runs with
 * config A, B or C (or A with other execution settings: chunk size, workers), subsets, shards,
 * partitions, aggregations, interrupts at random points (an abort in process, as Ctrl-C does;
 * SIGKILL of a CLI process), a full disk (when a tmpfs can be mounted), deleted or damaged job
 * files, a deleted store piece, stray temp files and stale locks, and inputs changed between runs
 * (rows appended, a file removed, renamed, copied or rewritten in its middle with its mtime put
 * back, a security's DecimalsInPrice, a session's start or a participant's name edited) and put
 * back as they were before the last run. After every sequence one clean run with config A must
 * leave outputs byte-identical to a fresh run with A.
 *
 * Shared by tests/pipeline/sequences.test.ts (a short seeded count in CI) and the long run
 * `npm run test:sequences` (SWEEPLAB_SEQUENCES / SWEEPLAB_SEQUENCE_SEED, REFERENCE.md "Tests" records the figures).
 */
import { spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { resolveConfig, type RunConfig } from "../../src/config/index.js";
import { runPipeline, type PipelineOptions } from "../../src/pipeline/run.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { mulberry32 } from "../fixtures/prng.js";
import { snapshot } from "./helpers.js";
import { changeInput, InputChanges } from "./sequence-inputs.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

/**
 * The configs of the sequences: B differs from A in analysis settings, C in the detail tables'
 * format and the duplicates policy; "A*" is A run with other execution settings (a 64 KiB chunk,
 * one worker), which must not change any output.
 */
export type ConfigName = "A" | "B" | "C" | "A*";

/** Where a sequence runs: the data, the output folder, and a folder that can be filled up. */
export interface SequenceEnv {
  data: string;
  /** The output folder of every run of the sequence (created fresh for each sequence). */
  out: string;
  /** When set, a tmpfs holding `out` that the `disk_full` action fills up. */
  tmpfs?: string;
  securities: string[];
  dates: string[];
}

/** A config A or B over the env's data, with optional overrides (subset, workers). */
export function sequenceConfig(env: SequenceEnv, name: ConfigName, over: Record<string, unknown> = {}): RunConfig {
  return resolveConfig(
    {
      inputs: [env.data],
      reference: { instruments: join(env.data, "ob.csv") },
      outputDir: env.out,
      workers: 2,
      jobTimeoutMs: 60_000,
      retries: 0,
      analysis:
        name === "B"
          ? { impactTicks: 3, sizeBands: { smallMax: 300, mediumMax: 1_500 } }
          : name === "C"
            ? { duplicates: "keep" }
            : {},
      ...(name === "C" ? { outputs: { detailFormat: "csv.gz" } } : {}),
      ...(name === "A*" ? { chunkSize: 64 * 1024, workers: 1 } : {}),
    },
    over,
  );
}

/**
 * An output folder as the sequences compare it: {@link snapshot} (run_*.json left out), with the
 * store manifest's `inputs` left out of `store/_store.json`: the fingerprints of the input files,
 * which hold their change time (ctime), new when a sequence put a changed input back as it was.
 */
export function sequenceSnapshot(dir: string): Map<string, Buffer> {
  const s = snapshot(dir);
  const key = join("store", "_store.json");
  const m = s.get(key);
  if (m !== undefined) {
    const { inputs: _inputs, ...rest } = JSON.parse(m.toString("utf8")) as Record<string, unknown>;
    s.set(key, Buffer.from(JSON.stringify(rest)));
  }
  return s;
}

/** What one action did, for the log of a failing sequence. */
export interface ActionLog {
  action: string;
  outcome: string;
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

function files(dir: string, match: (rel: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => match(f) && statSync(join(dir, f)).isFile())
    .sort();
}

function jobFolders(out: string): string[] {
  return files(join(out, "by_security"), (f) => f.endsWith("job.json")).map((f) =>
    join(out, "by_security", f.slice(0, -"/job.json".length)),
  );
}

/** An error a run may end with legitimately: typed (a string `code`), never a crash. */
function typed(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string") throw e;
  return `error ${code}`;
}

async function inProcess(
  config: RunConfig,
  options: PipelineOptions,
  abortAfterEvents: number | undefined,
): Promise<string> {
  const abort = new AbortController();
  let events = 0;
  try {
    const s = await runPipeline(config, {
      ...options,
      signal: abort.signal,
      onProgress: () => {
        if (abortAfterEvents !== undefined && ++events === abortAfterEvents) abort.abort(new Error("interrupted"));
      },
    });
    return `${abort.signal.aborted ? "aborted" : "ok"}: ${s.jobs?.done ?? "-"} done, ${s.jobs?.failed ?? "-"} failed`;
  } catch (e) {
    return typed(e);
  }
}

function cliKilled(env: SequenceEnv, name: ConfigName, afterMs: number): Promise<string> {
  const configPath = `${env.out}.${name.replace("*", "x")}.json`;
  const c = sequenceConfig(env, name);
  writeFileSync(
    configPath,
    JSON.stringify({
      inputs: c.inputs,
      reference: c.reference,
      outputDir: c.outputDir,
      workers: c.workers,
      chunkSize: c.chunkSize,
      retries: 0,
      analysis: c.analysis,
      outputs: c.outputs,
    }),
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", "--config", configPath], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), afterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(`cli exit ${code ?? signal}`);
    });
  });
}

/** Fills the tmpfs to the last byte; returns the filler's path. */
function fillDisk(tmpfs: string): string {
  const filler = join(tmpfs, "filler");
  const block = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) appendFileSync(filler, block);
  } catch {
    // ENOSPC: the disk is full, as meant.
  }
  const small = Buffer.alloc(1024, 1);
  try {
    for (;;) appendFileSync(filler, small);
  } catch {
    // full to the last kilobyte
  }
  return filler;
}

/** One random action against the env's output folder (or its inputs, when `inputs` is given). */
async function randomAction(env: SequenceEnv, rnd: Rnd, inputs: InputChanges | undefined): Promise<ActionLog> {
  const r = rnd();
  const name: ConfigName = r < 0.4 ? "A" : r < 0.7 ? "B" : r < 0.85 ? "C" : "A*";
  if (inputs !== undefined && rnd() < 0.18) return changeInput(env, rnd, inputs);
  const roll = rnd();
  const interrupt = rnd() < 0.4 ? 1 + Math.floor(rnd() * 12) : undefined;
  const label = (s: string): string => `${s} ${name}${interrupt === undefined ? "" : ` abort@${interrupt}`}`;
  if (roll < 0.3) {
    return { action: label("run"), outcome: await inProcess(sequenceConfig(env, name), {}, interrupt) };
  }
  if (roll < 0.45) {
    const over: Record<string, unknown> =
      rnd() < 0.5 ? { securities: [pick(rnd, env.securities)] } : { dates: [pick(rnd, env.dates)] };
    return {
      action: label(`subset ${JSON.stringify(over)}`),
      outcome: await inProcess(sequenceConfig(env, name, over), {}, interrupt),
    };
  }
  if (roll < 0.55) {
    const count = 2 + Math.floor(rnd() * 2);
    const index = Math.floor(rnd() * count);
    return {
      action: label(`shard ${index}/${count}`),
      outcome: await inProcess(sequenceConfig(env, name), { shard: { index, count } }, interrupt),
    };
  }
  if (roll < 0.6) {
    return {
      action: label("partition"),
      outcome: await inProcess(sequenceConfig(env, name), { partitionOnly: true }, interrupt),
    };
  }
  if (roll < 0.65) {
    try {
      await aggregateRun(sequenceConfig(env, name));
      return { action: `aggregate ${name}`, outcome: "ok" };
    } catch (e) {
      return { action: `aggregate ${name}`, outcome: typed(e) };
    }
  }
  if (roll < 0.72) {
    const ms = 30 + Math.floor(rnd() * 900);
    return { action: `SIGKILL cli ${name} after ${ms} ms`, outcome: await cliKilled(env, name, ms) };
  }
  if (roll < 0.78 && env.tmpfs !== undefined) {
    const filler = fillDisk(env.tmpfs);
    const outcome = await inProcess(sequenceConfig(env, name), {}, undefined);
    unlinkSync(filler);
    return { action: `disk full, run ${name}`, outcome };
  }
  return damage(env, rnd);
}

/** Deletes or damages something a user or a crash could: job files, temp files, locks, tables. */
function damage(env: SequenceEnv, rnd: Rnd): ActionLog {
  const jobs = jobFolders(env.out);
  const kind = pick(rnd, [
    "rm_job_folder",
    "rm_job_json",
    "corrupt_simulation",
    "truncate_metrics",
    "stray_temp",
    "stale_lock",
    "rm_aggregated",
    "rm_store_piece",
  ] as const);
  if (kind === "stale_lock") {
    // pid 2^31 - 2 is never alive: the lock of a run killed long ago.
    writeFileSync(join(env.out, ".sweeplab.lock"), JSON.stringify({ pid: 2147483646, host: hostname() }) + "\n");
    return { action: "stale lock", outcome: "written" };
  }
  if (kind === "rm_store_piece") {
    const store = join(env.out, "store");
    const list = files(store, (f) => f.endsWith(".parquet"));
    if (list.length === 0) return { action: kind, outcome: "no store yet" };
    const piece = pick(rnd, list);
    rmSync(join(store, piece), { force: true });
    return { action: `rm store/${piece}`, outcome: "done" };
  }
  if (kind === "rm_aggregated") {
    rmSync(join(env.out, "aggregated"), { recursive: true, force: true });
    return { action: "rm aggregated/", outcome: "done" };
  }
  if (jobs.length === 0) return { action: kind, outcome: "no job folder yet" };
  const dir = pick(rnd, jobs);
  switch (kind) {
    case "rm_job_folder":
      rmSync(dir, { recursive: true, force: true });
      break;
    case "rm_job_json":
      rmSync(join(dir, "job.json"), { force: true });
      break;
    case "corrupt_simulation": {
      const f = readdirSync(dir).find((n) => n.startsWith("simulation"));
      if (f !== undefined) writeFileSync(join(dir, f), "not what sweeplab wrote\n");
      break;
    }
    case "truncate_metrics": {
      const f = readdirSync(dir).find((n) => n.startsWith("metrics"));
      if (f !== undefined) truncateSync(join(dir, f), Math.floor(statSync(join(dir, f)).size / 2));
      break;
    }
    case "stray_temp":
      writeFileSync(join(dir, `.sweeplab-tmp-simulation.csv.gz.${Math.floor(rnd() * 1e6)}`), "half");
      break;
  }
  return { action: `${kind} ${dir.slice(env.out.length)}`, outcome: "done" };
}

/**
 * Runs one seeded sequence of 2–5 actions, then puts the inputs back as they were (when the
 * sequence changed them) and runs the clean run with A; returns the action log.
 */
export async function runSequence(env: SequenceEnv, seed: number): Promise<{ log: ActionLog[]; final: string }> {
  const rnd = mulberry32(seed);
  const n = 2 + Math.floor(rnd() * 4);
  const log: ActionLog[] = [];
  const inputs = new InputChanges(env.data);
  try {
    for (let i = 0; i < n; i++) log.push(await randomAction(env, rnd, inputs));
  } finally {
    if (inputs.restore()) log.push({ action: "inputs put back as they were", outcome: "done" });
  }
  let final: string;
  try {
    const s = await runPipeline(sequenceConfig(env, "A"));
    final = `${s.jobs?.done ?? 0} done, ${s.jobs?.skipped ?? 0} skipped, ${s.jobs?.failed ?? 0} failed`;
    if ((s.jobs?.failed ?? 0) > 0 || s.partition.failures.length > 0) throw new Error(`final run failed: ${final}`);
  } catch (e) {
    throw new Error(
      `seed ${seed}: the clean run with A failed: ${(e as Error).message}\n${log.map((l) => `  ${l.action} → ${l.outcome}`).join("\n")}`,
      { cause: e },
    );
  }
  return { log, final };
}
