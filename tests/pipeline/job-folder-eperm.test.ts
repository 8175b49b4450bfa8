import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTree } from "../../src/io/atomic.js";
import { OutputUnwritableError } from "../../src/pipeline/errors.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";
import { requireRoot } from "./mounts.js";

/**
 * A file in a job folder that may not be removed (EPERM: here an immutable file, `chattr +i`; also an
 * append-only one, or another user's file in a sticky folder). Node 20's recursive rm reports it as
 * `ENOTDIR: not a directory, scandir '<file>'` (it goes on to try the file as a folder), so a rerun
 * that must recompute that job stopped on a message about a folder that is not one. Now the error is
 * the file's own EPERM: the run's `STOPPED: the output folder cannot be written (EPERM: …, unlink
 * '<file>')` line. Needs root (chattr), as the mount tests do; fails, never skips, without it.
 */
const locked: string[] = [];
const immutable = (file: string): void => {
  execFileSync("chattr", ["+i", file]);
  locked.push(file);
};
afterAll(() => {
  for (const f of locked) execFileSync("chattr", ["-i", f]);
});

describe("a job folder holding a file that may not be removed (EPERM)", () => {
  it("removeTree throws the file's EPERM, naming it, not ENOTDIR", async () => {
    requireRoot();
    const dir = join(tmp("sweeplab-eperm-"), "job");
    mkdirSync(join(dir, "sub"), { recursive: true });
    const file = join(dir, "sub", "metrics.csv");
    writeFileSync(file, "x\n");
    immutable(file);
    const e = (await removeTree(dir).then(
      () => undefined,
      (err: unknown) => err,
    )) as NodeJS.ErrnoException;
    expect([e.code, e.syscall, e.path]).toEqual(["EPERM", "unlink", file]);
    expect(e.message).toBe(`EPERM: operation not permitted, unlink '${file}'`);
    expect(existsSync(file)).toBe(true);
    // Once the file may be removed, so is the whole tree.
    execFileSync("chattr", ["-i", file]);
    locked.pop();
    await removeTree(dir);
    expect(existsSync(dir)).toBe(false);
    await removeTree(dir); // already gone: fine
  });

  it("a rerun that must recompute that job stops with EPERM and the file, in the jobs phase", async () => {
    requireRoot();
    const data = await smallData(5);
    const out = tmp("sweeplab-eperm-out-");
    await runPipeline(configFor(data, out));
    const sec = readdirSync(join(out, "by_security")).sort()[0] as string;
    const jobDir = join(out, "by_security", sec, readdirSync(join(out, "by_security", sec)).sort()[0] as string);
    // job.json gone: the job is not current, so the rerun clears its folder to compute it again.
    rmSync(join(jobDir, "job.json"));
    const file = join(jobDir, "metrics.csv");
    immutable(file);
    const e = await runPipeline(configFor(data, out)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(OutputUnwritableError);
    const u = e as OutputUnwritableError;
    expect([u.errno, u.path, u.phase]).toEqual(["EPERM", file, "jobs"]);
    expect(u.message).toBe(
      `STOPPED: the output folder cannot be written (EPERM: operation not permitted, unlink '${file}') in the jobs phase: make ${out} writable (or choose another output folder: --output / outputDir), then rerun; finished work is kept, no half-written file is left`,
    );
  }, 120_000);
});
