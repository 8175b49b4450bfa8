import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { jobStates, slurmClient, slurmProblem, startSlurm, waitJobs, type SlurmCluster } from "./slurm.js";
import { BIN, expectSameOutputs, files, plan, submit, sweeplab } from "./workflow.js";

/*
 * `sweeplab plan --emit slurm` on a real one-node Slurm (tests/cluster/slurm.ts starts munged,
 * slurmctld and slurmd in a temporary folder and stops them by pid). Runs as root with slurm-wlm and
 * munge installed (.ci/run installs them); otherwise every test fails naming what to install.
 */

const PROBLEM = slurmProblem();

let cluster: SlurmCluster;

beforeAll(async () => {
  if (PROBLEM !== undefined) throw new Error(PROBLEM);
  cluster = await startSlurm();
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

/** The final state of each task of the phases, e.g. { "12_0": "COMPLETED", "13": "CANCELLED" }. */
async function finish(ids: Record<string, string>, timeoutMs = 240_000): Promise<Record<string, string>> {
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
    // plan checks that the config loads and its inputs hold data (the sample's); the tasks get it absolute.
    const sample = realpathSync(join(import.meta.dirname, "..", "..", "sample_data"));
    writeFileSync(join(dir, "my run.yaml"), `inputs: ["${sample}"]\n`);
    const cfg = join(realpathSync(dir), "my run.yaml");
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
    const first = submit(cluster, script);
    const states = await finish(first);
    const { partition: p, seal, run, aggregate } = first;
    expect(states).toMatchObject({ [`${p}_0`]: "COMPLETED", [`${p}_1`]: "COMPLETED", [`${p}_2`]: "FAILED" });
    // Everything after the failed slice was cancelled without running (kill-on-invalid-dep).
    for (const [task, state] of Object.entries(states))
      if (!task.startsWith(`${p}_`)) expect([task, state]).toEqual([task, "CANCELLED"]);
    expect(Object.keys(states).some((t) => t === seal || t.startsWith(`${run}_`) || t === aggregate)).toBe(true);
    const slices = [0, 1, 2].map((i) => `partition --config ${cfg} --shard ${i}/3 --workers 1`);
    expect(readFileSync(calls, "utf8").split("\n").filter(Boolean).sort()).toEqual(slices);

    rmSync(fail);
    rmSync(calls);
    const again = submit(cluster, script);
    const second = await finish(again);
    expect(Object.values(second).every((s) => s === "COMPLETED")).toBe(true);
    expect(Object.keys(second)).toHaveLength(3 + 1 + 4 + 1);
    const lines = readFileSync(calls, "utf8").split("\n").filter(Boolean);
    expect(lines.slice(0, 3).sort()).toEqual(slices);
    expect(lines[3]).toBe(`partition --seal --shards 3 --config ${cfg}`);
    expect(lines.slice(4, 8).sort()).toEqual(
      [0, 1, 2, 3].map((j) => `run --config ${cfg} --shard ${j}/4 --retry-failed --workers 1`),
    );
    expect(lines[8]).toBe(`aggregate --config ${cfg}`);
    expect(lines).toHaveLength(9);
    // Each task's log is in the working folder (--chdir, the folder plan ran in).
    expect(existsSync(join(dir, `sweeplab-seal-${again.seal}.out`))).toBe(true);
    expect(existsSync(join(dir, `sweeplab-run-${again.run}_3.out`))).toBe(true);
    expect(existsSync(join(dir, `sweeplab-seal-${first.seal}.out`))).toBe(false);
  }, 360_000);
});

describe("the Slurm workflow of a generated data set (3 partition shards, 4 job shards)", () => {
  let data: string;
  let local: string;
  let sliced: string;
  const JOBS = 9; // 3 securities × 3 dates

  /** A run config over the data set writing to `outputDir` (absolute: the tasks run elsewhere). */
  const config = (name: string, outputDir: string): string => {
    const file = join(data, name);
    writeFileSync(
      file,
      JSON.stringify({ inputs: ["orders", "trades", "nbbo.csv.gz"], reference: { instruments: "ob.csv" }, outputDir }),
    );
    return file;
  };

  beforeAll(() => {
    data = tmp("sweeplab-slurm-data-");
    chmodSync(data, 0o755);
    const gen = spawnSync(
      process.execPath,
      [BIN, "gen", "--orders", "6000", "--securities", "3", "--dates", "3", "--seed", "16", "--out", data],
      { encoding: "utf8" },
    );
    expect(gen.status, gen.stderr).toBe(0);
    // Plain and gzip inputs together: the NBBO file and one day's trades compressed.
    for (const f of ["nbbo.csv", join("trades", "trades-2024-10-03.csv")]) {
      writeFileSync(join(data, `${f}.gz`), gzipSync(readFileSync(join(data, f))));
      rmSync(join(data, f));
    }
    // The local whole run: one partition, every job, the aggregation.
    local = join(tmp("sweeplab-slurm-local-"), "out");
    const whole = sweeplab("run", "--config", config("local.json", local), "--workers", "1");
    expect(whole).toMatch(new RegExp(`jobs: ${JOBS} done, 0 skipped \\(already current\\), 0 failed of ${JOBS}`));
    // The same on a store cut into the same 3 slices (1 worker each, as the Slurm tasks): equal to
    // the Slurm outputs in every byte, job records included.
    sliced = join(tmp("sweeplab-slurm-sliced-"), "out");
    const cfg = config("sliced.json", sliced);
    for (const i of [0, 1, 2]) sweeplab("partition", "--config", cfg, "--shard", `${i}/3`, "--workers", "1");
    sweeplab("partition", "--seal", "--shards", "3", "--config", cfg);
    expect(sweeplab("run", "--config", cfg, "--workers", "1")).toMatch(new RegExp(`jobs: ${JOBS} done`));
    expectSameOutputs(sliced, local, true);
  }, 240_000);

  it("equals a local whole run byte for byte (but the job records' store stamp), and a local run on the same 3 slices in every byte", async () => {
    const work = tmp("sweeplab-slurm-work-");
    chmodSync(work, 0o755);
    const out = join(work, "out");
    const args = ["--partition-shards", "3", "--shards", "4", "--cpus", "1", "--config", config("slurm.json", out)];
    const ids = submit(cluster, plan(work, args));
    const states = await finish(ids);
    expect(Object.entries(states).filter(([, s]) => s !== "COMPLETED")).toEqual([]);
    expect(Object.keys(states)).toHaveLength(3 + 1 + 4 + 1);
    expectSameOutputs(out, sliced, false);
    expectSameOutputs(out, local, true);
  }, 360_000);

  it("plans from a folder of its own with relative --inputs and --output and the tasks working elsewhere (--storage): equal to a local run --inputs", async () => {
    const work = tmp("sweeplab-slurm-inputs-");
    chmodSync(work, 0o755);
    const here = join(work, "plan here");
    mkdirSync(here, { mode: 0o755 });
    // As a stranger's first run names the data: no config, the folder and an output folder, relative.
    const args = ["--inputs", relative(here, data), "--output", "out", "--storage", "../logs"];
    mkdirSync(join(work, "logs"), { mode: 0o755 });
    const ids = submit(cluster, plan(here, [...args, "--partition-shards", "2", "--shards", "3", "--cpus", "1"]));
    const states = await finish(ids);
    expect(Object.entries(states).filter(([, s]) => s !== "COMPLETED")).toEqual([]);
    expect(existsSync(join(work, "logs", `sweeplab-aggregate-${ids.aggregate}.out`))).toBe(true);
    const want = join(tmp("sweeplab-slurm-local-inputs-"), "out");
    sweeplab("run", "--inputs", data, "--output", want, "--workers", "1");
    expectSameOutputs(join(here, "out"), want, true);
  }, 360_000);

  it("resumes after jobs fail in a job shard: the resubmission after the fix retries them, same bytes", async () => {
    const work = tmp("sweeplab-slurm-failed-");
    chmodSync(work, 0o755);
    const out = join(work, "out");
    // Every job times out (1 ms), so every job shard task exits 1 and the aggregation is cancelled.
    const file = join(work, "failing.json");
    const cfg = {
      inputs: ["orders", "trades", "nbbo.csv.gz"].map((f) => join(data, f)),
      reference: { instruments: join(data, "ob.csv") },
      outputDir: out,
      retries: 0,
    };
    writeFileSync(file, JSON.stringify({ ...cfg, jobTimeoutMs: 1 }));
    const script = plan(work, ["--partition-shards", "2", "--shards", "3", "--cpus", "1", "--config", file]);
    const first = await finish(submit(cluster, script));
    expect(Object.values(first).filter((s) => s === "FAILED")).toHaveLength(3);
    expect(existsSync(join(out, "aggregated"))).toBe(false);
    // The fix (the time limit the README says to raise), then the same script again, as documented.
    writeFileSync(file, JSON.stringify({ ...cfg, jobTimeoutMs: 600_000 }));
    const ids = submit(cluster, script);
    const second = await finish(ids);
    expect(Object.entries(second).filter(([, s]) => s !== "COMPLETED")).toEqual([]);
    const log = readFileSync(join(work, `sweeplab-run-${ids.run}_0.out`), "utf8");
    expect(log).toMatch(/jobs: [1-9]\d* done, 0 skipped/);
    // A job shard's log names what it wrote (no aggregated/: that is the aggregation's).
    expect(log).toContain(
      `outputs in ${out}/ (run_summary.shard-0-of-3.json, run_manifest.shard-0-of-3.json, by_security/); aggregated/ once every shard has run: sweeplab aggregate\n`,
    );
    expectSameOutputs(out, local, true);
  }, 360_000);

  it("resumes after a partition task and then a job-array task are cancelled mid-way: each resubmission redoes only the rest, same bytes", async () => {
    const work = tmp("sweeplab-slurm-cancel-");
    chmodSync(work, 0o755);
    const out = join(work, "out");
    const [stall, started, open] = ["stall", "started", "open"].map((f) => join(work, f)) as [string, string, string];
    // The real toolkit with two holds: while the file "stall" exists, partition slice 1 of 3 stops
    // after writing its pieces, before its record (the toolkit's test hook); job shard 1 of 4 waits
    // for the file "open" before it starts.
    const gate = join(work, "gated-sweeplab.sh");
    writeFileSync(
      gate,
      [
        "#!/bin/sh",
        'case "$*" in',
        `  "partition "*"--shard 1/3"*) [ -e '${stall}' ] && export SWEEPLAB_TEST_SLICE_STALL=before-record;;`,
        `  "run "*"--shard 1/4"*) touch '${started}'; while [ ! -e '${open}' ]; do sleep 0.2; done;;`,
        "esac",
        `exec '${realpathSync(process.execPath)}' '${realpathSync(BIN)}' "$@"`,
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    writeFileSync(stall, "");
    const args = ["--partition-shards", "3", "--shards", "4", "--cpus", "1", "--command", gate];
    const script = plan(work, [...args, "--config", config("cancel.json", out)]);
    const waitFor = async (what: string, ok: () => boolean): Promise<void> => {
      const end = Date.now() + 240_000;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster.logs()}`);
        await sleep(200);
      }
    };

    // 1. Partition slice 1 cancelled mid-way (its pieces written, not its record): nothing after it runs.
    const first = submit(cluster, script);
    const slice1 = join(work, `sweeplab-partition-${first.partition}_1.out`);
    await waitFor(
      "partition slice 1 to stall",
      () => existsSync(slice1) && readFileSync(slice1, "utf8").includes("stalled"),
    );
    slurmClient(cluster, "/usr/bin/scancel", [`${first.partition}_1`]);
    const one = await finish(first);
    expect(one).toMatchObject({
      [`${first.partition}_0`]: "COMPLETED",
      [`${first.partition}_1`]: "CANCELLED",
      [`${first.partition}_2`]: "COMPLETED",
      [first.seal]: "CANCELLED",
    });
    expect(Object.entries(one).filter(([t, s]) => t.startsWith(`${first.run}`) && s !== "CANCELLED")).toEqual([]);
    expect(existsSync(join(out, "by_security"))).toBe(false);
    rmSync(stall);

    // 2. Job shard 1 cancelled while running: the aggregation never runs.
    const second = submit(cluster, script);
    await waitFor("job shard 1 to start", () => existsSync(started));
    expect(jobStates(cluster, second.run).get(`${second.run}_1`)).toBe("RUNNING");
    // The complete slices were skipped; the interrupted one redone.
    expect(readFileSync(join(work, `sweeplab-partition-${second.partition}_0.out`), "utf8")).toContain(
      "partition slice 0/3: skipped (already complete for these inputs)",
    );
    expect(readFileSync(join(work, `sweeplab-partition-${second.partition}_1.out`), "utf8")).toMatch(
      /partition slice 1\/3: \d+ units/,
    );
    // Submitting again now is refused: this submission is still running.
    const early = spawnSync("bash", [script], { encoding: "utf8", env: cluster.env });
    expect(early.status).toBe(1);
    expect(early.stderr).toContain(`is still queued or running (jobs ${second.run},${second.aggregate})`);
    slurmClient(cluster, "/usr/bin/scancel", [`${second.run}_1`]);
    const two = await finish(second);
    expect(two[`${second.run}_1`]).toBe("CANCELLED");
    expect(two[second.aggregate]).toBe("CANCELLED"); // afterok on the whole array
    const others = Object.entries(two).filter(([t]) => t !== `${second.run}_1` && t !== second.aggregate);
    expect(others.filter(([, s]) => s !== "COMPLETED")).toEqual([]);
    expect(existsSync(join(out, "aggregated"))).toBe(false);
    const done = files(join(out, "by_security")).filter((f) => f.endsWith("job.json")).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(JOBS);

    // 3. The last resubmission finishes: only job shard 1 and the aggregation had work left.
    writeFileSync(open, "");
    const third = submit(cluster, script);
    const three = await finish(third);
    expect(Object.entries(three).filter(([, s]) => s !== "COMPLETED")).toEqual([]);
    expect(readFileSync(join(work, `sweeplab-run-${third.run}_0.out`), "utf8")).toMatch(
      /jobs: 0 done, [1-9]\d* skipped/,
    );
    expectSameOutputs(out, sliced, false);
    expectSameOutputs(out, local, true);
  }, 600_000);
});
