#!/usr/bin/env node
// `npm run bench` (a script, not a test; issue 6 points 4 and 5). In ONE run, on one generated
// dataset (cached by size under --dir):
//   - sweeplab, with each worker count of --workers: scan, partition, jobs, aggregate, each phase in
//     its own process (bench/phase.mjs) so its peak RSS is its own: seconds, rows/s, MB/s, peak RSS;
//     the whole pipeline (partition + jobs + aggregate) as order rows/s;
//   - DuckDB (@duckdb/node-api, SET threads = N, its own process: bench/duckdb.mjs) on the same
//     files: (a) GROUP BY over read_csv, (b) partitioned Parquet COPY; ratios sweeplab/DuckDB;
//   - memory: partition + jobs + aggregate on a small dataset (--small-orders) with the largest
//     worker count, peak RSS of both sizes and their ratio. The small dataset is fewer trading days
//     of the same market (--small-dates, default dates × small/big orders): the same securities and
//     activity, so the same partition sizes and the same files per day; memory is bounded per file
//     range and per (security, date) job by design, and real inputs grow by adding days;
//   - with --sweep, the chunk size × worker count grid (bench/sweep.mjs).
// Choice for (a): it runs over the ORDER files only (they carry security_code, date, price and
// quantity), and is compared with `sweeplab scan` over the same order files (same bytes, same rows);
// trades and NBBO have no quantity-like column in common with orders, so a three-table (a) would
// compare different queries. (b) runs over all three tables, exactly the files the partition phase
// reads, so partition vs (b) is rows/s on the same bytes. See bench/README.md for the caveats.
// Results: bench/results.json. Usage: npm run bench -- [--orders 10000000] [--securities 20]
//   [--dates 10] [--workers 1,2] [--small-orders 1000000] [--small-dates N] [--chunk-size 8MB]
//   [--dir DIR] [--sweep]
//   [--skip-duckdb] [--baseline DIR]
// --baseline DIR: a built checkout of an older sweeplab; its jobs phase (2 workers) is run
//   alternately with this build's on the same data, for issue 15's "jobs phase ≥ 2× today's".
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  bin,
  child,
  ensureData,
  fmt,
  here,
  jobsAgainstBaseline,
  node,
  perSecond,
  pipelinePhases,
  tableBytes,
  textTable,
} from "./lib.mjs";
import { runSweep } from "./sweep.mjs";
import { summarise, targetChecks } from "./summary.mjs";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000000" },
    securities: { type: "string", default: "20" },
    dates: { type: "string", default: "10" },
    workers: { type: "string", default: "1,2" },
    "small-orders": { type: "string", default: "1000000" },
    "small-dates": { type: "string" },
    "chunk-size": { type: "string", default: "8MB" },
    dir: { type: "string", default: join(tmpdir(), "sweeplab-bench") },
    sweep: { type: "boolean", default: false },
    "skip-duckdb": { type: "boolean", default: false },
    baseline: { type: "string" },
  },
});
const root = values.dir;
const workerCounts = values.workers.split(",").map(Number);
if (workerCounts.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`bad --workers ${values.workers}`);
const chunkSize = values["chunk-size"];
const tStart = performance.now();

const big = ensureData(root, values.orders, values.securities, values.dates);
// The same market for fewer days: the same securities, so the same partition sizes and files.
const smallDates =
  values["small-dates"] ??
  String(Math.max(1, Math.round((Number(values.dates) * Number(values["small-orders"])) / Number(values.orders))));
const small = ensureData(root, values["small-orders"], values.securities, smallDates);
const bigBytes = tableBytes(big.data);
const smallBytes = tableBytes(small.data);

// `sweeplab scan --workers N` is being added; until it exists the 2-worker scan is reported missing.
const scanHelp = execFileSync(node, [bin, "scan", "--help"], { encoding: "utf8" });
const scanHasWorkers = scanHelp.includes("--workers");
const scanRejects = join(root, "scan-rejects.csv");
const ordersDir = join(big.data, "orders");

let duckdbVersion = null;
const runs = [];
for (const w of workerCounts) {
  const tag = `${values.orders}`;
  console.log(`— ${w} worker${w > 1 ? "s" : ""} —`);
  const r = { workers: w, phases: {}, duckdb: {} };
  if (scanHasWorkers || w === 1)
    r.phases.scan = child("phase.mjs", ["scan", scanHasWorkers ? w : "-", chunkSize, scanRejects, ordersDir]);
  else r.phases.scan = { missing: "sweeplab scan has no --workers option in this build" };
  logPhase(w, "scan", r.phases.scan);
  Object.assign(r.phases, pipelinePhases(root, big.data, tag, w, chunkSize));
  for (const p of ["partition", "jobs", "aggregate"]) logPhase(w, p, r.phases[p]);
  if (!values["skip-duckdb"]) {
    const duckOut = join(root, "duckdb-out");
    r.duckdb.query = child("duckdb.mjs", ["query", w, big.data, duckOut]);
    logPhase(w, "duckdb (a)", r.duckdb.query);
    r.duckdb.copy = child("duckdb.mjs", ["copy", w, big.data, duckOut]);
    logPhase(w, "duckdb (b)", r.duckdb.copy);
    rmSync(duckOut, { recursive: true, force: true });
    duckdbVersion = r.duckdb.query.version;
  }
  if (values.baseline && w === 2) {
    r.baselineJobs = jobsAgainstBaseline(root, big.data, tag, w, chunkSize, values.baseline);
    const b = r.baselineJobs;
    console.log(
      `workers ${w}  jobs vs baseline: ${b.currentSeconds.toFixed(1)} s against ${b.baselineSeconds.toFixed(1)} s (median of ${b.rounds} alternated runs each), ${b.speedup.toFixed(2)}×`,
    );
  }
  runs.push(r);
}

// Memory: the same phases on the small dataset with the largest worker count.
const memWorkers = Math.max(...workerCounts);
console.log(`— small dataset, ${memWorkers} workers —`);
const smallPhases = pipelinePhases(root, small.data, `${values["small-orders"]}`, memWorkers, chunkSize);
for (const p of ["partition", "jobs", "aggregate"]) logPhase(memWorkers, p, smallPhases[p]);

const sizes = {
  big: { orders: Number(values.orders), ...mb(bigBytes) },
  small: { orders: Number(values["small-orders"]), dates: Number(smallDates), ...mb(smallBytes) },
};
const results = summarise({ runs, smallPhases, memWorkers, sizes, bigBytes, smallBytes });
const output = {
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "?",
    availableParallelism: availableParallelism(),
    totalMemMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    duckdb: duckdbVersion,
  },
  options: { ...values, scanWorkersOption: scanHasWorkers },
  generationSeconds: { big: big.genSeconds, small: small.genSeconds },
  sizes,
  ...results,
  targets: targetChecks(results, memWorkers),
  benchSeconds: null,
};
if (values.sweep) output.sweep = "bench/sweep.json, bench/sweep.html";
output.benchSeconds = (performance.now() - tStart) / 1000;
writeFileSync(join(here, "results.json"), JSON.stringify(output, null, 2) + "\n");
printTable(output);
if (values.sweep) await runSweep({ root, data: big.data, orders: Number(values.orders), scanHasWorkers });

function mb(bytes) {
  return {
    inputMb: bytes.total / 1e6,
    ordersMb: bytes.orders / 1e6,
    tradesMb: bytes.trades / 1e6,
    nbboMb: bytes.nbbo / 1e6,
  };
}

function logPhase(w, name, r) {
  if (r.missing) return console.log(`workers ${w}  ${name.padEnd(10)} missing: ${r.missing}`);
  const rate = perSecond(r.rows, r.seconds);
  const store = r.storeBytes === undefined ? "" : `  store ${fmt(r.storeBytes / r.rows, 1)} bytes/row`;
  console.log(
    `workers ${w}  ${name.padEnd(10)} ${r.seconds.toFixed(1).padStart(7)} s ${fmt(rate).padStart(11)} rows/s  peak RSS ${Math.round(r.peakRssMb)} MB${store}`,
  );
}

function printTable(o) {
  const rows = [];
  const phaseRows = (label, phases) => {
    for (const [name, p] of Object.entries(phases))
      rows.push(
        p.missing
          ? [label, name, "missing", "", "", "", "", ""]
          : [
              label,
              name,
              fmt(p.seconds, 1),
              fmt(p.rowsPerSecond),
              fmt(p.orderRowsPerSecond),
              fmt(p.mbPerSecond, 1),
              fmt(p.peakRssMb),
              p.vsDuckdb === undefined ? "" : fmt(p.vsDuckdb, 2),
            ],
      );
  };
  const pipelineRow = (label, q) =>
    rows.push([
      label,
      "pipeline",
      fmt(q.seconds, 1),
      "",
      fmt(q.orderRowsPerSecond),
      fmt(q.mbPerSecond, 1),
      fmt(q.peakRssMb),
      "",
    ]);
  for (const r of o.runs) {
    phaseRows(`${r.workers}`, r.phases);
    phaseRows(
      `${r.workers}`,
      Object.fromEntries(Object.entries(r.duckdb).map(([k, v]) => [k === "query" ? "DuckDB (a)" : "DuckDB (b)", v])),
    );
    pipelineRow(`${r.workers}`, r.pipeline);
  }
  phaseRows(`${o.small.workers} small`, o.small.phases);
  pipelineRow(`${o.small.workers} small`, o.small.pipeline);
  console.log(
    `\n${o.machine.cpus} × ${o.machine.model}, node ${o.machine.node}, DuckDB ${o.machine.duckdb ?? "skipped"}; ` +
      `${fmt(o.sizes.big.orders)} orders (${fmt(o.sizes.big.inputMb)} MB: orders ${fmt(o.sizes.big.ordersMb)} MB), chunk ${o.options["chunk-size"]}`,
  );
  console.log(
    textTable(["workers", "phase", "s", "rows/s", "order rows/s", "MB/s", "peak RSS MB", "÷ DuckDB"], rows, 2),
  );
  for (const r of o.runs)
    for (const [k, same] of Object.entries(r.sameRows))
      if (!same) console.log(`WARNING: ${r.workers} workers: ${k}: sweeplab and DuckDB counted different rows`);
  for (const r of [...o.runs, o.small]) {
    const p = r.phases.partition;
    if (p?.storeBytes !== undefined)
      console.log(
        `store (${r === o.small ? "small, " : ""}${r.workers} workers): ${fmt(p.storeBytes / 1e6, 1)} MB, ` +
          `${fmt(p.storeBytesPerRow, 1)} bytes/row, ${fmt(p.storeVsInput, 3)} × the CSV input`,
      );
  }
  const m = o.memory;
  console.log(
    `memory (${m.workers} workers): ${fmt(o.sizes.big.inputMb)} MB input → ${fmt(m.bigPeakRssMb)} MB peak RSS; ` +
      `${fmt(o.sizes.small.inputMb)} MB input → ${fmt(m.smallPeakRssMb)} MB; ratio ${fmt(m.ratio, 2)}`,
  );
  for (const t of o.targets)
    console.log(
      `${t.pass === null ? "n/a " : t.pass ? "PASS" : "MISS"}  ${t.name}: ${t.measured === null ? "—" : fmt(t.measured, 2)} (target ${t.target})`,
    );
  console.log(`bench took ${fmt(o.benchSeconds)} s; results in bench/results.json`);
}
