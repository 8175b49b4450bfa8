// A run's output folder deleted since the run — workDir(name, { fresh: true }) removes it (and makes
// it again, empty), or it was deleted by hand — read through the run's old RunResult: the readers
// said "<folder> holds no sweeplab run: run it first", as of a folder no run ever wrote. Given the
// run's result, they now say that its output folder is gone, deleted since the run.
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfigInput } from "../../src/config/index.js";
import {
  aggregate,
  details,
  run,
  RunSourceError,
  sweepRows,
  workDir,
  type RunResult,
} from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";

let data = "";
beforeAll(async () => {
  data = await smallData(7);
}, 120_000);

const config = (out: string): RunConfigInput => ({
  inputs: [data],
  reference: { instruments: join(data, "ob.csv") },
  outputDir: out,
  workers: 1,
  retries: 0,
  dates: ["2024-10-02"],
});
const runOf = async (c: RunConfigInput): Promise<RunResult> => await run(c, {}, { progress: false });

async function errorOf(read: () => Promise<unknown>): Promise<RunSourceError> {
  const e = await read().catch((x: unknown) => x);
  expect(e).toBeInstanceOf(RunSourceError);
  return e as RunSourceError;
}

describe("readers of a RunResult whose output folder was deleted since the run", () => {
  it("say the run's output folder is gone, not 'run it first'", async () => {
    const root = tmp("sweeplab-deleted-");
    const before = process.env.SWEEPLAB_WORK_DIR;
    process.env.SWEEPLAB_WORK_DIR = root;
    try {
      const result = await runOf(config(workDir("nb")));
      expect((await aggregate(result)).global_summary.shape[0]).toBeGreaterThan(0);
      const dir = resolve(result.config.outputDir);
      workDir("nb", { fresh: true });
      const emptied = `${dir}: this run's output folder holds none of its outputs any more: it was deleted since the run (workDir(name, { fresh: true }) empties it); run it again (run(result.config)) to read its tables`;
      for (const read of [() => aggregate(result), () => sweepRows(result), () => details(result, "simulation")]) {
        const e = await errorOf(read);
        expect(e.code).toBe("no_run");
        expect(e.message).toBe(emptied);
      }
      rmSync(dir, { recursive: true });
      const e = await errorOf(() => aggregate(result));
      expect(e.code).toBe("no_run");
      expect(e.message).toBe(
        `${dir}: this run's output folder is gone: it was deleted since the run; run it again (run(result.config)) to read its tables`,
      );
      // A folder given by name, never written by a run: as before.
      expect((await errorOf(() => aggregate(dir))).message).toBe(
        `${dir} holds no sweeplab run: run it first with run(config) or \`sweeplab run\``,
      );
    } finally {
      if (before === undefined) delete process.env.SWEEPLAB_WORK_DIR;
      else process.env.SWEEPLAB_WORK_DIR = before;
    }
  }, 120_000);
});
