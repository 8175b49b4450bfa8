// Helpers shared by bench/bench.mjs and bench/sweep.mjs: data generation (cached by size), child
// processes that print one JSON line, input sizes, and number formatting.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const node = process.execPath;
export const here = new URL(".", import.meta.url).pathname;
export const bin = join(here, "..", "bin", "sweeplab.js");

/** The tables sweeplab partitions, and where the generator puts their files in a data folder. */
export const TABLE_FILES = { orders: "orders", trades: "trades", nbbo: "nbbo.csv" };

/** Bytes of every file under a path (a file or a folder). */
export function sizeOf(path) {
  const st = statSync(path);
  if (st.isFile()) return st.size;
  let n = 0;
  for (const e of readdirSync(path, { withFileTypes: true, recursive: true }))
    if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  return n;
}

/** Bytes per table of a generated data folder, and their total. */
export function tableBytes(data) {
  const out = {};
  let total = 0;
  for (const [t, rel] of Object.entries(TABLE_FILES)) {
    out[t] = existsSync(join(data, rel)) ? sizeOf(join(data, rel)) : 0;
    total += out[t];
  }
  return { ...out, total };
}

/**
 * The data folder for `orders` order rows, generated (seed 1) unless it is already there. The
 * generator writes into a temporary folder renamed at the end, so an interrupted run is never
 * mistaken for a cached dataset. Returns { data, genSeconds } (genSeconds null when cached).
 */
export function ensureData(root, orders, securities, dates) {
  const data = join(root, `data-${orders}-${securities}x${dates}`);
  if (existsSync(join(data, "ob.csv")) && existsSync(join(data, "orders"))) return { data, genSeconds: null };
  mkdirSync(root, { recursive: true });
  const tmp = `${data}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  console.log(`generating ${Number(orders).toLocaleString("en-US")} order rows into ${data} …`);
  const t0 = performance.now();
  execFileSync(
    node,
    [bin, "gen", "--orders", orders, "--securities", securities, "--dates", dates, "--seed", "1", "--out", tmp].map(
      String,
    ),
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  renameSync(tmp, data);
  const genSeconds = (performance.now() - t0) / 1000;
  console.log(`generated in ${genSeconds.toFixed(1)} s (not part of any timing below)`);
  return { data, genSeconds };
}

/** Runs `node <script> ...args` and returns the JSON of its last stdout line; stderr passes through. */
export function child(script, args, benchDir = here) {
  const out = execFileSync(node, [join(benchDir, script), ...args.map(String)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

/** A sweeplab run config for one data folder, written next to it; returns its path. */
export function writeConfig(root, data, outputDir, workers, chunkSize) {
  const path = join(root, `config-${outputDir.split("/").pop()}.json`);
  const config = {
    inputs: [data],
    reference: { instruments: join(data, "ob.csv") },
    outputDir,
    workers,
    chunkSize,
    retries: 0,
  };
  writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
  return path;
}

/** Runs partition, jobs and aggregate (each its own process) into a fresh output folder. */
export function pipelinePhases(root, data, tag, workers, chunkSize) {
  const out = join(root, `out-${tag}-w${workers}`);
  rmSync(out, { recursive: true, force: true });
  const cfg = writeConfig(root, data, out, workers, chunkSize);
  const phases = {};
  for (const phase of ["partition", "jobs", "aggregate"]) {
    phases[phase] = child("phase.mjs", [phase, cfg]);
    // The store's bytes on disk (pieces and manifest), before the jobs write beside it.
    if (phase === "partition") phases.partition.storeBytes = sizeOf(join(out, "store"));
  }
  return phases;
}

/**
 * The jobs phase of this build and of a baseline checkout (`--baseline DIR`: an older sweeplab,
 * built, with its own bench/phase.mjs), on the same data and worker count, alternated `rounds`
 * times so machine drift hits both alike. The baseline partitions into its own folder first (its
 * store format may differ). Returns each side's runs and the ratio of their median seconds.
 */
export function jobsAgainstBaseline(root, data, tag, workers, chunkSize, baseline, rounds = 2) {
  const baseOut = join(root, `out-${tag}-w${workers}-baseline`);
  rmSync(baseOut, { recursive: true, force: true });
  const baseCfg = writeConfig(root, data, baseOut, workers, chunkSize);
  const ours = { cfg: join(root, `config-out-${tag}-w${workers}.json`), out: join(root, `out-${tag}-w${workers}`) };
  const baseBench = join(baseline, "bench");
  child("phase.mjs", ["partition", baseCfg], baseBench);
  const runs = { current: [], baseline: [] };
  for (let i = 0; i < rounds; i++) {
    clearJobOutputs(baseOut);
    runs.baseline.push(child("phase.mjs", ["jobs", baseCfg], baseBench));
    clearJobOutputs(ours.out);
    runs.current.push(child("phase.mjs", ["jobs", ours.cfg]));
  }
  rmSync(baseOut, { recursive: true, force: true });
  const median = (xs) => {
    const s = xs.map((r) => r.seconds).sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const current = median(runs.current);
  const base = median(runs.baseline);
  return { baseline, rounds, runs, currentSeconds: current, baselineSeconds: base, speedup: base / current };
}

/** Removes a run's job outputs and records, keeping its store, so the jobs phase runs again. */
function clearJobOutputs(out) {
  for (const f of ["by_security", "run_manifest.json", "run_summary.json", "aggregated"])
    rmSync(join(out, f), { recursive: true, force: true });
}

/** rows/s, or null when there is no time or no rows. */
export const perSecond = (n, seconds) => (n > 0 && seconds > 0 ? n / seconds : null);

/** A number with thousands separators and `digits` decimals, or "—" for null. */
export function fmt(n, digits = 0) {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A plain-text table: the first `left` columns left-aligned, the rest right-aligned. */
export function textTable(head, rows, left = 1) {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c < left ? String(v).padEnd(w[c]) : String(v).padStart(w[c]))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...rows.map(line)].join("\n");
}
