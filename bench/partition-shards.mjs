// The cost of sharding the partition (issue 16 point 1): on the same generated input, on this
// machine, `sweeplab partition` as 1 process × 2 workers against 2 concurrent
// `partition --shard i/2` processes × 1 worker each, then `partition --seal --shards 2`.
// Each variant writes into a fresh output folder; wall times are of the CLI processes (Node start
// included), repeated `--repeats` times in alternating order, with the 1-minute load average
// before each (the machine is shared: a high load makes a figure unreliable).
// Usage: node bench/partition-shards.mjs [--orders 1000000] [--securities 10] [--dates 4]
//                                        [--repeats 3] [--dir $TMPDIR/sweeplab-bench-shards]
// Needs `npm run build` first (it runs bin/sweeplab.js, i.e. dist/).
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bin, ensureData, fmt, node, tableBytes, textTable } from "./lib.mjs";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000000" },
    securities: { type: "string", default: "10" },
    dates: { type: "string", default: "4" },
    repeats: { type: "string", default: "3" },
    dir: { type: "string", default: join(tmpdir(), "sweeplab-bench-shards") },
  },
});
const { data } = ensureData(values.dir, Number(values.orders), Number(values.securities), Number(values.dates));
const bytes = tableBytes(data).total;

/** Runs the CLI; resolves with its wall seconds, rejects on a non-zero exit. */
function cli(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [bin, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve((performance.now() - t0) / 1000)
        : reject(new Error(`sweeplab ${args.join(" ")}: exit ${code}`)),
    );
  });
}

function config(tag, workers) {
  const out = join(values.dir, `out-${tag}`);
  rmSync(out, { recursive: true, force: true });
  const path = join(values.dir, `config-${tag}.json`);
  const c = { inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out, workers, retries: 0 };
  writeFileSync(path, JSON.stringify(c, null, 2) + "\n");
  return path;
}

async function whole() {
  const load = loadavg()[0];
  const seconds = await cli(["partition", "--config", config("whole", 2)]);
  return { variant: "1 process × 2 workers", load, seconds, sliceSeconds: null, sealSeconds: null };
}

async function sharded() {
  const load = loadavg()[0];
  const cfg = config("shards", 1);
  const t0 = performance.now();
  const slices = await Promise.all([0, 1].map((i) => cli(["partition", "--config", cfg, "--shard", `${i}/2`])));
  const sliceSeconds = (performance.now() - t0) / 1000;
  const sealSeconds = await cli(["partition", "--config", cfg, "--seal", "--shards", "2"]);
  return {
    variant: "2 shards × 1 worker + seal",
    load,
    seconds: sliceSeconds + sealSeconds,
    sliceSeconds,
    sealSeconds,
    slices,
  };
}

const runs = [];
for (let r = 0; r < Number(values.repeats); r++)
  for (const f of r % 2 === 0 ? [whole, sharded] : [sharded, whole]) {
    const m = await f();
    runs.push({ repeat: r, ...m });
    console.error(`repeat ${r}: ${m.variant}: ${m.seconds.toFixed(2)} s (load ${m.load.toFixed(2)})`);
  }

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = ["1 process × 2 workers", "2 shards × 1 worker + seal"].map((v) => {
  const of = runs.filter((m) => m.variant === v);
  const s = median(of.map((m) => m.seconds));
  return [
    v,
    fmt(s, 2),
    fmt(bytes / 1e6 / s, 1),
    of.map((m) => m.seconds.toFixed(2)).join(" / "),
    v.startsWith("2") ? fmt(median(of.map((m) => m.sealSeconds)), 2) : "—",
    of.map((m) => m.load.toFixed(1)).join(" / "),
  ];
});
console.log(
  `${fmt(Number(values.orders))} order rows, ${values.securities} securities × ${values.dates} dates, ` +
    `${fmt(bytes / 1e6, 1)} MB of inputs; ${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
);
console.log(textTable(["variant", "median s", "MB/s", "each run s", "seal s", "load before"], rows));
console.log(JSON.stringify({ options: values, bytes, cpus: cpus().length, runs }));
