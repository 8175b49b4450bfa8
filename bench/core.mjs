#!/usr/bin/env node
// Micro-benchmark of the analysis core (not a test): generates one large partition, then times each
// stage of runJob on it (order table, selection + classification, trade matching, book replay,
// midpoint simulation, metrics), the whole runJob, and writing the job's outputs (CSV bytes, gzip,
// files) — best of N runs, after a warm-up.
// Usage: npm run bench:core -- [--orders 1000000] [--runs 3]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import {
  generate,
  loadPartitions,
  replayBook,
  runJob,
  simulateMidpoint,
  quotesOf,
  defaultAnalysisConfig,
  sessionWindowNs,
  orderStates,
  selectOrders,
  classifySweeps,
  matchTrades,
  sweepMetrics,
  writeJobOutputs,
} from "../dist/internal.js";

const { values } = parseArgs({
  options: { orders: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" } },
});
const orders = Number(values.orders);
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), "sweeplab-bench-core-"));
try {
  const g = await generate({ orders, securities: 1, dates: 1, seed: 1, outDir: dir });
  const t0 = performance.now();
  const { partitions } = await loadPartitions([dir]);
  const loadS = (performance.now() - t0) / 1000;
  const p = partitions.reduce((a, b) => (b.orders.length > a.orders.length ? b : a));
  const config = defaultAnalysisConfig();
  const { startNs, endNs } = sessionWindowNs(config);
  const quotes = quotesOf(p);
  const bestAsync = async (f) => {
    await f();
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await f();
      min = Math.min(min, performance.now() - t);
    }
    return min / 1000;
  };
  const best = (f) => {
    f(); // warm-up
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      f();
      min = Math.min(min, performance.now() - t);
    }
    return min / 1000;
  };
  const ms = (f) => best(f);
  const table = orderStates(p.orders);
  const selection = selectOrders(p.orders, table, config, startNs, endNs);
  const sweeps = classifySweeps(p.orders, table, selection, config);
  const matched = matchTrades(p.trades, table);
  const simOptions = { centrePointMask: config.centrePointMask, sessionStartNs: startNs, sessionEndNs: endNs, table };
  const sim = simulateMidpoint(p.orders, quotes, simOptions);
  const stages = [
    ["orderStates", () => orderStates(p.orders)],
    [
      "select+classify",
      () => classifySweeps(p.orders, table, selectOrders(p.orders, table, config, startNs, endNs), config),
    ],
    ["matchTrades", () => matchTrades(p.trades, table)],
    ["replayBook", () => replayBook(p.orders, { centrePointMask: config.centrePointMask, maxWarnings: 100, table })],
    ["simulateMidpoint", () => simulateMidpoint(p.orders, quotes, simOptions)],
    [
      "sweepMetrics",
      () =>
        sweepMetrics({
          orders: p.orders,
          table,
          sweeps,
          real: matched.fills,
          sim,
          quotes,
          decimals: p.decimals,
          impactTicks: config.impactTicks,
        }),
    ],
    ["runJob (all)", () => runJob(p, config)],
  ];
  const events = p.orders.length;
  const fmt = (n) => Math.round(n).toLocaleString("en-US");
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}`);
  console.log(
    `partition ${p.securityCode} ${p.date}: ${fmt(events)} order events, ${fmt(p.trades.length)} trade legs, ${fmt(quotes.length)} quotes (generated ${fmt(g.orderRows)} rows; CSV load ${loadS.toFixed(1)} s)`,
  );
  const line = (name, s) =>
    console.log(`${name.padEnd(18)} ${(s * 1000).toFixed(0).padStart(6)} ms  ${fmt(events / s).padStart(12)} events/s`);
  for (const [name, f] of stages) line(name, ms(f));
  // The job's outputs: orders (Centre Point events), classified and simulation, metrics.csv, job.json;
  // the detail tables as Parquet (the default) and as the seed's CSV.gz.
  const result = runJob(p, config);
  const outDir = join(dir, "job-out");
  // Wall time, and the process's CPU time (every thread: gzip streams run on libuv's pool), best of the runs.
  for (const detailFormat of ["parquet", "csv.gz"]) {
    const write = () => writeJobOutputs(outDir, result, p.orders, config.centrePointMask, undefined, { detailFormat });
    let cpu = Infinity;
    const wall = await bestAsync(async () => {
      const c0 = process.cpuUsage();
      await write();
      const c = process.cpuUsage(c0);
      cpu = Math.min(cpu, (c.user + c.system) / 1e3);
    });
    line(`write ${detailFormat}`, wall);
    console.log(`${"".padEnd(18)} ${cpu.toFixed(0).padStart(6)} ms CPU`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
