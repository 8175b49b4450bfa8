#!/usr/bin/env node
// Randomised sequences of what a user does to one output folder, through the built CLI (`npm run
// build` first): runs with changed settings (dates, securities, chunk size, detail format, workers,
// memory budget, analysis parameters, unknown codes), inputs changed between runs (appended, rewritten
// with size and mtime put back, removed, renamed, added, a reference file changed), SIGINT and SIGKILL
// at random moments, a second run at the same time, shards then `aggregate`, and a folder damaged by
// hand (a foreign file, a job folder or detail file deleted, job.json edited or truncated, the store
// deleted). Checked after every `run` or `aggregate` that exits 0: its aggregated tables, the
// per-job outputs of its jobs (and no other job file in by_security/), its rejects files and (after a run) its run_manifest.json's jobs
// (less their times) are byte-identical to one fresh run with its settings in an empty
// folder (a fresh run that does not exit 0 is reported, never compared against); a non-zero exit
// must be one line (no stack). A difference is printed as the first few tables and the first few
// job files that differ. Not part of the test suite (long):
//
//   node scripts/rerun-sequences.mjs [--seed N] [--count N] [--steps N] [--keep]
//
// Prints each failing sequence's seed and actions; exit 1 when any failed.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

const BIN = join(import.meta.dirname, "..", "bin", "sweeplab.js");
const { values: args } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    count: { type: "string", default: "20" },
    steps: { type: "string", default: "6" },
    keep: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});
const SEED = Number(args.seed);
const COUNT = Number(args.count);
const STEPS = Number(args.steps);

/** mulberry32: the seeded stream of tests/fixtures/prng.ts. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rnd, xs) => xs[Math.floor(rnd() * xs.length)];
const root = mkdtempSync(join(tmpdir(), "sweeplab-rerun-seq-"));

// One generated data set, copied for each sequence (the sequence changes its copy).
const base = join(root, "base");
const gen = spawnSync(
  process.execPath,
  [BIN, "gen", "--orders", "6000", "--securities", "2", "--dates", "3", "--seed", "9", "--out", base],
  { encoding: "utf8" },
);
if (gen.status !== 0) throw new Error(`gen failed: ${gen.stderr}`);
const SECURITIES = ["110621", "110622"];
const DATES = readdirSync(join(base, "orders"))
  .map((f) => /(\d{4}-\d\d-\d\d)/.exec(f)[1])
  .sort();

/** Random run settings: a config object (paths filled in later). */
function randomSettings(rnd) {
  const s = {
    workers: 1 + Math.floor(rnd() * 3),
    chunkSize: pick(rnd, ["64KB", "1MB", "64MB"]),
    memoryBudget: pick(rnd, ["64MB", "2GB"]),
    outputs: { detailFormat: pick(rnd, ["parquet", "csv.gz"]) },
    unknownCodes: rnd() < 0.85 ? "keep" : "reject",
    analysis: {},
  };
  if (rnd() < 0.3) s.analysis.impactTicks = pick(rnd, [2, 3]);
  if (rnd() < 0.3) s.analysis.sizeBands = { smallMax: 300, mediumMax: 1500 };
  if (rnd() < 0.2) s.analysis.duplicates = "keep";
  if (rnd() < 0.2) s.analysis.session = { start: "10:30", end: "15:30" };
  if (rnd() < 0.2) s.analysis.participants = [1001, 1002, 1003];
  if (rnd() < 0.15) s.analysis.centrePointMask = 2048 + 64;
  if (rnd() < 0.25) s.securities = [pick(rnd, SECURITIES)];
  if (rnd() < 0.25) s.dates = rnd() < 0.5 ? [pick(rnd, DATES)] : { from: DATES[0], to: DATES[1] };
  return s;
}

function configFile(env, settings, out) {
  const path = join(
    env.dir,
    `cfg-${createHash("sha256")
      .update(JSON.stringify(settings) + out)
      .digest("hex")
      .slice(0, 12)}.json`,
  );
  writeFileSync(
    path,
    JSON.stringify({ ...settings, inputs: [env.data], outputDir: out, retries: 0, jobTimeoutMs: 60000 }),
  );
  return path;
}

/** Runs the CLI; `kill` = { signal, afterMs } interrupts it. Resolves { code, signal, err }. */
function cli(argv, kill) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const timer = kill === undefined ? undefined : setTimeout(() => child.kill(kill.signal), kill.afterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, err });
    });
  });
}

/** Every file under `dir`, relative path → sha256. */
function tree(dir) {
  const out = new Map();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const p = join(dir, f);
    if (statSync(p).isFile()) out.set(relative(dir, p), createHash("sha256").update(readFileSync(p)).digest("hex"));
  }
  return out;
}

/** A fingerprint of the data folder's whole content (names and bytes): the fresh-run cache key. */
function dataState(env) {
  const h = createHash("sha256");
  for (const [f, sum] of [...tree(env.data)].sort()) h.update(`${f}\t${sum}\n`);
  return h.digest("hex");
}

const freshCache = new Map();

/**
 * The run manifest's jobs without their time-bearing fields (`ms`, and `attempts`, which a timeout
 * under load may raise): done jobs and failures with their fingerprints. Empty when there is none.
 */
function manifestJobs(out) {
  const p = join(out, "run_manifest.json");
  if (!existsSync(p)) return new Map();
  const { jobs } = JSON.parse(readFileSync(p, "utf8"));
  return new Map(Object.entries(jobs).map(([k, { ms: _ms, attempts: _a, ...rest }]) => [k, JSON.stringify(rest)]));
}

/**
 * Compares `out` after a run (`manifest`: and its run_manifest.json) or an aggregate that exited 0
 * with one fresh run of the same settings: aggregated/, the job folders and rejects/.
 */
async function check(env, settings, out, log, manifest = true) {
  const key = JSON.stringify(settings) + dataState(env);
  let fresh = freshCache.get(key);
  if (fresh === undefined) {
    const dir = join(env.dir, `fresh-${freshCache.size}`);
    const r = await cli(["run", "--config", configFile(env, settings, dir)]);
    fresh = {
      code: r.code,
      aggregated: tree(join(dir, "aggregated")),
      jobs: tree(join(dir, "by_security")),
      rejects: tree(join(dir, "rejects")),
      manifest: manifestJobs(dir),
    };
    rmSync(dir, { recursive: true, force: true });
    // A fresh run that did not exit 0 is no reference: a failed job leaves its rows out of the
    // tables and its folder out of by_security, so the run checked would look wrong in its tables
    // only. Said as such (not cached), never compared against.
    if (r.code !== 0) {
      log.push(`  !! the fresh run itself exited ${r.code ?? r.signal}: ${r.err.trim().split("\n")[0] ?? ""}`);
      return false;
    }
    freshCache.set(key, fresh);
  }
  const problems = [];
  const mine = {
    aggregated: tree(join(out, "aggregated")),
    jobs: tree(join(out, "by_security")),
    rejects: tree(join(out, "rejects")),
    manifest: manifestJobs(out),
  };
  for (const part of ["aggregated", "jobs", "rejects", ...(manifest ? ["manifest"] : [])]) {
    for (const [f, sum] of fresh[part]) {
      const m = mine[part].get(f);
      if (m === undefined) problems.push(`${part}/${f} missing`);
      else if (m !== sum) problems.push(`${part}/${f} differs`);
    }
  }
  // by_security/ holds the run's jobs only: a glob over it must not read a folder another run left.
  for (const f of mine.jobs.keys()) if (!fresh.jobs.has(f)) problems.push(`jobs/${f} extra (not the run's)`);
  // Files in a job folder of this run that a fresh run would not have (mixed formats, strays).
  const folders = new Set([...fresh.jobs.keys()].map((f) => f.split("/").slice(0, 2).join("/")));
  for (const f of mine.jobs.keys())
    if (folders.has(f.split("/").slice(0, 2).join("/")) && !fresh.jobs.has(f)) problems.push(`jobs/${f} extra`);
  for (const f of mine.aggregated.keys()) if (!fresh.aggregated.has(f)) problems.push(`aggregated/${f} extra`);
  for (const f of mine.rejects.keys()) if (!fresh.rejects.has(f)) problems.push(`rejects/${f} extra`);
  if (manifest) for (const f of mine.manifest.keys()) if (!fresh.manifest.has(f)) problems.push(`manifest/${f} extra`);
  // The first few of each part: tables come first, so a cut of the whole list hid every job file.
  if (problems.length > 0) {
    const of = (part) => problems.filter((p) => p.startsWith(`${part}/`));
    const few = (xs) =>
      xs.length === 0 ? "none" : `${xs.slice(0, 4).join(", ")}${xs.length > 4 ? `, … ${xs.length - 4} more` : ""}`;
    log.push(
      `  !! not equal to a fresh run: tables: ${few(of("aggregated"))}; job files: ${few(of("jobs"))}; ` +
        `rejects: ${few(of("rejects"))}; manifest: ${few(of("manifest"))}`,
    );
  }
  return problems.length === 0;
}

/** A failed exit must be one line saying what to do, never a stack. */
function oneLine(r) {
  if (r.code === 0 || r.code === 130 || r.signal !== null) return true;
  const lines = r.err.trim().split("\n");
  return !/\n\s+at /.test(r.err) && lines.length >= 1 && r.err.length > 0;
}

/** Changes the data folder the way a user might; returns a description. */
function changeInputs(env, rnd) {
  const files = [...tree(env.data).keys()].filter((f) => /^(orders|trades)\//.test(f));
  const kind = pick(rnd, ["append", "rewrite_touch_r", "remove", "rename", "add_copy", "instruments", "sessions"]);
  if (files.length === 0 && kind !== "instruments" && kind !== "sessions") return "no data file left";
  const f = join(env.data, pick(rnd, files.length > 0 ? files : ["x"]));
  switch (kind) {
    case "append": {
      // A few rows of the file itself again (a resent tail): duplicates, dropped or kept.
      const lines = readFileSync(f, "utf8").trimEnd().split("\n");
      appendFileSync(f, lines.slice(-5).join("\n") + "\n");
      return `append 5 rows to ${relative(env.data, f)}`;
    }
    case "rewrite_touch_r": {
      // A Centre Point order's quantity in the middle of an orders file, one digit up: same size.
      const orders = files.filter((x) => x.startsWith("orders/"));
      if (orders.length === 0) return "no orders file left";
      const g = join(env.data, pick(rnd, orders));
      const { atime, mtime } = statSync(g);
      const lines = readFileSync(g, "utf8").split("\n");
      const head = lines[0].split(",");
      const [q, t] = [head.indexOf("quantity"), head.indexOf("exchangeordertype")];
      for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
        const c = lines[i].split(",");
        if ((Number(c[t]) & 6464) !== 0 && /^[1-8]\d+$/.test(c[q] ?? "")) {
          c[q] = `${Number(c[q][0]) + 1}${c[q].slice(1)}`;
          lines[i] = c.join(",");
          break;
        }
      }
      writeFileSync(g, lines.join("\n"));
      utimesSync(g, atime, mtime);
      return `rewrite middle of ${relative(env.data, g)}, touch -r`;
    }
    case "remove":
      rmSync(f);
      return `rm ${relative(env.data, f)}`;
    case "rename": {
      const to = f.replace(/\.csv$/, `-renamed${Math.floor(rnd() * 100)}.csv`);
      renameSync(f, to);
      return `mv ${relative(env.data, f)} ${relative(env.data, to)}`;
    }
    case "add_copy": {
      const to = f.replace(/\.csv$/, `-copy${Math.floor(rnd() * 100)}.csv`);
      cpSync(f, to);
      return `cp ${relative(env.data, f)} ${relative(env.data, to)}`;
    }
    case "instruments": {
      const p = join(env.data, "ob.csv");
      const lines = readFileSync(p, "utf8").split("\n");
      const head = lines[0].split(",");
      const di = head.indexOf("DecimalsInPrice");
      const i = 1 + Math.floor(rnd() * (lines.length - 2));
      const c = lines[i].split(",");
      if (c.length > di) c[di] = String(((Number(c[di]) || 2) % 4) + 1);
      lines[i] = c.join(",");
      writeFileSync(p, lines.join("\n"));
      return `ob.csv line ${i} decimals changed`;
    }
    default: {
      const p = join(env.data, "session.csv");
      if (!existsSync(p)) return "no session.csv";
      const text = readFileSync(p, "utf8");
      writeFileSync(p, text.replace(/10:00:00/, "10:05:00"));
      return "session.csv: a start moved";
    }
  }
}

/** Damages the output folder by hand; returns a description. */
function damage(out, rnd) {
  const jobs = [...tree(join(out, "by_security")).keys()];
  const kind = pick(rnd, ["foreign", "rm_job", "truncate_json", "edit_json", "rm_detail", "rm_store"]);
  if (kind === "foreign") {
    if (!existsSync(out)) return "foreign: no output folder yet";
    writeFileSync(join(out, "notes.txt"), "mine\n");
    return "a foreign file notes.txt";
  }
  if (kind === "rm_store") {
    rmSync(join(out, "store"), { recursive: true, force: true });
    return "rm store/";
  }
  if (jobs.length === 0) return `${kind}: no job yet`;
  const f = pick(rnd, jobs);
  const dir = join(out, "by_security", f.split("/").slice(0, 2).join("/"));
  switch (kind) {
    case "rm_job":
      rmSync(dir, { recursive: true, force: true });
      return `rm ${relative(out, dir)}`;
    case "truncate_json":
      if (existsSync(join(dir, "job.json")))
        writeFileSync(join(dir, "job.json"), readFileSync(join(dir, "job.json")).subarray(0, 100));
      return `truncate ${relative(out, dir)}/job.json`;
    case "edit_json":
      if (existsSync(join(dir, "job.json")))
        writeFileSync(
          join(dir, "job.json"),
          readFileSync(join(dir, "job.json"), "utf8").replace(
            /"sweeps": (\d+)/,
            (_m, n) => `"sweeps": ${Number(n) + 1}`,
          ),
        );
      return `edit ${relative(out, dir)}/job.json`;
    default: {
      const detail = readdirSync(dir).find((n) => /^(orders|classified|simulation)\./.test(n));
      if (detail !== undefined) rmSync(join(dir, detail));
      return `rm ${relative(out, dir)}/${detail}`;
    }
  }
}

async function sequence(seed) {
  const rnd = prng(seed);
  const dir = join(root, `seq-${seed}`);
  mkdirSync(dir);
  const env = { dir, data: join(dir, "data") };
  cpSync(base, env.data, { recursive: true });
  const out = join(dir, "out");
  const log = [];
  let ok = true;
  const bad = (line) => {
    ok = false;
    log.push(line);
  };
  // Two settings the sequence keeps coming back to (a user switching between two configs), and now
  // and then one of its own: a job current for the settings of a later run is then likely.
  const pool = [randomSettings(rnd), randomSettings(rnd)];
  for (let step = 0; step < STEPS; step++) {
    const roll = rnd();
    const settings = rnd() < 0.75 ? pick(rnd, pool) : randomSettings(rnd);
    const cfg = () => configFile(env, settings, out);
    if (roll < 0.4) {
      const kill =
        rnd() < 0.35 ? { signal: pick(rnd, ["SIGINT", "SIGKILL"]), afterMs: 50 + Math.floor(rnd() * 1500) } : undefined;
      const r = await cli(["run", "--config", cfg()], kill);
      log.push(
        `run ${JSON.stringify(settings)}${kill ? ` ${kill.signal}@${kill.afterMs}ms` : ""} → ${r.code ?? r.signal}${r.code === 1 ? `: ${r.err.trim().split("\n")[0]}` : ""}`,
      );
      if (!oneLine(r)) bad(`  !! not one line: ${r.err}`);
      if (r.code === 0) ok = (await check(env, settings, out, log)) && ok;
    } else if (roll < 0.55) {
      log.push(`inputs: ${changeInputs(env, rnd)}`);
    } else if (roll < 0.67) {
      log.push(`damage: ${damage(out, rnd)}`);
    } else if (roll < 0.75) {
      // aggregate alone: it must refuse unless the store and every job are current for its settings.
      const a = await cli(["aggregate", "--config", cfg()]);
      log.push(
        `aggregate ${JSON.stringify(settings)} → ${a.code}${a.code !== 0 ? `: ${a.err.trim().split("\n")[0].slice(0, 160)}` : ""}`,
      );
      if (!oneLine(a)) bad(`  !! not one line: ${a.err}`);
      if (a.code === 0) ok = (await check(env, settings, out, log, false)) && ok;
    } else if (roll < 0.88) {
      // Shards, one of them maybe with other settings, then aggregate with the main settings.
      const n = 2 + Math.floor(rnd() * 2);
      const p = await cli(["partition", "--config", cfg()]);
      const codes = [p.code];
      for (let i = 0; i < n; i++) {
        const other = rnd() < 0.25 ? pick(rnd, pool) : settings;
        const r = await cli(["run", "--config", configFile(env, other, out), "--shard", `${i}/${n}`]);
        codes.push(r.code);
      }
      const a = await cli(["aggregate", "--config", cfg()]);
      log.push(
        `partition, ${n} shards, aggregate ${JSON.stringify(settings)} → ${codes.join(",")} / ${a.code}${a.code !== 0 ? `: ${a.err.trim().split("\n")[0]}` : ""}`,
      );
      if (!oneLine(a)) bad(`  !! not one line: ${a.err}`);
      if (a.code === 0) ok = (await check(env, settings, out, log, false)) && ok;
    } else {
      // A run and another run, or an aggregate, at once on the folder: one is refused (or both
      // finish one after the other). An aggregate that exits 0 must equal a fresh run of its settings.
      const other = pick(rnd, pool);
      const second = rnd() < 0.5 ? "run" : "aggregate";
      const [r1, r2] = await Promise.all([
        cli(["run", "--config", cfg()]),
        cli([second, "--config", configFile(env, other, out)]),
      ]);
      log.push(
        `concurrent run, ${second} ${JSON.stringify(other)} → ${r1.code}, ${r2.code}${r2.code === 1 ? `: ${r2.err.trim().split("\n")[0].slice(0, 160)}` : ""}`,
      );
      for (const [which, r] of [
        ["run", r1],
        [second, r2],
      ])
        if (!oneLine(r)) bad(`  !! not one line (${which}, exit ${r.code}): ${r.err.trim() || "(no stderr)"}`);
      // One exited 0 and the other was refused: the folder is the first one's (both 0: ran one after
      // the other, in an order not known here; the next steps check the folder anyway).
      if (r1.code === 0 && r2.code !== 0) ok = (await check(env, settings, out, log)) && ok;
      if (r2.code === 0 && r1.code !== 0) ok = (await check(env, other, out, log, second === "run")) && ok;
    }
  }
  // The last word: a clean run with settings of the pool must exit 0 and equal a fresh run.
  const settings = pick(rnd, pool);
  const r = await cli(["run", "--config", configFile(env, settings, out)]);
  log.push(`final run ${JSON.stringify(settings)} → ${r.code}${r.code !== 0 ? `: ${r.err.trim()}` : ""}`);
  if (r.code === 0) ok = (await check(env, settings, out, log)) && ok;
  else if (!oneLine(r)) ok = false;
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  return { ok, log };
}

let failed = 0;
for (let i = 0; i < COUNT; i++) {
  const seed = SEED + i;
  freshCache.clear();
  const { ok, log } = await sequence(seed);
  if (!ok) {
    failed++;
    process.stdout.write(`seed ${seed}: FAILED\n${log.map((l) => `  ${l}`).join("\n")}\n`);
  } else
    process.stdout.write(
      `seed ${seed}: ok (${log.length} steps)\n${args.verbose ? log.map((l) => `  ${l}\n`).join("") : ""}`,
    );
}
process.stdout.write(`${COUNT - failed} of ${COUNT} sequences ok (seed ${SEED}); data in ${root}\n`);
if (!args.keep) rmSync(root, { recursive: true, force: true });
process.exitCode = failed > 0 ? 1 : 0;
