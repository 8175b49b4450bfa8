import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { readManifest } from "../../src/pipeline/manifest.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * Issue 12, "a job is current only if its outputs prove it": each input of a job's result changes
 * in turn and exactly the affected jobs are recomputed; and the five ways the manifest alone used
 * to call stale or missing outputs current.
 */

let data = "";
let base = "";
let baseSnap = new Map<string, Buffer>();
let keys: string[] = [];

beforeAll(async () => {
  data = await smallData(7);
  base = tmp("sweeplab-rec-base-");
  await runPipeline(configFor(data, base));
  baseSnap = snapshot(base);
  keys = readdirSync(join(base, "by_security"))
    .flatMap((sec) => readdirSync(join(base, "by_security", sec)).map((d) => `${sec.slice(4)}|${d}`))
    .sort();
}, 120_000);

/** A copy of the finished base run, to change and rerun. */
function clone(): string {
  const out = tmp("sweeplab-rec-");
  cpSync(base, out, { recursive: true });
  return out;
}

/** The keys of the jobs a run computed (not skipped), sorted. */
function computed(s: RunSummary): string[] {
  return [...new Set([...s.jobs!.slowest, ...s.jobs!.fastest].map((t) => t.key))].sort();
}

function jobFile(out: string, key: string, name: string): string {
  const [sec, date] = key.split("|");
  return join(out, "by_security", `SEC_${sec}`, date!, name);
}

/** ob.csv of the data with one security's DecimalsInPrice set to `decimals`, written beside it. */
function instrumentsWith(securityCode: string, decimals: number): string {
  const lines = readFileSync(join(data, "ob.csv"), "utf8").split("\n");
  const head = lines[0]!.split(",").map((h) => h.trim());
  const di = head.indexOf("DecimalsInPrice");
  const ii = head.indexOf("Id");
  const changed = lines.map((l, i) => {
    const cells = l.split(",");
    if (i === 0 || cells[ii]?.trim() !== securityCode) return l;
    cells[di] = String(decimals);
    return cells.join(",");
  });
  const path = join(tmp("sweeplab-ob-"), "ob.csv");
  writeFileSync(path, changed.join("\n"));
  return path;
}

describe("a rerun recomputes exactly the jobs whose inputs changed", () => {
  it("nothing changed: every job skipped, outputs byte-identical", async () => {
    const out = clone();
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 0, skipped: 6, failed: 0 });
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("the analysis config: every job", async () => {
    const out = clone();
    const s = await runPipeline(configFor(data, out, { analysis: { impactTicks: 3 } }));
    expect(s.jobs).toMatchObject({ done: 6, skipped: 0 });
    expect(computed(s)).toEqual(keys);
  });

  it("outputs.detailFormat: every job, its detail tables rewritten in the other format, the aggregated tables unchanged", async () => {
    const out = clone();
    const csv = configFor(data, out, { outputs: { detailFormat: "csv.gz" } });
    const s = await runPipeline(csv);
    expect(s.jobs).toMatchObject({ done: 6, skipped: 0 });
    expect(computed(s)).toEqual(keys);
    const files = [...snapshot(out).keys()].filter((f) => f.startsWith("by_security/"));
    expect(files.filter((f) => f.endsWith(".parquet"))).toEqual([]);
    expect(files.filter((f) => f.endsWith("/simulation.csv.gz"))).toHaveLength(6);
    const aggregated = (snap: Map<string, Buffer>): [string, Buffer][] =>
      [...snap].filter(([f]) => f.startsWith("aggregated/")).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(aggregated(snapshot(out))).toEqual(aggregated(baseSnap));
    expect((await runPipeline(csv)).jobs).toMatchObject({ done: 0, skipped: 6 });
    // Back to the default: recomputed again, and then the very files of the first run.
    expect((await runPipeline(configFor(data, out))).jobs).toMatchObject({ done: 6, skipped: 0 });
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("one security's DecimalsInPrice in the instruments file: that security's jobs only", async () => {
    const out = clone();
    const sec = keys[0]!.split("|")[0]!;
    const ob = instrumentsWith(sec, 4);
    const s = await runPipeline(configFor(data, out, { reference: { instruments: ob } }));
    expect(s.jobs).toMatchObject({ done: 3, skipped: 3, failed: 0 });
    expect(computed(s)).toEqual(keys.filter((k) => k.startsWith(`${sec}|`)));
    expect(JSON.parse(readFileSync(jobFile(out, keys[0]!, "job.json"), "utf8")).decimals).toBe(4);
  });

  it("the toolkit version in two job records: those two jobs only", async () => {
    const out = clone();
    for (const key of [keys[1]!, keys[4]!]) {
      const path = jobFile(out, key, "job.json");
      const job = JSON.parse(readFileSync(path, "utf8"));
      job.record.stamp.toolkitVersion = "0.0.1";
      writeFileSync(path, JSON.stringify(job, null, 2) + "\n");
    }
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 2, skipped: 4 });
    expect(computed(s)).toEqual([keys[1], keys[4]]);
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("an upgrade of the toolkit (another running version): every job", async () => {
    const out = clone();
    const s = await runPipeline(configFor(data, out), { toolkitVersion: "9.9.9" });
    expect(s.jobs).toMatchObject({ done: 6, skipped: 0 });
    const job = JSON.parse(readFileSync(jobFile(out, keys[0]!, "job.json"), "utf8"));
    expect(job.record.stamp.toolkitVersion).toBe("9.9.9");
  });
});

describe("the five ways stale or missing outputs passed as current (issue 12)", () => {
  it("1. a rerun with another analysis config, interrupted, then a rerun with the first config: every job recomputed, outputs as before", async () => {
    const out = clone();
    const abort = new AbortController();
    const other = await runPipeline(configFor(data, out, { workers: 1, analysis: { impactTicks: 3 } }), {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === "jobs" && p.done >= 1) abort.abort(new Error("user cancelled"));
      },
    });
    expect(other.jobs!.done).toBeGreaterThanOrEqual(1);
    expect(other.jobs!.done).toBeLessThan(6);
    const again = await runPipeline(configFor(data, out));
    expect(again.jobs).toMatchObject({ done: 6, skipped: 0, failed: 0 });
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
    // The manifest is rebuilt from the records: every job done, with the first config's fingerprint.
    const m = await readManifest(out);
    expect(Object.keys(m.jobs)).toEqual(keys);
    expect(new Set(Object.values(m.jobs).map((j) => `${j.status} ${j.configFingerprint}`)).size).toBe(1);
  });

  it("2. a deleted job folder is recomputed", async () => {
    const out = clone();
    rmSync(join(jobFile(out, keys[2]!, "job.json"), ".."), { recursive: true });
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 1, skipped: 5 });
    expect(computed(s)).toEqual([keys[2]]);
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("3. a damaged simulation.parquet is recomputed instead of crashing every later run", async () => {
    const out = clone();
    const sim = jobFile(out, keys[3]!, "simulation.parquet");
    const bytes = readFileSync(sim);
    writeFileSync(sim, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 1, skipped: 5 });
    expect(computed(s)).toEqual([keys[3]]);
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("3b. a file changed in place with the same size is caught by its checksum", async () => {
    const out = clone();
    const metrics = jobFile(out, keys[5]!, "metrics.csv");
    const text = readFileSync(metrics, "utf8");
    writeFileSync(
      metrics,
      // The last digit of the first row (same size, other bytes), whatever its last column holds.
      text.replace(/(\d)(\r?\n)/, (_m, d: string, nl: string) => `${(Number(d) + 1) % 10}${nl}`),
    );
    const s = await runPipeline(configFor(data, out));
    expect(computed(s)).toEqual([keys[5]]);
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("4. job folders written by a shard with another config are not current for a whole run", async () => {
    const out = clone();
    const other = configFor(data, out, { analysis: { impactTicks: 3 } });
    const shard = await runPipeline(other, { shard: { index: 0, count: 2 } });
    expect(shard.jobs!.done).toBe(3);
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 3, skipped: 3 });
    expect(computed(s)).toEqual(computed(shard));
    expect(diffSnapshots(snapshot(out), baseSnap)).toEqual([]);
  });

  it("5. adding reference.instruments recomputes the jobs whose decimals it changes, and only those", async () => {
    const out = tmp("sweeplab-rec-noref-");
    // The data without its ob.csv (an instruments table among the inputs would be used on its own),
    // and the instruments file in a folder of its own, named by the config in the second run.
    const bare = tmp("sweeplab-rec-bare-");
    cpSync(data, bare, { recursive: true, filter: (src) => !src.endsWith("ob.csv") });
    const refDir = tmp("sweeplab-rec-ref-");
    cpSync(join(data, "ob.csv"), join(refDir, "ob.csv"));
    // Without an instruments file every security has the default 2 decimals.
    const { reference: _reference, ...noReference } = configFor(bare, out);
    await runPipeline(noReference);
    const decimals = readFileSync(join(refDir, "ob.csv"), "utf8");
    const s = await runPipeline({ ...noReference, reference: { instruments: join(refDir, "ob.csv") } });
    const head = decimals
      .split("\n")[0]!
      .split(",")
      .map((h) => h.trim());
    const notTwo = decimals
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .filter((c) => c.length > 1 && c[head.indexOf("DecimalsInPrice")]!.trim() !== "2")
      .map((c) => c[head.indexOf("Id")]!.trim());
    const affected = keys.filter((k) => notTwo.includes(k.split("|")[0]!));
    expect(affected.length).toBeGreaterThan(0);
    expect(computed(s)).toEqual(affected);
    expect(s.jobs!.skipped).toBe(6 - affected.length);
    // The job outputs and tables equal the base run's (the store's manifest names other input paths).
    const results = (m: Map<string, Buffer>): Map<string, Buffer> =>
      new Map([...m].filter(([k]) => k.startsWith("by_security/") || k.startsWith("aggregated/")));
    expect(diffSnapshots(results(snapshot(out)), results(baseSnap))).toEqual([]);
  });
});
