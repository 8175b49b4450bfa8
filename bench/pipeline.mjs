#!/usr/bin/env node
// The scaled-run benchmark (a script, not a test): generates data of a given size, then runs the
// whole pipeline — partition, jobs, aggregate, each phase in its own process — with 1 and 2 workers
// and reports wall time, rows/s, MB/s and peak RSS per phase. Results: bench/results-pipeline.json.
// Usage: npm run bench -- [--orders 10000000] [--securities 20] [--dates 5] [--workers 1,2]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000000" },
    securities: { type: "string", default: "20" },
    dates: { type: "string", default: "5" },
    workers: { type: "string", default: "1,2" },
    dir: { type: "string", default: join(tmpdir(), "sweeplab-bench") },
  },
});
const root = values.dir;
const data = join(root, `data-${values.orders}-${values.securities}x${values.dates}`);
const node = process.execPath;
const here = new URL(".", import.meta.url).pathname;
const bin = join(here, "..", "bin", "sweeplab.js");

function sizeOf(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  return n;
}

if (!existsSync(join(data, "ob.csv"))) {
  mkdirSync(root, { recursive: true });
  console.log(`generating ${Number(values.orders).toLocaleString("en-US")} order rows into ${data} …`);
  execFileSync(
    node,
    [
      bin,
      "gen",
      "--orders",
      values.orders,
      "--securities",
      values.securities,
      "--dates",
      values.dates,
      "--seed",
      "1",
      "--out",
      data,
    ],
    { stdio: "inherit" },
  );
}
const inputBytes = sizeOf(data);
const results = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}`,
  orders: Number(values.orders),
  inputMb: inputBytes / 1e6,
  runs: [],
};
for (const w of values.workers.split(",").map(Number)) {
  const out = join(root, `out-${w}`);
  rmSync(out, { recursive: true, force: true });
  const cfg = join(root, `config-${w}.json`);
  writeFileSync(
    cfg,
    JSON.stringify({
      inputs: [data],
      reference: { instruments: join(data, "ob.csv") },
      outputDir: out,
      workers: w,
      chunkSize: "8MB",
      retries: 0,
    }),
  );
  const phases = {};
  for (const phase of ["partition", "jobs", "aggregate"]) {
    const r = JSON.parse(
      execFileSync(node, [join(here, "phase.mjs"), phase, cfg], { encoding: "utf8" })
        .trim()
        .split("\n")
        .pop(),
    );
    phases[phase] = r;
    const rate =
      phase === "aggregate"
        ? ""
        : `${Math.round(r.rows / r.seconds)
            .toLocaleString("en-US")
            .padStart(11)} rows/s`;
    const mb = phase === "partition" ? `${(inputBytes / 1e6 / r.seconds).toFixed(1).padStart(7)} MB/s` : "";
    console.log(
      `workers ${w}  ${phase.padEnd(9)} ${r.seconds.toFixed(1).padStart(7)} s ${rate} ${mb}  peak RSS ${Math.round(r.peakRssMb)} MB`,
    );
  }
  results.runs.push({ workers: w, phases });
}
writeFileSync(join(here, "results-pipeline.json"), JSON.stringify(results, null, 2) + "\n");
console.log(
  `machine: ${results.machine}; input ${results.inputMb.toFixed(0)} MB; results in bench/results-pipeline.json`,
);
