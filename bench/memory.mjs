// Memory of the jobs phase against `memoryBudget` (issue 15 point 8): one security with N order
// events a day for D days, so every partition is large. Steps, each in its own Node process so its
// peak RSS (`process.resourceUsage().maxRSS`, worker threads included) is its own:
//   1. generate the data (cached, like bench.mjs) and partition it into a store;
//   2. `probe`: one job (the first partition) run in the main thread under --expose-gc, its memory
//      sampled after each stage (read the partition, run the analysis, write the outputs): where a
//      job's memory goes, and its bytes per partition row;
//   3. `jobs`: the jobs phase with `memoryBudget` and `workers`: peak RSS against the budget, the
//      most jobs that ran at once, and the warnings of jobs too big for the budget.
// Usage: node bench/memory.mjs [--orders-per-day 1000000] [--days 2] [--workers 2] [--budget 1GiB]
//                              [--dir $TMPDIR/sweeplab-bench-memory] [--no-probe]
// Needs `npm run build` first (it runs dist/).
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureData, fmt, here, node, textTable } from "./lib.mjs";

const MiB = 1024 * 1024;

if (process.argv[2] === "--child") await childMain(process.argv[3], process.argv.slice(4));
else await main();

async function main() {
  const { values } = parseArgs({
    options: {
      "orders-per-day": { type: "string", default: "1000000" },
      days: { type: "string", default: "2" },
      workers: { type: "string", default: "2" },
      budget: { type: "string", default: "1GiB" },
      dir: { type: "string", default: join(tmpdir(), "sweeplab-bench-memory") },
      "no-probe": { type: "boolean", default: false },
    },
  });
  const perDay = Number(values["orders-per-day"]);
  const days = Number(values.days);
  const { data } = ensureData(values.dir, perDay * days, 1, days);
  const out = join(values.dir, `out-${perDay}x${days}`);
  const config = join(values.dir, `config-${perDay}x${days}.json`);
  const write = (budget) =>
    writeFileSync(
      config,
      JSON.stringify({
        inputs: [data],
        reference: { instruments: join(data, "ob.csv") },
        outputDir: out,
        workers: Number(values.workers),
        memoryBudget: budget,
        jobTimeoutMs: 3_600_000,
        retries: 0,
      }) + "\n",
    );
  write(values.budget);
  const part = child(["partition", config]);
  console.log(`partition: ${fmt(part.rows)} rows in ${part.seconds.toFixed(1)} s, peak RSS ${fmt(part.peakRssMb)} MB`);
  const result = { options: values, partition: part };
  if (!values["no-probe"]) {
    const p = child(["probe", config], ["--expose-gc"]);
    result.probe = p;
    console.log(`\nprobe: one job in the main thread, ${p.job} (${fmt(p.rows)} partition rows)`);
    console.log(
      textTable(
        ["after", "rss MB", "heapUsed MB", "arrayBuffers MB", "peak RSS − base MB", "bytes/row"],
        p.stages.map((s) => [
          s.stage,
          fmt(s.rss / MiB),
          fmt(s.heapUsed / MiB),
          fmt(s.arrayBuffers / MiB),
          fmt((s.maxRss - p.base.rss) / MiB),
          fmt((s.maxRss - p.base.rss) / p.rows),
        ]),
      ),
    );
  }
  // Fresh job outputs: the jobs phase would skip jobs already current.
  rmSync(join(out, "by_security"), { recursive: true, force: true });
  rmSync(join(out, "run_manifest.json"), { force: true });
  const jobs = child(["jobs", config]);
  result.jobs = jobs;
  const budgetMb = jobs.memoryBudget / MiB;
  console.log(
    `\njobs: ${jobs.done} jobs (${fmt(jobs.rows)} rows) on ${values.workers} workers in ${jobs.seconds.toFixed(1)} s; ` +
      `at most ${jobs.maxRunning} at once; peak RSS ${fmt(jobs.peakRssMb)} MB vs memoryBudget ${fmt(budgetMb)} MB: ` +
      (jobs.peakRssMb <= budgetMb ? "within" : "OVER"),
  );
  for (const w of jobs.warnings) console.log(`  warning: ${w}`);
  console.log(JSON.stringify(result));
}

/** Runs this script in a child process and returns the JSON of its last stdout line. */
function child(args, nodeFlags = []) {
  const outText = execFileSync(node, [...nodeFlags, join(here, "memory.mjs"), "--child", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(outText.trim().split("\n").pop());
}

async function childMain(what, [configPath]) {
  const { readFileSync } = await import("node:fs");
  const { resolveConfig, runPipeline } = await import("../dist/internal.js");
  const config = resolveConfig(JSON.parse(readFileSync(configPath, "utf8")));
  const t0 = performance.now();
  let value;
  if (what === "partition") {
    const s = await runPipeline(config, { partitionOnly: true });
    value = { rows: s.partition.rowsRead };
  } else if (what === "jobs") {
    let maxRunning = 0;
    const warnings = [];
    const s = await runPipeline(config, {
      aggregate: false,
      onProgress: (p) => p.phase === "jobs" && (maxRunning = Math.max(maxRunning, p.running)),
      onWarning: (w) => warnings.push(w),
    });
    if (!s.partition.skipped) throw new Error("jobs phase expected a current store");
    if (s.jobs.failed > 0) throw new Error(`${s.jobs.failed} jobs failed: ${JSON.stringify(s.failures ?? s.jobs)}`);
    value = {
      done: s.jobs.done,
      rows: Math.round(s.jobs.rowsPerSecond * s.jobs.seconds),
      maxRunning,
      warnings,
      memoryBudget: config.memoryBudget,
    };
  } else if (what === "probe") value = await probe(config);
  else throw new Error(`unknown child ${what}`);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ ...value, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

/** One job's stages in this thread, with memory after each (after a full GC: what is still held). */
async function probe(config) {
  const { listStore } = await import("../dist/io/store/index.js");
  const { readPartitionWithFingerprint } = await import("../dist/io/store/read-partition.js");
  const { runJob } = await import("../dist/core/job.js");
  const { writeJobOutputs } = await import("../dist/io/outputs/job-outputs.js");
  const storeDir = join(config.outputDir, "store");
  const [first] = await listStore(storeDir);
  const rows = first.rows.orders + first.rows.trades + first.rows.nbbo;
  const sample = (stage) => {
    globalThis.gc();
    const m = process.memoryUsage();
    return {
      stage,
      rss: m.rss,
      heapUsed: m.heapUsed,
      arrayBuffers: m.arrayBuffers,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
  };
  const base = sample("start");
  const stages = [];
  const { partition } = await readPartitionWithFingerprint(storeDir, first.securityCode, first.date, 2);
  stages.push(sample("read"));
  const result = runJob(partition, config.analysis);
  stages.push(sample("analysis"));
  const jobDir = join(config.outputDir, "probe-job");
  rmSync(jobDir, { recursive: true, force: true });
  await writeJobOutputs(jobDir, result, partition.orders, config.analysis.centrePointMask, {
    toolkitVersion: "probe",
    input: "probe",
    analysis: "probe",
    reference: "probe",
    rows,
  });
  stages.push(sample("write"));
  rmSync(jobDir, { recursive: true, force: true });
  return { job: `${first.securityCode}|${first.date}`, rows, tableRows: first.rows, base, stages };
}
