#!/usr/bin/env node
// Many small jobs: a year of hundreds of securities is tens of thousands of (security, date) jobs,
// most of them small, so what a job costs besides its rows (its files, the run's bookkeeping)
// matters as much as rows/s. Generates (seed 1, cached) a market of --securities × --dates with
// --orders order rows in all, then runs the partition, jobs and aggregate phases (bench/phase.mjs,
// each in its own process) into a fresh output folder and prints seconds, CPU seconds and jobs/s
// of each. Usage:
//   node bench/many-jobs.mjs [--orders 600000] [--securities 200] [--dates 20] [--workers 2]
//                            [--dir /tmp/sweeplab-bench] [--baseline DIR (an older built checkout)]
// With --baseline the same three phases of that build run first into their own folder.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { child, ensureData, fmt, textTable, writeConfig } from "./lib.mjs";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "600000" },
    securities: { type: "string", default: "200" },
    dates: { type: "string", default: "20" },
    workers: { type: "string", default: "2" },
    dir: { type: "string", default: "/tmp/sweeplab-bench" },
    baseline: { type: "string" },
  },
});
const jobs = Number(values.securities) * Number(values.dates);
const { data } = ensureData(values.dir, values.orders, values.securities, values.dates);

function phases(tag, benchDir) {
  const out = join(values.dir, `out-many-${tag}`);
  rmSync(out, { recursive: true, force: true });
  const cfg = writeConfig(values.dir, data, out, Number(values.workers), "8MB");
  const r = {};
  for (const p of ["partition", "jobs", "aggregate"]) r[p] = child("phase.mjs", [p, cfg], benchDir);
  rmSync(out, { recursive: true, force: true });
  return r;
}

const runs = [];
if (values.baseline !== undefined) runs.push(["baseline", phases("baseline", join(values.baseline, "bench"))]);
runs.push(["this build", phases("current")]);
console.log(
  `${fmt(Number(values.orders))} order rows, ${values.securities} securities × ${values.dates} dates = ${fmt(jobs)} jobs, ${values.workers} workers`,
);
const rows = [];
for (const [name, r] of runs)
  for (const p of ["partition", "jobs", "aggregate"])
    rows.push([
      name,
      p,
      r[p].seconds.toFixed(2),
      r[p].cpuSeconds.toFixed(2),
      fmt(jobs / r[p].seconds),
      fmt(r[p].peakRssMb),
    ]);
console.log(textTable(["build", "phase", "s", "CPU s", "jobs/s", "peak RSS MB"], rows, 2));
