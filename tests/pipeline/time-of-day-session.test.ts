import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig, type RunConfig } from "../../src/config/index.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { aggregate } from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";

/*
 * `time_of_day` buckets span the config's `analysis.session`: with `--session 00:00..24:00` (real
 * extracts with orders outside trading hours) the out-of-hours sweeps fall in their own half hour,
 * not all in one "16:00 and after" row. The run, `sweeplab aggregate` and a notebook's `aggregate`
 * of the config agree.
 */

const REAL = join(import.meta.dirname, "..", "fixtures", "formats", "real", "orders-final-2024-09-04-85603.csv");
const OB = join(import.meta.dirname, "..", "..", "sample_data", "ob.csv");

function realInputs(): string {
  const dir = tmp("sweeplab-tod-in-");
  mkdirSync(dir, { recursive: true });
  copyFileSync(REAL, join(dir, "orders.csv"));
  copyFileSync(OB, join(dir, "ob.csv"));
  return dir;
}

// The real extract (a fresh copy) with the sample ob.csv, run into a new folder with this session.
function realConfig(start: string, end: string): RunConfig {
  const inputs = realInputs();
  return resolveConfig({
    inputs: [inputs],
    reference: { instruments: join(inputs, "ob.csv") },
    outputDir: tmp("sweeplab-tod-out-"),
    workers: 2,
    analysis: { session: { start, end } },
  });
}

const buckets = (out: string): string[] =>
  readFileSync(join(out, "aggregated", "time_of_day.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").slice(0, 2).join(","))
    .filter((l) => !l.endsWith(",0"));

describe("time_of_day over the config's session", () => {
  it("00:00..24:00: the real extract's sweeps in their own half hour; run, aggregate and the notebook agree", async () => {
    const config = realConfig("00:00", "24:00");
    const out = config.outputDir;
    await runPipeline(config);
    const all = readFileSync(join(out, "aggregated", "time_of_day.csv"), "utf8")
      .trim()
      .split("\n");
    expect(all).toHaveLength(1 + 48); // 48 half hours, no before/after row
    expect(buckets(out)).toEqual(["21:00-21:30,128"]);
    const run = readFileSync(join(out, "aggregated", "time_of_day.csv"), "utf8");
    await aggregateRun(config);
    expect(readFileSync(join(out, "aggregated", "time_of_day.csv"), "utf8")).toBe(run);
    const frames = await aggregate(config);
    expect(frames.time_of_day.shape[0]).toBe(48);
  }, 120_000);

  it("a bare output folder: the session its run_manifest.json records (run, shards, sweeplab aggregate); 10:00–16:00 without one", async () => {
    const config = realConfig("00:00", "24:00");
    const out = config.outputDir;
    const manifest = (name = "run_manifest.json"): { session?: unknown } =>
      JSON.parse(readFileSync(join(out, name), "utf8")) as { session?: unknown };
    const rowsOf = async (source: string | typeof config): Promise<unknown[]> =>
      (await aggregate(source)).time_of_day.values;
    await runPipeline(config);
    expect(manifest().session).toEqual({ start: "00:00", end: "24:00" });
    const own = await rowsOf(config);
    expect(own).toHaveLength(48);
    expect(await rowsOf(out)).toEqual(own);
    // Two job shards without aggregate: their manifests record it.
    await runPipeline(config, { shard: { index: 0, count: 2 } });
    await runPipeline(config, { shard: { index: 1, count: 2 } });
    expect(manifest("run_manifest.shard-0-of-2.json").session).toEqual({ start: "00:00", end: "24:00" });
    expect(await rowsOf(out)).toEqual(own);
    // sweeplab aggregate rewrites run_manifest.json with it.
    await aggregateRun(config);
    expect(manifest().session).toEqual({ start: "00:00", end: "24:00" });
    expect(await rowsOf(out)).toEqual(own);
    // A folder of an older sweeplab (no session recorded): the default window, 12 half hours and
    // the "after" row of the extract's sweeps at 21:22.
    const { session: _, ...older } = manifest() as { session?: unknown; version: 1; jobs: unknown };
    writeFileSync(join(out, "run_manifest.json"), JSON.stringify(older));
    expect(await rowsOf(out)).toHaveLength(13);
  }, 120_000);

  it("a session with seconds: its buckets widen to the minute, labelled with its bounds (10:00:30-10:30 … 21:00-21:10:01)", async () => {
    const config = realConfig("10:00:30", "21:10:01");
    const out = config.outputDir;
    await runPipeline(config);
    const rows = readFileSync(join(out, "aggregated", "time_of_day.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    const labels = rows.map((r) => r.split(",")[0]);
    expect([labels[0], labels.at(-1), labels.length]).toEqual(["10:00:30-10:30", "21:00-21:10:01", 23]);
    // The extract's sweeps, placed at 21:22, are outside this session: not analysed at all.
    expect(buckets(out)).toEqual([]);
  }, 120_000);
});
