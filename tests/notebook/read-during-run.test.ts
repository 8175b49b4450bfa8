// A notebook reader given a run (its RunConfig or RunResult) while another run rewrites the same
// output folder: the reader checks which jobs are the run's, then reads them; a run of other
// settings that rewrites one of them in between must not have its sums or rows read as the run's.
// The rewrite is put exactly between the check and the read by wrapping the read functions the
// readers call (what a `sweeplab run` of other settings does to a job folder: cleared, then
// written again, job.json last).
import { cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { RunConfigInput } from "../../src/config/index.js";
import { aggregate, details, run, sweepRows, type RunResult } from "../../src/notebook/index.js";
import type * as DetailTableRead from "../../src/io/outputs/detail-table-read.js";
import type * as JobOutputsRead from "../../src/io/outputs/job-outputs-read.js";
import type * as Pipeline from "../../src/pipeline/index.js";
import { tmp } from "../helpers.js";
import { configInput, smallData } from "../pipeline/helpers.js";

/** Runs once, before the next read: the rewrite a concurrent run makes. */
let beforeRead: (() => void) | undefined;
const fire = (): void => {
  const f = beforeRead;
  beforeRead = undefined;
  f?.();
};

vi.mock("../../src/pipeline/index.js", async (original) => {
  const m = await original<typeof Pipeline>();
  return {
    ...m,
    loadAggregateFrames: (...a: Parameters<typeof m.loadAggregateFrames>) => (fire(), m.loadAggregateFrames(...a)),
  };
});
vi.mock("../../src/io/outputs/job-outputs-read.js", async (original) => {
  const m = await original<typeof JobOutputsRead>();
  return {
    ...m,
    forEachJobOutput: (...a: Parameters<typeof m.forEachJobOutput>) => (fire(), m.forEachJobOutput(...a)),
  };
});
vi.mock("../../src/io/outputs/detail-table-read.js", async (original) => {
  const m = await original<typeof DetailTableRead>();
  return { ...m, readDetailTable: (...a: Parameters<typeof m.readDetailTable>) => (fire(), m.readDetailTable(...a)) };
});

let data = "";
let other = ""; // the output folder of a run with other analysis settings
const config = (out: string, over: Partial<RunConfigInput> = {}): RunConfigInput => configInput(data, out, over);
const OTHER: Partial<RunConfigInput> = { analysis: { sizeBands: { smallMax: 100, mediumMax: 300 } } };
const runOf = async (c: RunConfigInput): Promise<RunResult> => await run(c, {}, { progress: false });

beforeAll(async () => {
  data = await smallData(5);
  other = tmp("sweeplab-rdr-other-");
  await runOf(config(other, OTHER));
}, 120_000);

/** A whole run into a new folder, and its first job folder (relative to the folder). */
async function runAndFirstJob(): Promise<{ result: RunResult; job: string }> {
  const out = tmp("sweeplab-rdr-out-");
  const result = await runOf(config(out));
  const sec = readdirSync(join(out, "by_security")).sort()[0]!;
  const date = readdirSync(join(out, "by_security", sec)).sort()[0]!;
  return { result, job: join("by_security", sec, date) };
}

/** Between the check and the read, the run of other settings rewrites `job` (or clears it: `removed`). */
function rewriteBeforeRead(out: string, job: string, removed = false): void {
  beforeRead = () => {
    rmSync(join(out, job), { recursive: true, force: true });
    if (!removed) cpSync(join(other, job), join(out, job), { recursive: true });
  };
}

describe("a reader given a run, while a run of other settings rewrites its jobs", () => {
  it.each(["RunConfig", "RunResult"] as const)(
    "sweepRows and details of its %s: jobs_changed naming the job, never the other run's rows; aggregate: its own sums",
    async (as) => {
      const { result, job } = await runAndFirstJob();
      const out = result.config.outputDir;
      const source = as === "RunConfig" ? result.config : result;
      const key = job.split("/").slice(1).join("|").slice(4); // SEC_x/date → x|date
      const changed = {
        code: "jobs_changed",
        message: expect.stringContaining(`${key} (rewritten or removed while it was read`) as unknown,
      };
      // aggregate merges the very job.json its check read: there is no read after the check for a
      // rewrite to slip into (the wrapped loadAggregateFrames is never called), and its tables stay the run's.
      const quiet = await aggregate(source);
      rewriteBeforeRead(out, job);
      const during = await aggregate(source);
      expect(beforeRead).toBeDefined();
      beforeRead = undefined;
      expect(during.global_summary.values).toEqual(quiet.global_summary.values);
      expect(during.by_participant.values).toEqual(quiet.by_participant.values);
      for (const read of [() => sweepRows(source), () => details(source, "classified")]) {
        rewriteBeforeRead(out, job);
        await expect(read()).rejects.toMatchObject(changed);
        expect(beforeRead).toBeUndefined(); // the rewrite did happen between the check and the read
        // The folder back as the run left it: read again, its own tables.
        rmSync(join(out, job), { recursive: true });
        await runOf(config(out));
      }
      // Cleared (the other run not finished with it yet): not its rows without that job either.
      rewriteBeforeRead(out, job, true);
      await expect(sweepRows(source)).rejects.toMatchObject(changed);
    },
    120_000,
  );

  it("a job already cleared when the reader checks, while a run holds the folder's lock: jobs_changed naming it; with no run there, left out as a RunConfig leaves out a job it may never have reached", async () => {
    const { result, job } = await runAndFirstJob();
    const out = result.config.outputDir;
    const key = job.split("/").slice(1).join("|").slice(4);
    rmSync(join(out, job), { recursive: true });
    const lock = join(out, ".sweeplab.lock");
    // A live run's lock (this process is alive): what a `sweeplab run` holds while it rewrites jobs.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: "ab12" }));
    const cleared = {
      code: "jobs_changed",
      message: expect.stringContaining(`${key} (no job.json while a run is writing this output folder`) as unknown,
    };
    await expect(aggregate(result.config)).rejects.toMatchObject(cleared);
    await expect(sweepRows(result.config)).rejects.toMatchObject(cleared);
    rmSync(lock);
    const rows = await sweepRows(result.config);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => `${r.securityCode}|${r.date}` === key)).toBe(false);
  }, 120_000);

  it("nothing rewritten: the same tables and rows as before (the seals checked do not refuse a quiet folder)", async () => {
    const { result } = await runAndFirstJob();
    const frames = await aggregate(result.config);
    expect(frames.by_security.shape[0]).toBeGreaterThan(1);
    expect((await sweepRows(result.config)).length).toBeGreaterThan(10);
    expect((await details(result, "simulation")).shape[0]).toBeGreaterThan(10);
  }, 120_000);
});
