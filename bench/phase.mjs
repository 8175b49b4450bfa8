// One phase of the pipeline in its own process, so its peak RSS is its own. Prints JSON.
// Usage: node bench/phase.mjs <partition|jobs|aggregate> <config.json>
import { readFileSync } from "node:fs";
import { resolveConfig, runPipeline, aggregateRun } from "../dist/index.js";

const [phase, configPath] = process.argv.slice(2);
const config = resolveConfig(JSON.parse(readFileSync(configPath, "utf8")));
const t0 = performance.now();
let rows;
let bytes = 0;
if (phase === "partition") {
  const s = await runPipeline(config, { partitionOnly: true });
  rows = s.partition.rowsRead;
  bytes = s.partition.mbPerSecond * s.partition.seconds * 1e6;
} else if (phase === "jobs") {
  const s = await runPipeline(config, { aggregate: false });
  if (!s.partition.skipped) throw new Error("jobs phase expected a current store");
  rows = s.jobs.done > 0 ? Math.round(s.jobs.rowsPerSecond * s.jobs.seconds) : 0;
  if (s.jobs.failed > 0) throw new Error(`${s.jobs.failed} jobs failed`);
} else {
  const files = await aggregateRun(config.outputDir);
  rows = files.length;
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  JSON.stringify({ phase, seconds, rows, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n",
);
