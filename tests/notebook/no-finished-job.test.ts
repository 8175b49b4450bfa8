// A run that happened but left no finished job — every job failed, or none ran (an --allow-partial
// run whose selection matched nothing) — read from a notebook: every entry point that reads a run's
// outputs (aggregate, sweepRows, compare, details) says what is there (the jobs the run recorded,
// the failed ones with their codes, where the failures are written, what to do) as one typed error,
// RunSourceError `no_finished_job`, never "run it first".
import { cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inspect } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfigInput } from "../../src/config/index.js";
import { writeManifest, writeSummary, type RunSummary } from "../../src/pipeline/index.js";
import {
  aggregate,
  compare,
  details,
  run,
  RunSourceError,
  setDisplayTarget,
  sweepRows,
  type RunResult,
} from "../../src/notebook/index.js";
import { writeSampleJobs } from "../frames/fixtures.js";
import { faults, tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";
import { collector } from "./collector.js";

let data = "";
const KEYS = ["110621", "110622"].flatMap((s) => ["2024-10-02", "2024-10-03", "2024-10-04"].map((d) => `${s}|${d}`));

const config = (out: string): RunConfigInput => ({
  inputs: [data],
  reference: { instruments: join(data, "ob.csv") },
  outputDir: out,
  workers: 1,
  jobTimeoutMs: 20_000,
  retries: 0,
});

/** Every notebook call that reads a run's outputs, on `source`. */
const readers = (source: string | RunResult): [string, () => Promise<unknown>][] => [
  ["aggregate", () => aggregate(source)],
  ["sweepRows", () => sweepRows(source)],
  ["compare", () => compare(source)],
  ["details", () => details(source, "orders")],
];

let allFailed: RunResult;
let noneRan: RunResult;

beforeAll(async () => {
  data = await smallData(5);
  const all = Object.fromEntries(KEYS.map((k) => [k, "throw" as const]));
  allFailed = await run(
    config(tmp("sweeplab-nb-allfail-")),
    {},
    { ...faults(all), progress: false, allowPartial: true },
  );
  noneRan = await run(
    config(tmp("sweeplab-nb-noneran-")),
    { securities: ["999999"] },
    { progress: false, allowPartial: true },
  );
}, 120_000);

describe("a run in which every job failed", () => {
  it("is what the fixture says: 6 jobs, all failed with job_threw", () => {
    expect(allFailed.summary.jobs).toMatchObject({ total: 6, done: 0, failed: 6 });
  });

  it.each(["aggregate", "sweepRows", "compare", "details"])(
    "%s says the run recorded 6 jobs, none finished, naming each with its code, where they are written and what to do",
    async (name) => {
      const dir = resolve(allFailed.outputDir);
      const call = readers(allFailed).find(([n]) => n === name)![1];
      const e = (await call().catch((x: unknown) => x)) as RunSourceError;
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e.code).toBe("no_finished_job");
      expect(e.message).toBe(
        `${dir}: the run recorded 6 jobs and none finished: 6 failed (${KEYS.map((k) => `${k} [job_threw]`).join(", ")}); ` +
          `the first: ${KEYS[0]} [job_threw] injected failure in job 110621 2024-10-02; ` +
          `each failure's code and message are in ${dir}/run_manifest.json and ${dir}/run_summary.json (result.failures after run()); ` +
          "fix what they say, then rerun only them: run(config, {}, { retryFailed: true }) or `sweeplab run --retry-failed`",
      );
      expect(e.message).not.toContain("run it first");
      // Brief: the message alone, no stack.
      expect(e.stack).toBe(`RunSourceError: ${e.message}`);
    },
  );

  it("its result, a cell's value in a notebook, says no job finished and where to look, not 'its tables: await aggregate'", () => {
    setDisplayTarget(collector());
    try {
      expect(inspect(allFailed)).toBe(
        `RunResult of ${allFailed.outputDir}: 0 done, 0 skipped (already current), 6 failed of 6 jobs — ` +
          "the summary is shown above; no job finished: the failures, with their codes, in .failures; " +
          "rerun them with run(config, {}, { retryFailed: true })",
      );
      expect(inspect(noneRan)).toBe(
        `RunResult of ${noneRan.outputDir}: 0 done, 0 skipped (already current), 0 failed of 0 jobs — ` +
          "the summary is shown above; no job ran: its selection matched no (security, date) (see .summary.dataQuality.reasons)",
      );
    } finally {
      setDisplayTarget(undefined);
    }
  });

  it("the output folder (a path) says the same as the run result", async () => {
    const a = (await aggregate(allFailed.outputDir).catch((x: unknown) => x)) as RunSourceError;
    expect(a.code).toBe("no_finished_job");
    expect(a.message).toContain("the run recorded 6 jobs and none finished: 6 failed (");
  });

  it("a filter keeping only some of the failed jobs names those, as of the jobs chosen", async () => {
    const e = (await aggregate(allFailed, { securities: ["110622"] }).catch((x: unknown) => x)) as RunSourceError;
    expect(e.code).toBe("no_finished_job");
    expect(e.message).toContain(
      "the run recorded 3 jobs of the securities and dates chosen and none finished: 3 failed (110622|2024-10-02 [job_threw], 110622|2024-10-03 [job_threw], 110622|2024-10-04 [job_threw]); the first: 110622|2024-10-02 [job_threw] ",
    );
  });

  it("more than 10 failures: the first 10, then the count", async () => {
    const copy = tmp("sweeplab-nb-manyfail-");
    cpSync(allFailed.outputDir, copy, { recursive: true });
    const failed = {
      status: "failed",
      inputFingerprint: "i",
      configFingerprint: "c",
      error: { code: "job_timeout", message: "exceeded jobTimeoutMs = 1 ms\nmore" },
    } as const;
    const jobs = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`1000${10 + i}|2024-10-02`, failed]));
    await writeManifest(copy, { version: 1, jobs });
    const e = (await sweepRows(copy).catch((x: unknown) => x)) as RunSourceError;
    expect(e.code).toBe("no_finished_job");
    const shown = Array.from({ length: 10 }, (_, i) => `1000${10 + i}|2024-10-02 [job_timeout]`).join(", ");
    expect(e.message).toContain(
      `the run recorded 12 jobs and none finished: 12 failed (${shown}, … (12 in all)); the first: 100010|2024-10-02 [job_timeout] exceeded jobTimeoutMs = 1 ms; `,
    );
  });
});

describe("a run in which no job ran", () => {
  it("is what the fixture says: an --allow-partial run of a security not in the data, 0 jobs", () => {
    expect(noneRan.summary.jobs).toMatchObject({ total: 0, done: 0, failed: 0 });
  });

  it.each(["aggregate", "sweepRows", "compare", "details"])(
    "%s says the run recorded no job, why (from its summary), where and what to do",
    async (name) => {
      const dir = resolve(noneRan.outputDir);
      const call = readers(noneRan).find(([n]) => n === name)![1];
      const e = (await call().catch((x: unknown) => x)) as RunSourceError;
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e.code).toBe("no_finished_job");
      expect(e.message).toBe(
        `${dir}: the run recorded no job: security 999999 is not in the data: present are 110621, 110622 ` +
          `(${dir}/run_summary.json); fix the config's securities and dates (or the inputs), then run it again`,
      );
    },
  );
});

describe("a run whose partition failed", () => {
  it("says no job ran because the partition of the input files named failed, and to fix what it says", async () => {
    const copy = tmp("sweeplab-nb-partfail-");
    cpSync(noneRan.outputDir, copy, { recursive: true });
    const failure = { code: "job_threw", message: "orders.csv: disk read error\nat …" } as const;
    const summary: RunSummary = {
      ...noneRan.summary,
      partition: { ...noneRan.summary.partition, failures: [{ file: "/data/orders.csv", error: failure }] },
      stopped: { phase: "partition", code: "incomplete_store", message: "STOPPED: 1 partition task failed" },
    };
    delete summary.dataQuality;
    await writeSummary(copy, summary);
    const e = (await aggregate(copy).catch((x: unknown) => x)) as RunSourceError;
    expect(e.code).toBe("no_finished_job");
    expect(e.message).toBe(
      `${resolve(copy)}: the run recorded no job: STOPPED: 1 partition task failed; the partition of 1 input file failed: ` +
        `/data/orders.csv [job_threw] orders.csv: disk read error (${resolve(copy)}/run_summary.json); fix what it says, then run it again`,
    );
  });
});

describe("a run_summary.json not of this version's shape", () => {
  it("is checked, not trusted: one without the partition's failures is not quoted (no TypeError), the folder is no_run", async () => {
    const copy = tmp("sweeplab-nb-oldsum-");
    cpSync(noneRan.outputDir, copy, { recursive: true });
    writeFileSync(join(copy, "run_summary.json"), JSON.stringify({ jobs: { total: 0 }, partition: {} }));
    const e = (await aggregate(copy).catch((x: unknown) => x)) as RunSourceError;
    expect(e).toBeInstanceOf(RunSourceError);
    expect(e.code).toBe("no_run");
  });
});

describe("an output folder with complete jobs, some failed", () => {
  it("a filter choosing only failed jobs is no_finished_job for them, not 'not in the data'", async () => {
    const copy = tmp("sweeplab-nb-somefail-");
    const sample = await writeSampleJobs(copy);
    const secs = readdirSync(join(copy, "by_security")).sort();
    expect(secs.length).toBeGreaterThan(1);
    const gone = secs[0]!.slice(4);
    const dates = readdirSync(join(copy, "by_security", secs[0]!)).sort();
    rmSync(join(copy, "by_security", secs[0]!), { recursive: true });
    const threw = {
      status: "failed",
      inputFingerprint: "i",
      configFingerprint: "c",
      error: { code: "out_of_memory", message: "worker ran out of memory" },
    } as const;
    await writeManifest(copy, { version: 1, jobs: Object.fromEntries(dates.map((d) => [`${gone}|${d}`, threw])) });
    expect(sample.results.length).toBeGreaterThan(dates.length);
    for (const [name, call] of [
      ["aggregate", () => aggregate(copy, { securities: [gone] })],
      ["details", () => details(copy, "simulation", { securities: [gone] })],
      ["sweepRows", () => sweepRows(copy, { securities: [gone] })],
    ] as const) {
      const e = (await call().catch((x: unknown) => x)) as RunSourceError;
      expect(e.code, name).toBe("no_finished_job");
      expect(e.message, name).toContain(
        `the run recorded ${dates.length} jobs of the securities and dates chosen and none finished: ${dates.length} failed (${gone}|${dates[0]} [out_of_memory]`,
      );
    }
    // The other securities still read.
    expect((await aggregate(copy)).by_security.shape[0]).toBeGreaterThan(0);
  });
});
