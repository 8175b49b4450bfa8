#!/usr/bin/env node
// What a notebook's readers cost on a run's outputs: `aggregate(config)` (every job) and
// `sweepRows(config, { securities: [first] })` (one security's jobs), each in its own process, wall
// and CPU seconds, alternating with an older build's when --baseline is given. Run it on an output
// folder a run of this build and of the baseline each made of the same data (their job records must
// be current for each build: run both first). Usage (after `npm run build`):
//   node bench/readers.mjs --config this.json [--baseline DIR --baseline-config old.json] [--rounds 2]
//   node bench/readers.mjs --fs <store folder>   # listing every piece and stat-ing it: async against sync calls
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    config: { type: "string" },
    baseline: { type: "string" },
    "baseline-config": { type: "string" },
    rounds: { type: "string", default: "2" },
    child: { type: "string" },
    dist: { type: "string" },
    fs: { type: "string" },
  },
});

if (values.fs !== undefined) {
  // Why the checks list pieces and read job.json synchronously: the same calls both ways, 3 rounds.
  const { readdirSync, statSync } = await import("node:fs");
  const { readdir, stat } = await import("node:fs/promises");
  const dirs = [];
  for (const t of ["orders", "trades", "nbbo"])
    for (const s of readdirSync(join(values.fs, t)))
      for (const d of readdirSync(join(values.fs, t, s))) dirs.push(join(values.fs, t, s, d));
  const time = async (label, body) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await body();
    const c = process.cpuUsage(c0);
    console.log(
      `${label} ${dirs.length} folders: ${(performance.now() - t0).toFixed(0)} ms, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms`,
    );
  };
  for (let r = 0; r < 3; r++) {
    await time("async readdir + stat", async () => {
      for (const d of dirs) for (const f of await readdir(d)) await stat(join(d, f), { bigint: true });
    });
    await time("sync  readdir + stat", () => {
      for (const d of dirs) for (const f of readdirSync(d)) statSync(join(d, f), { bigint: true });
    });
  }
  process.exit(0);
}

if (values.child !== undefined) {
  // One measurement in this process: the reader named by --child on --config, with --dist's build.
  const { aggregate, sweepRows } = await import(join(values.dist, "index.js"));
  const { resolveConfig } = await import(join(values.dist, "internal.js"));
  const config = resolveConfig(JSON.parse(readFileSync(values.config, "utf8")));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n;
  if (values.child === "aggregate") n = Object.keys(await aggregate(config)).length;
  else {
    const first = readFileSync(join(config.outputDir, "store", "_store.json"), "utf8").match(
      /"securityCode": "([^"]+)"/,
    )?.[1];
    n = (await sweepRows(config, { securities: [first] })).length;
  }
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, n }));
  process.exit(0);
}

const here = new URL("..", import.meta.url).pathname;
const builds = [["this", here, values.config]];
if (values.baseline !== undefined) builds.unshift(["baseline", values.baseline, values["baseline-config"]]);
const rows = [];
for (let r = 0; r < Number(values.rounds); r++)
  for (const [tag, dir, config] of builds)
    for (const reader of ["aggregate", "sweepRows"]) {
      const out = execFileSync(
        process.execPath,
        [import.meta.filename, "--child", reader, "--config", config, "--dist", join(dir, "dist")],
        { encoding: "utf8" },
      );
      const m = JSON.parse(out.trim().split("\n").pop());
      rows.push({ round: r + 1, build: tag, reader, ...m });
      console.log(
        `${tag.padEnd(8)} ${reader.padEnd(9)} ${m.seconds.toFixed(2)} s  CPU ${m.cpuSeconds.toFixed(2)} s  (${m.n})`,
      );
    }
