import { rmSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { jobKeyString, jobMatrix, type JobKey, type RunConfig } from "../../src/config/index.js";
import * as store from "../../src/io/store/index.js";
import { currentJobs, jobContext, JobExpectation } from "../../src/pipeline/jobs/job-check.js";
import { JOB_CHECK_CONCURRENCY } from "../../src/pipeline/jobs/in-order.js";
import { planJobs } from "../../src/pipeline/jobs/job-plan.js";
import { foundConfig } from "../../src/pipeline/found-config.js";
import { runPipeline, storeDirOf } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

/*
 * A rerun decides what to skip by hashing each job's store pieces and detail files: several jobs are
 * checked at once (at most JOB_CHECK_CONCURRENCY), and the decisions still come in matrix order.
 * The store pieces' hash (fingerprintPartition) is slowed down and watched here.
 */

const watch = vi.hoisted(() => ({ running: 0, peak: 0, calls: [] as string[] }));

vi.mock("../../src/io/store/index.js", async (importOriginal) => {
  const orig = await importOriginal<typeof store>();
  return {
    ...orig,
    fingerprintPartition: async (storeDir: string, securityCode: string, date: string): Promise<string> => {
      watch.running++;
      watch.peak = Math.max(watch.peak, watch.running);
      watch.calls.push(`${securityCode}|${date}`);
      try {
        await new Promise((r) => setTimeout(r, 15));
        return await orig.fingerprintPartition(storeDir, securityCode, date);
      } finally {
        watch.running--;
      }
    },
  };
});

let config: RunConfig;
let matrix: JobKey[] = [];

beforeAll(async () => {
  const data = await smallData(7);
  config = configFor(data, tmp("sweeplab-jobcheck-"));
  const s = await runPipeline(config);
  expect(s.jobs?.done).toBe(6);
  // The config as the run completed it (the reference files found beside the inputs).
  config = (await foundConfig(config)).config;
  const present = (await store.listStore(storeDirOf(config.outputDir))).map((p) => ({
    securityCode: p.securityCode,
    date: p.date,
  }));
  matrix = jobMatrix(config, present);
  expect(matrix).toHaveLength(6);
}, 120_000);

const reset = (): void => {
  watch.peak = 0;
  watch.calls = [];
};

describe("checking the jobs against their records", () => {
  it("planJobs checks several jobs at once, at most JOB_CHECK_CONCURRENCY, and plans them in matrix order", async () => {
    // The third job has no record any more: it is planned, the others are skipped as current.
    rmSync(new JobExpectation(await jobContext(config, storeDirOf(config.outputDir)), matrix[2] as JobKey).dir, {
      recursive: true,
    });
    const ctx = await jobContext(config, storeDirOf(config.outputDir));
    reset();
    const plan = await planJobs(ctx, matrix, { version: 1, jobs: {} }, config.analysis, { returnSums: false });
    expect(plan.current.map(jobKeyString)).toEqual(matrix.filter((_, i) => i !== 2).map(jobKeyString));
    expect(plan.tasks.map(jobKeyString)).toEqual([jobKeyString(matrix[2] as JobKey)]);
    expect(Object.keys(plan.manifest.jobs).sort()).toEqual(plan.current.map(jobKeyString).sort());
    expect(watch.calls).toHaveLength(5); // a job without a record is not hashed
    expect(watch.peak).toBeGreaterThan(1);
    expect(watch.peak).toBeLessThanOrEqual(JOB_CHECK_CONCURRENCY);
  });

  it("currentJobs checks several jobs at once and keeps matrix order in both lists", async () => {
    const ctx = await jobContext(config, storeDirOf(config.outputDir));
    reset();
    const { current, notCurrent } = await currentJobs(ctx, matrix, { verifyFiles: false });
    expect(current.map(jobKeyString)).toEqual(matrix.filter((_, i) => i !== 2).map(jobKeyString));
    expect(notCurrent.map((n) => [n.key, n.kind])).toEqual([[jobKeyString(matrix[2] as JobKey), "missing"]]);
    expect(watch.peak).toBeGreaterThan(1);
    expect(watch.peak).toBeLessThanOrEqual(JOB_CHECK_CONCURRENCY);
  });
});
