import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { retryFailed, runPipeline } from "../../src/pipeline/run.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { readManifest } from "../../src/pipeline/manifest.js";
import { TEMP_PREFIX } from "../../src/io/atomic.js";
import { faults, tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

let data = "";
let whole = "";
let wholeSnap = new Map<string, Buffer>();

beforeAll(async () => {
  data = await smallData();
  whole = tmp("sweeplab-out-");
  await runPipeline(configFor(data, whole));
  wholeSnap = snapshot(whole);
}, 120_000);

describe("runPipeline", () => {
  it("writes the store, every job's files, the aggregates, the manifest and the summary", async () => {
    const s = JSON.parse(readFileSync(join(whole, "run_summary.json"), "utf8"));
    expect(s.jobs).toMatchObject({ total: 6, done: 6, failed: 0, skipped: 0 });
    expect(s.partition.rowsRead).toBe(s.partition.accepted + s.partition.rejected);
    const keys = [...wholeSnap.keys()];
    for (const f of ["orders.parquet", "classified.parquet", "simulation.parquet", "metrics.csv", "job.json"]) {
      expect(keys.filter((k) => k.startsWith("by_security/") && k.endsWith(`/${f}`))).toHaveLength(6);
    }
    for (const t of ["global_summary", "by_security", "by_date", "by_participant", "time_series_analysis"])
      expect(keys).toContain(`aggregated/${t}.csv`);
    expect(keys.some((k) => k.startsWith("store/orders/security="))).toBe(true);
    expect(keys.some((k) => k.startsWith(TEMP_PREFIX) || k.includes(`/${TEMP_PREFIX}`))).toBe(false);
    const m = await readManifest(whole);
    expect(Object.values(m.jobs).map((j) => j.status)).toEqual(Array(6).fill("done"));
  });

  it("a rerun skips everything and leaves the outputs byte-identical", async () => {
    const s = await runPipeline(configFor(data, whole));
    expect(s.partition.skipped).toBe(true);
    expect(s.jobs).toMatchObject({ done: 0, skipped: 6, failed: 0 });
    expect(diffSnapshots(snapshot(whole), wholeSnap)).toEqual([]);
  });

  it("N shards then aggregate equal one whole run, byte for byte", async () => {
    const out = tmp("sweeplab-shards-");
    // Shards never build the store (they would race on shared storage): it is partitioned once first.
    await expect(runPipeline(configFor(data, out), { shard: { index: 0, count: 3 } })).rejects.toMatchObject({
      code: "store_not_ready",
    });
    await runPipeline(configFor(data, out), { partitionOnly: true });
    for (let i = 0; i < 3; i++) {
      const s = await runPipeline(configFor(data, out), { shard: { index: i, count: 3 } });
      expect(s.aggregate).toBeUndefined();
    }
    await aggregateRun(configFor(data, out));
    expect(diffSnapshots(snapshot(out), wholeSnap)).toEqual([]);
  });

  it("records a job that throws, one that hangs past its timeout and one whose worker exits; the others complete", async () => {
    const out = tmp("sweeplab-faults-");
    const config = configFor(data, out, { jobTimeoutMs: 3_000 });
    const keys = Object.keys((await readManifest(whole)).jobs);
    const s = await runPipeline(config, faults({ [keys[0]!]: "throw", [keys[2]!]: "hang", [keys[4]!]: "exit" }));
    expect(s.jobs).toMatchObject({ total: 6, done: 3, failed: 3 });
    const codes = Object.fromEntries(s.jobs!.failures.map((f) => [f.key, f.error.code]));
    expect(codes).toEqual({ [keys[0]!]: "job_threw", [keys[2]!]: "job_timeout", [keys[4]!]: "worker_exited" });
    const m = await readManifest(out);
    expect(
      Object.entries(m.jobs)
        .filter(([, j]) => j.status === "done")
        .map(([k]) => k),
    ).toEqual([keys[1], keys[3], keys[5]]);
    // A plain rerun keeps the failures (nothing changed); --retry-failed reruns exactly those.
    const warned: string[] = [];
    const again = await runPipeline(config, { onWarning: (w) => warned.push(w) });
    expect(again.jobs).toMatchObject({ done: 0, skipped: 6, failed: 3 });
    // Their FAILED lines are an earlier run's: the run says so, and how to run them again.
    expect(warned).toEqual([
      `3 job(s) failed in an earlier run and were not run again, since nothing they depend on changed (${[keys[0], keys[2], keys[4]].join(", ")}): rerun them with --retry-failed (retryFailed in a notebook)`,
    ]);
    const retried = await retryFailed(config);
    expect(retried.jobs).toMatchObject({ done: 3, skipped: 3, failed: 0 });
    expect(diffSnapshots(snapshot(out), wholeSnap)).toEqual([]);
  });

  it("a rerun with one changed partition recomputes only that job", async () => {
    const changed = await smallData();
    const out = tmp("sweeplab-change-");
    await runPipeline(configFor(changed, out));
    // Change one trade leg's participant: only its (security, date) partition's pieces change.
    const file = join(changed, "trades", "trades-2024-10-03.csv");
    const lines = readFileSync(file, "utf8").split("\n");
    const head = lines[0]!.split(",");
    const pi = head.indexOf("participantid");
    const row = lines[1]!.split(",");
    row[pi] = String(Number(row[pi]) + 1);
    lines[1] = row.join(",");
    writeFileSync(file, lines.join("\n"));
    const key = `${row[head.indexOf("securitycode")]}|2024-10-03`;
    const s = await runPipeline(configFor(changed, out));
    expect(s.partition.skipped).toBe(false);
    expect(s.jobs).toMatchObject({ done: 1, skipped: 5, failed: 0 });
    expect(s.jobs!.slowest.map((t) => t.key)).toEqual([key]);
    expect(existsSync(join(out, "aggregated", "global_summary.csv"))).toBe(true);
  });
});
