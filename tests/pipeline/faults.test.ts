import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../src/pipeline/manifest.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { faults, tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

let data = "";
let reference = new Map<string, Buffer>();
let keys: string[] = [];

beforeAll(async () => {
  data = await smallData(17);
  const out = tmp("sweeplab-faults-ref-");
  await runPipeline(configFor(data, out));
  reference = snapshot(out);
  keys = Object.keys((await readManifest(out)).jobs);
}, 120_000);

describe("faults in the run", () => {
  it("a worker that runs out of memory is recorded and the run goes on", async () => {
    const out = tmp("sweeplab-oom-");
    const s = await runPipeline(configFor(data, out, { retries: 1 }), {
      ...faults({ [keys[1]!]: "oom" }),
      maxOldGenerationSizeMb: 96,
    });
    expect(s.jobs).toMatchObject({ total: 6, done: 5, failed: 1 });
    expect(s.jobs!.failures[0]).toMatchObject({ key: keys[1], attempts: 2, error: { code: "out_of_memory" } });
    const m = await readManifest(out);
    expect(m.jobs[keys[1]!]).toMatchObject({ status: "failed", error: { code: "out_of_memory" } });
  });

  it("a job that fails after writing its detail files leaves no job folder (a glob would read them)", async () => {
    const out = tmp("sweeplab-partial-");
    const s = await runPipeline(configFor(data, out), faults({ [keys[2]!]: "partial" }));
    expect(s.jobs).toMatchObject({ total: 6, done: 5, failed: 1 });
    const [sec, date] = keys[2]!.split("|");
    // Before: its orders/classified/simulation.parquet and metrics.csv stayed, without job.json.
    expect(existsSync(join(out, "by_security", `SEC_${sec}`, date!))).toBe(false);
    expect([...snapshot(out).keys()].filter((k) => k.startsWith("by_security/")).length).toBe(
      [...reference.keys()].filter((k) => k.startsWith("by_security/")).length - 5,
    );
    // A detail file such a failure left (as an older sweeplab did) goes when a rerun keeps the failure.
    const dir = join(out, "by_security", `SEC_${sec}`, date!);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "simulation.parquet"), "left by a failed attempt");
    const again = await runPipeline(configFor(data, out));
    expect(again.jobs).toMatchObject({ done: 0, skipped: 6, failed: 1 });
    expect(existsSync(dir)).toBe(false);
  });

  it("a job past jobTimeoutMs fails with job_timeout naming the limit, its value and what to do", async () => {
    const out = tmp("sweeplab-timeout-");
    const s = await runPipeline(configFor(data, out, { jobTimeoutMs: 1500 }), faults({ [keys[2]!]: "hang" }));
    expect(s.jobs).toMatchObject({ total: 6, done: 5, failed: 1 });
    expect(s.jobs!.failures[0]).toMatchObject({
      key: keys[2],
      error: {
        code: "job_timeout",
        message:
          "exceeded jobTimeoutMs = 1500 ms (1.5 s); raise jobTimeoutMs in the config if this job is just big, or look for what makes it hang",
      },
    });
  });

  it("a full output disk (ENOSPC) stops the run with a clear error, the manifest stays intact, a rerun completes", async () => {
    const out = tmp("sweeplab-enospc-");
    const config = configFor(data, out, { workers: 1, retries: 2 });
    const s = await runPipeline(config, faults({ [keys[3]!]: "enospc" }));
    expect(s.jobs!.stopped).toMatchObject({ code: "output_unwritable" });
    expect(s.jobs!.stopped!.message).toContain("ENOSPC");
    expect(s.stopped).toMatchObject({ phase: "jobs", code: "output_unwritable" });
    expect(s.stopped!.message).toMatch(
      /^STOPPED: the output folder cannot be written \(ENOSPC: no space left on device/,
    );
    expect(s.stopped!.message).toContain(`in the jobs phase: free space on the disk of ${out}`);
    expect(s.jobs!.failures).toHaveLength(1);
    expect(s.jobs!.failures[0]).toMatchObject({ key: keys[3], attempts: 1 }); // no retry can fix a full disk
    expect(s.aggregate).toBeUndefined();
    // The manifest is valid JSON and lists exactly the jobs that finished before the stop.
    const m = await readManifest(out);
    expect(Object.keys(m.jobs)).toEqual(keys.slice(0, 3));
    expect(Object.values(m.jobs).every((j) => j.status === "done")).toBe(true);
    const again = await runPipeline(config);
    expect(again.jobs).toMatchObject({ done: 3, skipped: 3, failed: 0 });
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  });
});
