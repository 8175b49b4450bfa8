import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DataFrame } from "../../src/frames/index.js";
import { aggregate } from "../../src/notebook/aggregate.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * Issue 15: jobs return their additive sums and save them in job.json's record; aggregation
 * merges those sums and never opens a detail file. Proved by removing (then garbling) every detail
 * file of a finished run: `sweeplab aggregate` and the notebook's `aggregate()` still give exactly
 * the tables of the run.
 */

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
let data = "";
let base = "";
let tables = new Map<string, Buffer>();

beforeAll(async () => {
  data = await smallData(11);
  base = tmp("sweeplab-sums-base-");
  const s = await runPipeline(configFor(data, base));
  expect(s.jobs?.done).toBe(6);
  tables = aggregated(base);
  expect(tables.size).toBe(8);
}, 120_000);

const aggregated = (out: string): Map<string, Buffer> =>
  new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));

/** Every file of every job folder but job.json, relative to `out`. */
function detailFiles(out: string): string[] {
  return [...snapshot(out).keys()].filter((k) => k.startsWith("by_security/") && !k.endsWith("/job.json"));
}

/** A copy of the run with every detail file deleted or overwritten with garbage, and no aggregated/. */
function spoiled(how: "deleted" | "garbage"): string {
  const out = tmp(`sweeplab-sums-${how}-`);
  cpSync(base, out, { recursive: true });
  const files = detailFiles(out);
  expect(files.length).toBeGreaterThanOrEqual(6 * 4); // orders, classified, simulation, metrics per job
  expect(files.some((f) => /\/simulation\.(parquet|csv\.gz)$/.test(f))).toBe(true); // parquet by default
  expect(files.some((f) => f.endsWith("/metrics.csv"))).toBe(true);
  for (const f of files)
    if (how === "deleted") rmSync(join(out, f));
    else writeFileSync(join(out, f), "garbage,\u0000not csv nor gzip\n");
  rmSync(join(out, "aggregated"), { recursive: true });
  return out;
}

/** A frame as comparable plain data: its columns and values. */
const plain = (f: DataFrame | undefined): unknown => ({ columns: f?.columns, values: f?.values });

describe.each(["deleted", "garbage"] as const)("every detail file %s", (how) => {
  it("sweeplab aggregate writes tables byte-identical to the run's", () => {
    const out = spoiled(how);
    const config = join(tmp("sweeplab-sums-cfg-"), "config.json");
    writeFileSync(
      config,
      JSON.stringify({ inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out }),
    );
    const r = spawnSync(process.execPath, [BIN, "aggregate", "--config", config], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(diffSnapshots(aggregated(out), tables)).toEqual([]);
    if (how === "deleted") expect(detailFiles(out)).toEqual([]); // nothing was rewritten either
  });

  it("the notebook's aggregate() gives the frames of the run's tables, from a folder and from a config", async () => {
    const out = spoiled(how);
    const expected = await aggregate(base);
    // Given the config, the participants file among its inputs names the participants (4dc0c51).
    const expectedOfConfig = await aggregate(configFor(data, base));
    const fromFolder = await aggregate(out);
    const fromConfig = await aggregate(configFor(data, out));
    expect(Object.keys(fromFolder).sort()).toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected) as (keyof typeof expected)[]) {
      expect([name, plain(fromFolder[name])]).toEqual([name, plain(expected[name])]);
      expect([name, plain(fromConfig[name])]).toEqual([name, plain(expectedOfConfig[name])]);
    }
    expect(expectedOfConfig.by_participant.column("participant_name").values).toContain("BrokerA");
    expect(expected.by_participant.shape[0]).toBeGreaterThan(1);
  });
});

it("a rerun recomputes the spoiled jobs (their records no longer prove them) and writes the same tables", async () => {
  const out = spoiled("garbage");
  const s = await runPipeline(configFor(data, out));
  expect(s.jobs).toMatchObject({ done: 6, skipped: 0 });
  expect(diffSnapshots(aggregated(out), tables)).toEqual([]);
  expect(readdirSync(join(out, "aggregated")).length).toBe(8);
}, 120_000);

it("a job.json record of format 1 (written before jobs saved their sums) is foreign: aggregate refuses it, run recomputes the job", async () => {
  const out = tmp("sweeplab-sums-old-");
  cpSync(base, out, { recursive: true });
  const records = [...snapshot(out).keys()].filter((k) => k.endsWith("/job.json"));
  expect(records).toHaveLength(6);
  for (const k of records) {
    const json = JSON.parse(readFileSync(join(out, k), "utf8")) as { record: Record<string, unknown> };
    const { sums: _s, decimals: _d, ...old } = json.record;
    writeFileSync(join(out, k), JSON.stringify({ ...json, record: { ...old, format: 1 } }, null, 2) + "\n");
  }
  const config = configFor(data, out);
  await expect(aggregateRun(config)).rejects.toMatchObject({
    code: "aggregate_incomplete",
    missing: 6,
    message: expect.stringContaining("a record of format 1, not 4") as unknown,
  });
  const s = await runPipeline(config);
  expect(s.jobs).toMatchObject({ done: 6, skipped: 0 });
  expect(diffSnapshots(aggregated(out), tables)).toEqual([]);
}, 120_000);

it("a job folder copied by hand under by_security/ (a backup, a copy under another name): aggregate of the folder refuses it as wrong_job, as sweepRows does, instead of counting that job twice; of a config, it is no job of the config", async () => {
  const expected = await aggregate(configFor(data, base));
  const sec = readdirSync(join(base, "by_security")).sort()[0]!;
  const date = readdirSync(join(base, "by_security", sec)).sort()[0]!;
  for (const [copy, field] of [
    [join(`${sec}.bak`, date), "securityCode"], // a whole security's folder backed up beside it
    [join(sec, `${date} copy`), "date"], // one job folder copied in place
    [join(sec, "2024-12-31"), "date"], // under a date the data does not hold
  ] as const) {
    const out = tmp("sweeplab-sums-copy-");
    cpSync(base, out, { recursive: true });
    cpSync(join(out, "by_security", sec, date), join(out, "by_security", copy), { recursive: true });
    await expect(aggregate(out)).rejects.toMatchObject({
      code: "wrong_job",
      message: expect.stringContaining(`${copy}/job.json: column ${field}: holds`) as unknown,
    });
    const fromConfig = await aggregate(configFor(data, out));
    for (const name of Object.keys(expected) as (keyof typeof expected)[])
      expect([copy, name, plain(fromConfig[name])]).toEqual([copy, name, plain(expected[name])]);
  }
}, 120_000);
