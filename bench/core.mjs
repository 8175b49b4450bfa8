#!/usr/bin/env node
// Micro-benchmark of the analysis core (not a test): generates one large partition, then times the
// book replay, the midpoint simulation and a whole runJob on it (best of N runs, after a warm-up).
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
} from "../dist/index.js";

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
  const book = best(() => replayBook(p.orders, { centrePointMask: config.centrePointMask }));
  const sim = best(() =>
    simulateMidpoint(p.orders, quotes, {
      centrePointMask: config.centrePointMask,
      sessionStartNs: startNs,
      sessionEndNs: endNs,
    }),
  );
  const job = best(() => runJob(p, config));
  const events = p.orders.length;
  const fmt = (n) => Math.round(n).toLocaleString("en-US");
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}`);
  console.log(
    `partition ${p.securityCode} ${p.date}: ${fmt(events)} order events, ${fmt(p.trades.length)} trade legs, ${fmt(quotes.length)} quotes (generated ${fmt(g.orderRows)} rows; CSV load ${loadS.toFixed(1)} s)`,
  );
  console.log(
    `replayBook        ${(book * 1000).toFixed(0).padStart(6)} ms  ${fmt(events / book).padStart(12)} events/s`,
  );
  console.log(
    `simulateMidpoint  ${(sim * 1000).toFixed(0).padStart(6)} ms  ${fmt(events / sim).padStart(12)} events/s`,
  );
  console.log(
    `runJob (all)      ${(job * 1000).toFixed(0).padStart(6)} ms  ${fmt(events / job).padStart(12)} events/s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
