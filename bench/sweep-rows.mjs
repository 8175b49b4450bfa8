#!/usr/bin/env node
// Micro-benchmark of reading a job's per-sweep detail rows back (not a test): a synthetic job of
// `--sweeps` sweep orders is written as `simulation.csv` and `simulation.parquet` by the toolkit's
// own writers, then read back row by row — the CSV lines through SweepLineParser, the Parquet file
// through readSweepParquet — and the row builder (sweep-row.ts `rowBuilder`) is timed alone on the
// parsed values. Least CPU time of `--runs` after a warm-up; ns per row. Run after `npm run build`.
// Usage: node bench/sweep-rows.mjs [--sweeps 200000] [--runs 5]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SIMULATION_TABLE } from "../dist/core/sweep-tables.js";
import { sweepTableCsv } from "../dist/io/outputs/job-csv.js";
import { sweepTableParquet } from "../dist/io/outputs/detail-parquet.js";
import { readSweepParquet } from "../dist/io/outputs/detail-parquet-read.js";
import { SweepLineParser } from "../dist/io/outputs/sweep-line-parser.js";
import { rowBuilder } from "../dist/io/outputs/sweep-row.js";

const { values: args } = parseArgs({
  options: { sweeps: { type: "string", default: "200000" }, runs: { type: "string", default: "5" } },
});
const n = Number(args.sweeps);
const runs = Number(args.runs);

/** A deterministic stream in [0, 1) (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A job result of `n` sweeps holding what the per-sweep writers read (every other one simulated). */
function job(n) {
  const r = random(1);
  const f = (g) => Float64Array.from({ length: n }, (_, i) => g(i));
  const i32 = (g) => Int32Array.from({ length: n }, (_, i) => g(i));
  const u8 = (g) => Uint8Array.from({ length: n }, (_, i) => g(i));
  const qty = f(() => 100 + Math.floor(r() * 10_000));
  const sweeps = {
    length: n,
    orderId: BigUint64Array.from({ length: n }, (_, i) => 9_007_199_254_740_993n + BigInt(i) * 7919n),
    participantId: i32(() => Math.floor(r() * 2000)),
    side: u8(() => 1 + Math.floor(r() * 2)),
    group: u8(() => 1 + Math.floor(r() * 3)),
    band: u8(() => Math.floor(r() * 3)),
    qty,
    placedNs: f((i) => 36_000_000_000_000 + i * 1_000_123),
    realFilled: f((i) => Math.floor(qty[i] * r())),
    realValueTicks: f(() => Math.floor(r() * 1e9)),
    realTrades: i32(() => Math.floor(r() * 10)),
    realFirstTradeNs: f(() => NaN),
    realLastTradeNs: f(() => NaN),
    simulated: u8((i) => i % 2),
    simFilled: f(() => Math.floor(r() * 5000)),
    simValueHalfTicks: f(() => Math.floor(r() * 2e9)),
    simFills: i32(() => Math.floor(r() * 5)),
    comparedQty: f(() => Math.floor(r() * 5000)),
    savingsMicroAud: f(() => Math.floor((r() - 0.5) * 1e6)),
    savingsBps: f((i) => (i % 7 === 0 ? NaN : Math.round((r() - 0.5) * 1e4) / 1e4)),
    meanMidHalfTicks: f((i) => (i % 11 === 0 ? NaN : 20_000 + Math.floor(r() * 1000) + 0.5)),
    costMidpointMicroAud: f(() => Math.floor((r() - 0.5) * 1e6)),
    costHalfSpreadMicroAud: f(() => Math.floor(r() * 1e5)),
    costImpactMicroAud: f(() => Math.floor((r() - 0.5) * 1e6)),
  };
  return { securityCode: "XYZ", date: "2024-10-03", decimals: 3, sweeps };
}

/** Least CPU seconds (user + system, less noisy than wall time on a shared machine) of `runs` calls of `f`, after one warm-up call. */
async function best(f) {
  await f();
  let s = Infinity;
  for (let k = 0; k < runs; k++) {
    const t = process.cpuUsage();
    await f();
    const d = process.cpuUsage(t);
    s = Math.min(s, (d.user + d.system) / 1e6);
  }
  return s;
}

const dir = mkdtempSync(join(tmpdir(), "sweeplab-bench-rows-"));
try {
  const result = job(n);
  const identity = { securityCode: "XYZ", date: "2024-10-03", decimals: 3 };
  const head = SIMULATION_TABLE.map((c) => c.name);
  const lines = new TextDecoder().decode(sweepTableCsv(SIMULATION_TABLE, head, result)).split("\n");
  if (lines.at(-1) === "") lines.pop();
  const parquetFile = join(dir, "simulation.parquet");
  writeFileSync(parquetFile, sweepTableParquet(SIMULATION_TABLE, result));

  let sink = 0;
  const csv = await best(() => {
    const parser = new SweepLineParser(join(dir, "simulation.csv.gz"), lines[0], identity);
    for (let i = 1; i < lines.length; i++) sink += parser.parse(lines[i], i + 1).qty;
  });
  const parquet = await best(async () => {
    for (const row of await readSweepParquet(parquetFile, identity)) sink += row.qty;
  });
  // The builder alone, on the values of the first 1024 parsed rows.
  const fields = SIMULATION_TABLE.filter((c) => c.read !== undefined).map((c) => c.read.field);
  const parser = new SweepLineParser(join(dir, "simulation.csv.gz"), lines[0], identity);
  const values = lines.slice(1, 1025).map((l, i) => Object.values(parser.parse(l, i + 2)));
  const build = rowBuilder(fields);
  const builder = await best(() => {
    for (let i = 0; i < n; i++) sink += build(values[i & 1023]).qty;
  });
  const ns = (s) => ((s * 1e9) / n).toFixed(0).padStart(6);
  console.log(`sweep rows: ${n}, best of ${runs} (ns per row)`);
  console.log(`csv lines (SweepLineParser) ${ns(csv)}`);
  console.log(`parquet (readSweepParquet)  ${ns(parquet)}`);
  console.log(`rowBuilder alone            ${ns(builder)}`);
  if (sink === 0) console.log("");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
