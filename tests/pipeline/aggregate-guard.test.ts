import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import {
  aggregateJobs,
  aggregateRun,
  currentJobsOf,
  loadAggregateFrames,
} from "../../src/pipeline/aggregate/aggregate-step.js";
import { loadParticipants } from "../../src/io/inputs/reference.js";
import { faults, tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * Issue 12: the aggregated tables hold exactly the jobs of the config's job matrix whose outputs are
 * current for it; when some are missing, or the selection matches nothing, they are not overwritten.
 */

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
let data = "";
let base = "";
let baseSnap = new Map<string, Buffer>();

beforeAll(async () => {
  data = await smallData(9);
  base = tmp("sweeplab-agg-base-");
  await runPipeline(configFor(data, base));
  baseSnap = snapshot(base);
}, 120_000);

function clone(): string {
  const out = tmp("sweeplab-agg-");
  cpSync(base, out, { recursive: true });
  return out;
}

const aggregated = (out: string): Map<string, Buffer> =>
  new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));

describe("aggregation takes only the current jobs of the config's matrix", () => {
  it("after only some shards it refuses (aggregate_incomplete, naming the missing jobs); after all it equals a whole run", async () => {
    const out = tmp("sweeplab-agg-shards-");
    const config = configFor(data, out);
    await runPipeline(config, { partitionOnly: true });
    const first = await runPipeline(config, { shard: { index: 0, count: 2 } });
    const e = await aggregateRun(config).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ code: "aggregate_incomplete", missing: 6 - first.jobs!.done });
    expect((e as { keys: string[] }).keys).toHaveLength(6 - first.jobs!.done);
    expect((e as Error).message).toContain("job.json cannot be read (ENOENT)");
    // The shard manifests in the folder tell which job shard those jobs belong to.
    expect((e as Error).message).toContain(
      "; run them first: they belong to job shard 1/2 (`sweeplab run --shard 1/2`, same --config/--output; or `sweeplab run` for all), or pass --allow-partial",
    );
    expect(existsSync(join(out, "aggregated"))).toBe(false);
    // Told to, it aggregates what is there.
    expect(await aggregateRun(config, { allowPartial: true })).toHaveLength(8);
    await runPipeline(config, { shard: { index: 1, count: 2 } });
    await aggregateRun(config);
    expect(diffSnapshots(aggregated(out), aggregated(base))).toEqual([]);
  });

  it("never mixes in the folders a shard wrote with another config", async () => {
    const out = clone();
    const config = configFor(data, out);
    const shard = await runPipeline(configFor(data, out, { analysis: { impactTicks: 3 } }), {
      shard: { index: 0, count: 2 },
    });
    expect(shard.jobs!.done).toBe(3);
    await expect(aggregateRun(config)).rejects.toMatchObject({ code: "aggregate_incomplete", missing: 3 });
    // The shard removed the tables of the run before it (they no longer describe by_security/); the refusal wrote none.
    expect(existsSync(join(out, "aggregated"))).toBe(false);
    const current = await currentJobsOf(config, { allowPartial: true });
    expect(current).toHaveLength(3);
    // Partial, it equals the tables of exactly those three jobs of the first config.
    await aggregateRun(config, { allowPartial: true });
    const expected = clone();
    // The run found par.csv among its inputs: the same participant names.
    await aggregateJobs(expected, current, { participants: await loadParticipants(join(data, "par.csv")) });
    expect(diffSnapshots(aggregated(out), aggregated(expected))).toEqual([]);
    await expect(loadAggregateFrames(config)).rejects.toMatchObject({ code: "aggregate_incomplete" });
  });

  it("an empty selection refuses to overwrite the tables (aggregate_empty), in a run and in aggregate", async () => {
    const out = clone();
    const config = configFor(data, out, { securities: ["999999"] });
    const e = await runPipeline(config).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ code: "aggregate_empty" });
    expect((e as Error).message).toMatch(
      /^the selection matches no \(security, date\) in the store: present are securities \d+, \d+ on dates /,
    );
    expect((e as Error).message).not.toContain("\n");
    // What to do, from the CLI and from a notebook or script (run's third argument).
    expect((e as Error).message).toMatch(
      /\(fix securities\/dates, or pass --allow-partial \(run\(config, overrides, \{ allowPartial: true \}\) in a notebook\) to write empty tables\)$/,
    );
    await expect(aggregateRun(config)).rejects.toMatchObject({ code: "aggregate_empty" });
    expect(diffSnapshots(aggregated(out), aggregated(base))).toEqual([]);
    expect(existsSync(join(out, "run_summary.json"))).toBe(true);
    // Told to, it writes the (empty) tables.
    const s = await runPipeline(config, { allowPartial: true });
    expect(s.aggregate?.files).toHaveLength(8);
    expect(diffSnapshots(aggregated(out), aggregated(base)).length).toBeGreaterThan(0);
  });

  it("a run whose jobs partly failed still aggregates its current jobs", async () => {
    const out = tmp("sweeplab-agg-fail-");
    const key = [...baseSnap.keys()].find((k) => k.endsWith("/job.json"))!.split("/");
    const s = await runPipeline(configFor(data, out), faults({ [`${key[1]!.slice(4)}|${key[2]}`]: "throw" }));
    expect(s.jobs).toMatchObject({ done: 5, failed: 1 });
    expect(s.aggregate?.files).toHaveLength(8);
  });

  it("removes the temp file a run killed while writing its tables left in aggregated/", async () => {
    const out = clone();
    // What `kill -9` between writeFileAtomic's write and its rename leaves (TEMP_PREFIX + name + random).
    const leftover = join(out, "aggregated", ".sweeplab-tmp-by_date.csv.3f9a0c41d2e7");
    writeFileSync(leftover, "security_code,date\n110621,2024-");
    const files = await aggregateRun(configFor(data, out));
    expect(files).toHaveLength(8);
    expect(existsSync(leftover)).toBe(false);
    // Nothing else in the folder: the tables, byte for byte those of the run.
    expect(diffSnapshots(aggregated(out), aggregated(base))).toEqual([]);
  });
});

describe("sweeplab aggregate", () => {
  function cli(config: string, ...flags: string[]): { code: number | null; err: string } {
    const r = spawnSync(process.execPath, [BIN, "aggregate", "--config", config, ...flags], { encoding: "utf8" });
    return { code: r.status, err: r.stderr };
  }

  it("sweeplab run with a selection matching nothing exits 1 with the one-line reason, tables untouched", () => {
    const out = clone();
    const config = join(tmp("sweeplab-agg-cfg-"), "config.json");
    writeFileSync(config, JSON.stringify({ inputs: [data], outputDir: out, workers: 2 }));
    const r = spawnSync(process.execPath, [BIN, "run", "--config", config, "--securities", "999999"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sweeplab run: the selection matches no \(security, date\) in the store: present are /m);
    expect(diffSnapshots(aggregated(out), aggregated(base))).toEqual([]);
  });

  it("exits 1 with the reason when jobs are missing, and aggregates with --allow-partial", () => {
    const out = clone();
    const config = join(tmp("sweeplab-agg-cfg-"), "config.json");
    writeFileSync(
      config,
      JSON.stringify({ inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out }),
    );
    const [sec] = [...baseSnap.keys()]
      .find((k) => k.endsWith("/job.json"))!
      .split("/")
      .slice(1);
    rmSync(join(out, "by_security", sec!), { recursive: true });
    const refused = cli(config);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^sweeplab aggregate: \[aggregate_incomplete\] .*: 3 of 6 jobs of this config have no current outputs/,
    );
    expect(diffSnapshots(aggregated(out), aggregated(base))).toEqual([]);
    expect(cli(config, "--allow-partial").code).toBe(0);
    expect(diffSnapshots(aggregated(out), aggregated(base)).length).toBeGreaterThan(0);
  });
});
