import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { slurmProblem, startSlurm, waitJobs, type SlurmCluster } from "./slurm.js";

/*
 * `sweeplab plan --emit slurm` on a real one-node Slurm (tests/cluster/slurm.ts starts munged,
 * slurmctld and slurmd in a temporary folder and stops them by pid). Runs as root with slurm-wlm and
 * munge installed (.ci/run installs them); otherwise every test fails naming what to install.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");
const PROBLEM = slurmProblem();

let cluster: SlurmCluster;

beforeAll(async () => {
  if (PROBLEM !== undefined) throw new Error(PROBLEM);
  cluster = await startSlurm();
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

/** `sweeplab plan --emit slurm <args> --out <dir>/submit.sh` through the built CLI; the script's path. */
function plan(dir: string, args: string[]): string {
  const script = join(dir, "submit.sh");
  const r = spawnSync(process.execPath, [BIN, "plan", "--emit", "slurm", ...args, "--out", script], {
    encoding: "utf8",
    cwd: dir,
  });
  expect(r.status, r.stderr).toBe(0);
  return script;
}

/** Runs the submit script as a user would (`bash submit.sh`); the job id of each phase. */
function submit(script: string): Record<"partition" | "seal" | "run" | "aggregate", string> {
  const r = spawnSync("bash", [script], { encoding: "utf8", env: cluster.env, cwd: tmp() });
  expect(r.status, r.stderr).toBe(0);
  const ids = Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(" ") as [string, string]),
  );
  expect(Object.keys(ids)).toEqual(["partition", "seal", "run", "aggregate"]);
  for (const id of Object.values(ids)) expect(id).toMatch(/^\d+$/);
  expect(r.stderr).toContain(`watch with: squeue -j ${Object.values(ids).join(",")}`);
  return ids as Record<"partition" | "seal" | "run" | "aggregate", string>;
}

/** The final state of each task of the phases, e.g. { "12_0": "COMPLETED", "13": "CANCELLED" }. */
async function finish(ids: Record<string, string>, timeoutMs = 120_000): Promise<Record<string, string>> {
  return Object.fromEntries(await waitJobs(cluster, Object.values(ids), timeoutMs));
}

describe("the Slurm workflow (a fake toolkit: the chain itself)", () => {
  it("runs partition slices, seal, job shards and aggregate in order; a failed slice cancels the rest; resubmitting runs all", async () => {
    const dir = tmp("sweeplab-slurm-chain-");
    chmodSync(dir, 0o755);
    const calls = join(dir, "calls.log");
    const fail = join(dir, "fail");
    // The toolkit stand-in logs its arguments; partition slice 2 fails while the file "fail" exists.
    const fake = join(dir, "fake toolkit.sh");
    writeFileSync(
      fake,
      `#!/bin/sh\necho "$*" >> '${calls}'\ncase "$*" in *"--shard 2/3"*) [ -e '${fail}' ] && exit 3;; esac\nexit 0\n`,
      { mode: 0o755 },
    );
    writeFileSync(fail, "");
    const script = plan(dir, [
      "--command",
      fake,
      "--partition-shards",
      "3",
      "--shards",
      "4",
      "--cpus",
      "1",
      "--config",
      "my run.yaml",
      "--time",
      "5",
    ]);
    const first = submit(script);
    const states = await finish(first);
    const { partition: p, seal, run, aggregate } = first;
    expect(states).toMatchObject({ [`${p}_0`]: "COMPLETED", [`${p}_1`]: "COMPLETED", [`${p}_2`]: "FAILED" });
    // Everything after the failed slice was cancelled without running (kill-on-invalid-dep).
    for (const [task, state] of Object.entries(states))
      if (!task.startsWith(`${p}_`)) expect([task, state]).toEqual([task, "CANCELLED"]);
    expect(Object.keys(states).some((t) => t === seal || t.startsWith(`${run}_`) || t === aggregate)).toBe(true);
    const slices = [0, 1, 2].map((i) => `partition --config my run.yaml --shard ${i}/3 --workers 1`);
    expect(readFileSync(calls, "utf8").split("\n").filter(Boolean).sort()).toEqual(slices);

    rmSync(fail);
    rmSync(calls);
    const again = submit(script);
    const second = await finish(again);
    expect(Object.values(second).every((s) => s === "COMPLETED")).toBe(true);
    expect(Object.keys(second)).toHaveLength(3 + 1 + 4 + 1);
    const lines = readFileSync(calls, "utf8").split("\n").filter(Boolean);
    expect(lines.slice(0, 3).sort()).toEqual(slices);
    expect(lines[3]).toBe("partition --seal --shards 3 --config my run.yaml");
    expect(lines.slice(4, 8).sort()).toEqual(
      [0, 1, 2, 3].map((j) => `run --config my run.yaml --shard ${j}/4 --workers 1`),
    );
    expect(lines[8]).toBe("aggregate --config my run.yaml");
    expect(lines).toHaveLength(9);
    // Each task's log is in the working folder (--chdir, the folder plan ran in).
    expect(existsSync(join(dir, `sweeplab-seal-${again.seal}.out`))).toBe(true);
    expect(existsSync(join(dir, `sweeplab-run-${again.run}_3.out`))).toBe(true);
    expect(existsSync(join(dir, `sweeplab-seal-${first.seal}.out`))).toBe(false);
  }, 180_000);
});
