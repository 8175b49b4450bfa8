// One phase of the pipeline in its own process, so its peak RSS is its own (piscina workers are
// threads of this process, so their memory counts too). Prints one JSON line:
// { phase, seconds, cpuSeconds, rows, bytes, peakRssMb, ... }.
// Usage: node bench/phase.mjs <partition|jobs|aggregate> <config.json>
//        node bench/phase.mjs scan <workers|-> <chunk size> <rejects file> <input>...
//          runs the real `sweeplab scan --json` CLI code in this process ("-": no --workers flag,
//          for a build whose scan has no such option yet).
import { readFileSync } from "node:fs";
import { main } from "../dist/cli/main.js";
import { resolveConfig, runPipeline, aggregateRun } from "../dist/internal.js";

const [phase, ...args] = process.argv.slice(2);
const t0 = performance.now();
let rows;
let bytes = 0;
const extra = {};
if (phase === "scan") {
  const [workers, chunkSize, rejects, ...inputs] = args;
  const argv = ["scan", ...inputs, "--json", "--chunk-size", chunkSize, "--rejects", rejects];
  if (workers !== "-") argv.push("--workers", workers);
  // Capture the JSON the command prints instead of echoing it, and its progress line (stderr),
  // which is shown only if the command fails.
  let out = "";
  let err = "";
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk) => ((out += String(chunk)), true);
  process.stderr.write = (chunk) => ((err = (err + String(chunk)).slice(-65536)), true);
  let code;
  try {
    code = await main(argv);
  } catch (e) {
    code = e;
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  if (code !== 0) {
    process.stderr.write(err);
    throw code instanceof Error ? code : new Error(`sweeplab ${argv.join(" ")} exited with ${code}`);
  }
  const t = JSON.parse(out).totals;
  rows = t.rowsRead;
  bytes = t.bytes;
  extra.rejected = t.rejected;
  extra.reportedSeconds = t.seconds;
} else {
  const config = resolveConfig(JSON.parse(readFileSync(args[0], "utf8")));
  if (phase === "partition") {
    const s = await runPipeline(config, { partitionOnly: true });
    rows = s.partition.rowsRead;
    bytes = s.partition.mbPerSecond * s.partition.seconds * 1e6;
    extra.rejected = s.partition.rejected;
    extra.orderRows = s.partition.files.filter((f) => f.table === "orders").reduce((n, f) => n + f.rowsRead, 0);
  } else if (phase === "jobs") {
    // The jobs phase alone: no aggregation, so the workers return no sums (each job.json holds them).
    const s = await runPipeline(config, { aggregate: false });
    if (!s.partition.skipped) throw new Error("jobs phase expected a current store");
    if (s.jobs.failed > 0) throw new Error(`${s.jobs.failed} jobs failed`);
    rows = s.jobs.done > 0 ? Math.round(s.jobs.rowsPerSecond * s.jobs.seconds) : 0;
    extra.jobs = s.jobs.done;
  } else if (phase === "aggregate") {
    const files = await aggregateRun(config);
    rows = 0;
    extra.files = files.length;
  } else {
    throw new Error(`unknown phase ${phase}`);
  }
}
const seconds = (performance.now() - t0) / 1000;
const usage = process.resourceUsage();
// CPU seconds of the process and its worker threads: on a shared, loaded machine a steadier
// measure of the work than the wall clock.
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  JSON.stringify({ phase, seconds, cpuSeconds, rows, bytes, ...extra, peakRssMb: usage.maxRSS / 1024 }) + "\n",
);
