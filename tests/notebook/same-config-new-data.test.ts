import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig, type RunConfig } from "../../src/config/index.js";
import { generate } from "../../src/gen/index.js";
import { aggregate, compare, details, run, RunSourceError, sweepRows } from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";

/*
 * A notebook generates a data set into a folder, runs it (`r`), generates another into the same
 * folder (the same paths, other data) and runs the same config again (`r2`) into the same output
 * folder. Given `r`, the readers read `r2`'s jobs as `r`'s, silently: they are current for the
 * config, which is all that was checked. Now a job `r` computed whose job.json records other
 * fingerprints than `r` computed it with is refused (`jobs_changed`), as a job a later run of other
 * settings rewrote is.
 */
// A data set generated into a fresh folder (seed 31), and the config running it into another.
async function firstDataSet(prefix: string): Promise<{ data: string; out: string; config: RunConfig }> {
  const data = tmp(prefix);
  const out = tmp(`${prefix}out-`);
  const config = resolveConfig({
    inputs: [data],
    reference: { instruments: join(data, "ob.csv") },
    outputDir: out,
    workers: 1,
    retries: 0,
  });
  await generate({ orders: 6_000, securities: 2, dates: 2, seed: 31, outDir: data });
  return { data, out, config };
}

describe("the same config run again on other data at the same paths", () => {
  it("given the first run, the readers refuse the jobs the second rewrote, and read the second's", async () => {
    const { data, out, config } = await firstDataSet("sweeplab-same-config-");
    const r = await run(config, {}, { progress: false });
    expect(r.summary.jobs).toMatchObject({ done: 4, skipped: 0 });
    const before = (await compare(r)).shape[0];
    await generate({ orders: 9_000, securities: 2, dates: 2, seed: 32, outDir: data });
    const r2 = await run(config, {}, { progress: false });
    expect(r2.summary.jobs).toMatchObject({ done: 4, skipped: 0 });
    const after = (await compare(r2)).shape[0];
    expect(after).not.toBe(before);
    for (const read of [() => aggregate(r), () => compare(r), () => sweepRows(r), () => details(r, "simulation")]) {
      const e = (await read().catch((x: unknown) => x)) as RunSourceError;
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e.code).toBe("jobs_changed");
      expect(e.message).toContain("110621|2024-10-02 (rewritten since the run: its job.json records other input data");
    }
    // The second run's own jobs, and the folder as it is, read as before.
    expect((await aggregate(r2)).by_security.shape[0]).toBe(2);
    expect((await compare(out)).shape[0]).toBe(after);
  }, 120_000);

  it("given a run that skipped every job as current, the readers refuse the jobs a later run rewrote", async () => {
    const { data, config } = await firstDataSet("sweeplab-same-config-skip-");
    const r0 = await run(config, {}, { progress: false });
    expect(r0.summary.jobs).toMatchObject({ done: 4, skipped: 0 });
    const r1 = await run(config, {}, { progress: false });
    expect(r1.summary.jobs).toMatchObject({ done: 0, skipped: 4 });
    // Each with the record of the job.json it found current: r0's.
    expect(r1.jobs).toEqual([]);
    expect(r1.skippedCurrent.map((j) => [j.key, j.record.inputFingerprint])).toEqual(
      r0.jobs.map((j) => [j.key, j.record.inputFingerprint]).sort(([a = ""], [b = ""]) => (a < b ? -1 : 1)),
    );
    expect(r1.skippedCurrent[0]).toMatchObject({
      key: "110621|2024-10-02",
      securityCode: "110621",
      date: "2024-10-02",
    });
    const before = (await compare(r1)).shape[0];
    await generate({ orders: 9_000, securities: 2, dates: 2, seed: 32, outDir: data });
    const r2 = await run(config, {}, { progress: false });
    expect(r2.summary.jobs).toMatchObject({ done: 4, skipped: 0 });
    expect((await compare(r2)).shape[0]).not.toBe(before);
    for (const read of [() => aggregate(r1), () => compare(r1), () => sweepRows(r1), () => details(r1, "simulation")]) {
      const e = (await read().catch((x: unknown) => x)) as RunSourceError;
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e.code).toBe("jobs_changed");
      expect(e.message).toContain("110621|2024-10-02 (rewritten since the run: its job.json records other input data");
    }
  }, 120_000);
});
