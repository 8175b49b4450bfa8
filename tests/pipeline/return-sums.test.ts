import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import type { PipelineOptions } from "../../src/pipeline/run-options.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * A job's task says whether the caller merges the sums the job returns (`returnSums`): only a run
 * that aggregates asks for them. A shard or a run without aggregation gets values without sums (not
 * cloned back from the worker), while every job.json still holds them, so shards + `aggregate`
 * still equal one whole run byte for byte. A worker that forgets the sums a run needs stops it.
 */

/** One line of tests/fixtures/pool/sums-spy-worker.cjs's log. */
interface SpyLine {
  key: string;
  returnSums: boolean;
  withSums: boolean | undefined;
  recordHasSums: boolean | undefined;
  bytes: number;
}

let data = "";
let whole = "";

beforeAll(async () => {
  data = await smallData(17);
  whole = tmp("sweeplab-retsums-whole-");
  const s = await runPipeline(configFor(data, whole));
  expect(s.jobs?.done).toBe(6);
}, 120_000);

/** Options running the tasks in the spy worker, logging into a fresh file; and a reader of its lines. */
function spy(drop = false): { options: Pick<PipelineOptions, "testWorker">; lines: () => SpyLine[] } {
  const log = join(tmp("sweeplab-retsums-log-"), "jobs.jsonl");
  const filename = join(import.meta.dirname, "..", "fixtures", "pool", "sums-spy-worker.cjs");
  return {
    options: { testWorker: { filename, data: { log, drop } } },
    lines: () =>
      existsSync(log)
        ? readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as SpyLine)
        : [],
  };
}

/** The job.json records of every job folder under `out`, by key `SEC|YYYY-MM-DD`. */
function records(out: string): Map<string, { decimals: number; sums: Record<string, unknown> }> {
  const root = join(out, "by_security");
  const found = new Map<string, { decimals: number; sums: Record<string, unknown> }>();
  for (const sec of readdirSync(root).sort())
    for (const date of readdirSync(join(root, sec)).sort()) {
      const job = JSON.parse(readFileSync(join(root, sec, date, "job.json"), "utf8")) as {
        record: { decimals: number; sums: Record<string, unknown> };
      };
      found.set(`${sec.replace(/^SEC_/, "")}|${date}`, job.record);
    }
  return found;
}

/** Every job's record holds its sums (cells, participants, time buckets), as in the whole run. */
function expectSumsInJobJson(out: string, keys: readonly string[]): void {
  const got = records(out);
  const want = records(whole);
  for (const key of keys) {
    const sums = got.get(key)?.sums;
    expect(sums, key).toBeDefined();
    expect(Object.keys(sums ?? {}).length, key).toBeGreaterThan(0);
    expect(sums, key).toEqual(want.get(key)?.sums);
  }
}

const aggregated = (out: string): Map<string, Buffer> =>
  new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));

describe("returnSums: workers send their sums back only when the run aggregates", () => {
  it("shard runs get no sums from their workers, their job.json files hold them, shards + aggregate equal the whole run", async () => {
    const out = tmp("sweeplab-retsums-shards-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    const { options, lines } = spy();
    for (let i = 0; i < 2; i++) {
      const s = await runPipeline(configFor(data, out), { ...options, shard: { index: i, count: 2 } });
      expect(s.aggregate).toBeUndefined();
    }
    const log = lines();
    expect(log).toHaveLength(6);
    for (const l of log) expect(l).toMatchObject({ returnSums: false, withSums: false, recordHasSums: false });
    expectSumsInJobJson(
      out,
      log.map((l) => l.key),
    );
    await aggregateRun(configFor(data, out));
    const tables = aggregated(out);
    expect(tables.size).toBe(8);
    expect(diffSnapshots(tables, aggregated(whole))).toEqual([]);
    expect(diffSnapshots(snapshot(out), snapshot(whole))).toEqual([]);
  }, 120_000);

  it("a run with aggregation off gets no sums; one that aggregates gets them, and its tables equal a pure aggregate", async () => {
    const off = tmp("sweeplab-retsums-off-");
    const quiet = spy();
    const s = await runPipeline(configFor(data, off), { ...quiet.options, aggregate: false });
    expect(s.jobs?.done).toBe(6);
    expect(s.aggregate).toBeUndefined();
    const without = quiet.lines();
    expect(without).toHaveLength(6);
    for (const l of without) expect(l).toMatchObject({ returnSums: false, withSums: false, recordHasSums: false });
    expectSumsInJobJson(
      off,
      without.map((l) => l.key),
    );

    const on = tmp("sweeplab-retsums-on-");
    const loud = spy();
    const t = await runPipeline(configFor(data, on), loud.options);
    expect(t.aggregate?.files).toHaveLength(8);
    const withSums = loud.lines();
    expect(withSums).toHaveLength(6);
    for (const l of withSums) expect(l).toMatchObject({ returnSums: true, withSums: true, recordHasSums: true });
    // The sums are most of what a job's value clones back: leaving them out makes it much smaller.
    const bytes = (ls: SpyLine[], key: string): number => ls.find((l) => l.key === key)?.bytes ?? 0;
    for (const l of withSums) expect(bytes(without, l.key), l.key).toBeLessThan(bytes(withSums, l.key) / 2);
    expect(diffSnapshots(aggregated(on), aggregated(whole))).toEqual([]);
    await aggregateRun(configFor(data, off));
    expect(diffSnapshots(aggregated(off), aggregated(on))).toEqual([]);
  }, 120_000);

  it("a worker that returns no sums to a run that aggregates stops it with job_sums_missing, and writes no tables", async () => {
    const out = tmp("sweeplab-retsums-drop-");
    const { options, lines } = spy(true);
    await expect(runPipeline(configFor(data, out), options)).rejects.toMatchObject({
      name: "JobSumsMissingError",
      code: "job_sums_missing",
      message: expect.stringMatching(/returned no sums .* run `sweeplab aggregate`/),
    });
    expect(lines()[0]).toMatchObject({ returnSums: true, withSums: false, recordHasSums: false });
    expect(existsSync(join(out, "aggregated"))).toBe(false);
  }, 120_000);
});
