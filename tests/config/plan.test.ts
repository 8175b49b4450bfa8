import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitK8s, emitSlurm, timeLimitSeconds } from "../../src/config/index.js";
import { tmp } from "../helpers.js";
import { configError, lines } from "./helpers.js";

/** The submit script's sbatch lines (`<phase>=$(submit …)`), by phase. */
function submits(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => /^[a-z]+=\$\(submit /.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("(submit ") + 8, -1)]),
  );
}

/**
 * A folder with a submit script and stand-ins for `sbatch` (records each call's arguments, one file
 * per call, one argument a line, and answers "<100 + n>;cluster" like `sbatch --parsable`) and
 * `squeue` (records its arguments, prints the file "queue" if there is one), first on PATH.
 */
function fakeSlurm(text: string): {
  dir: string;
  submit: () => { status: number | null; stdout: string; stderr: string };
  calls: () => string[][];
} {
  const dir = tmp();
  writeFileSync(
    join(dir, "sbatch"),
    `#!/bin/bash\nn=$(( $(ls ${dir}/call-* 2>/dev/null | wc -l) + 1 ))\nprintf '%s\\n' "$@" > ${dir}/call-$n\necho "$(( 100 + n ));cluster"\n`,
    { mode: 0o755 },
  );
  writeFileSync(
    join(dir, "squeue"),
    `#!/bin/bash\nprintf '%s\\n' "$@" > ${dir}/squeue-args\ncat ${dir}/queue 2>/dev/null || true\n`,
    { mode: 0o755 },
  );
  const file = join(dir, "submit.sh");
  writeFileSync(file, text);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
  return {
    dir,
    submit: () => spawnSync("bash", [file], { encoding: "utf8", env }),
    calls: () =>
      readdirSync(dir)
        .filter((f) => f.startsWith("call-"))
        .sort((x, y) => Number(x.slice(5)) - Number(y.slice(5)))
        .map((f) => readFileSync(join(dir, f), "utf8").split("\n").slice(0, -1)),
  };
}

/** Runs a submit script once against {@link fakeSlurm}: its output and the four sbatch calls. */
function runWithFakeSbatch(text: string): { stdout: string; stderr: string; calls: string[][] } {
  const fake = fakeSlurm(text);
  const r = fake.submit();
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr, calls: fake.calls() };
}

/** What `sh -c <wrap>` (the job script sbatch --wrap makes) hands the toolkit, with the task id set. */
function wrapArgs(wrap: string, taskId: string): string[] {
  const text = wrap.slice("--wrap=".length).replace(/^exec /, "printf '%s\\n' ");
  const r = spawnSync("sh", ["-c", text], { encoding: "utf8", env: { ...process.env, SLURM_ARRAY_TASK_ID: taskId } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").slice(0, -1);
}

describe("emitSlurm", () => {
  it("chains partition slices, seal, job shards and aggregate with afterok, each phase one sbatch", () => {
    const text = emitSlurm({ configPath: "/shared/run.yaml", shards: 4, partitionShards: 3 });
    const l = text.split("\n");
    expect(l[0]).toBe("#!/bin/bash");
    expect(l).toContain("set -euo pipefail");
    expect(l).toContain("opts=(--parsable --kill-on-invalid-dep=yes)");
    expect(submits(text)).toEqual({
      partition:
        "--job-name=sweeplab-partition --array=0-2 --output=sweeplab-partition-%A_%a.out " +
        `--wrap='exec sweeplab partition --config /shared/run.yaml --shard "$SLURM_ARRAY_TASK_ID/3"'`,
      seal:
        '--job-name=sweeplab-seal --dependency="afterok:$partition" --output=sweeplab-seal-%j.out ' +
        "--wrap='exec sweeplab partition --seal --shards 3 --config /shared/run.yaml'",
      run:
        '--job-name=sweeplab-run --dependency="afterok:$seal" --array=0-3 --output=sweeplab-run-%A_%a.out ' +
        `--wrap='exec sweeplab run --config /shared/run.yaml --shard "$SLURM_ARRAY_TASK_ID/4" --retry-failed'`,
      aggregate:
        '--job-name=sweeplab-aggregate --dependency="afterok:$run" --output=sweeplab-aggregate-%j.out ' +
        "--wrap='exec sweeplab aggregate --config /shared/run.yaml'",
    });
    // As many partition shards as job shards by default; one is still a slice and the seal.
    const byDefault = submits(emitSlurm({ configPath: "r.yaml", shards: 5 }));
    expect(byDefault.partition).toContain(" --array=0-4 ");
    expect(byDefault.seal).toContain(" --shards 5 ");
    expect(submits(emitSlurm({ configPath: "r.yaml", shards: 1 })).partition).toContain(" --array=0-0 ");
  });

  it("submits through sbatch --parsable in order, passing each phase's job id to the next, and prints the ids", () => {
    const { stdout, stderr, calls } = runWithFakeSbatch(
      emitSlurm({ configPath: "run.yaml", shards: 2, partitionShards: 2 }),
    );
    expect(stdout).toBe("partition 101\nseal 102\nrun 103\naggregate 104\n");
    expect(stderr).toBe("watch with: squeue -j 101,102,103,104\n");
    expect(calls.map((c) => c.slice(0, 3))).toEqual([
      ["--parsable", "--kill-on-invalid-dep=yes", "--job-name=sweeplab-partition"],
      ["--parsable", "--kill-on-invalid-dep=yes", "--job-name=sweeplab-seal"],
      ["--parsable", "--kill-on-invalid-dep=yes", "--job-name=sweeplab-run"],
      ["--parsable", "--kill-on-invalid-dep=yes", "--job-name=sweeplab-aggregate"],
    ]);
    expect(calls.map((c) => c.find((a) => a.startsWith("--dependency=")))).toEqual([
      undefined,
      "--dependency=afterok:101",
      "--dependency=afterok:102",
      "--dependency=afterok:103",
    ]);
  });

  it("keeps the job ids next to the script and refuses to submit again while one of them is queued", () => {
    const fake = fakeSlurm(emitSlurm({ configPath: "run.yaml", shards: 2 }));
    expect(fake.submit().status).toBe(0);
    expect(readFileSync(join(fake.dir, "submit.sh.jobs"), "utf8")).toBe("101\n102\n103\n104\n");
    writeFileSync(join(fake.dir, "queue"), "103\n103\n104\n");
    const refused = fake.submit();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `sweeplab: the previous submission of ${join(fake.dir, "submit.sh")} is still queued or running (jobs 103,104): wait for it or scancel 103,104, then submit again\n`,
    );
    expect(readFileSync(join(fake.dir, "squeue-args"), "utf8")).toBe(
      "--noheader\n--format=%F\n--jobs=101,102,103,104\n",
    );
    expect(fake.calls()).toHaveLength(4); // nothing submitted
    expect(readFileSync(join(fake.dir, "submit.sh.jobs"), "utf8")).toBe("101\n102\n103\n104\n");
    writeFileSync(join(fake.dir, "queue"), "");
    const again = fake.submit();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe("partition 105\nseal 106\nrun 107\naggregate 108\n");
    expect(readFileSync(join(fake.dir, "submit.sh.jobs"), "utf8")).toBe("105\n106\n107\n108\n");
  });

  it("refuses while another process submits the same script (two at once would both queue the plan)", async () => {
    const fake = fakeSlurm(emitSlurm({ configPath: "run.yaml", shards: 2 }));
    const jobs = join(fake.dir, "submit.sh.jobs");
    // Another `bash submit.sh` in the middle of its submission holds the lock on the ids file.
    const other = spawn("flock", [jobs, "-c", `touch ${join(fake.dir, "held")}; sleep 30`], {
      stdio: "ignore",
      detached: true, // its own process group: flock and the shell holding the lock end together
    });
    try {
      while (!existsSync(join(fake.dir, "held"))) await new Promise((ok) => setTimeout(ok, 50));
      const r = fake.submit();
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `sweeplab: ${join(fake.dir, "submit.sh")} is being submitted by another process right now: wait for it, then look at squeue (its job ids go to ${jobs})\n`,
      );
      expect(fake.calls()).toEqual([]);
    } finally {
      process.kill(-other.pid!, "SIGKILL");
    }
    await new Promise((ok) => other.once("exit", ok));
    expect(fake.submit().status).toBe(0); // the lock goes with the process that held it
    expect(fake.calls()).toHaveLength(4);
  });

  it("stops at the first sbatch that fails, keeping the ids already queued", () => {
    const fake = fakeSlurm(emitSlurm({ configPath: "run.yaml", shards: 2000, partitionShards: 2 }));
    // The stand-in refuses an array over 1001 tasks, as a default MaxArraySize does.
    const sbatch = join(fake.dir, "sbatch");
    writeFileSync(
      sbatch,
      readFileSync(sbatch, "utf8").replace(
        "#!/bin/bash\n",
        `#!/bin/bash\ncase "$*" in *--array=0-1999*) echo "sbatch: error: Batch job submission failed: Invalid job array specification" >&2; exit 1;; esac\n`,
      ),
    );
    const r = fake.submit();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("sbatch: error: Batch job submission failed: Invalid job array specification\n");
    // The partition array and the seal are queued (and listed); the job array and the aggregation not.
    expect(readFileSync(join(fake.dir, "submit.sh.jobs"), "utf8")).toBe("101\n102\n");
    expect(fake.calls().map((c) => c[2])).toEqual(["--job-name=sweeplab-partition", "--job-name=sweeplab-seal"]);
  });

  it("adds CPUs (also as --workers), memory, time, queue, account and the working folder to every phase", () => {
    const text = emitSlurm({
      configPath: "run.yaml",
      shards: 2,
      partitionShards: 2,
      cpusPerTask: 8,
      memory: "16GB",
      time: "1-12:00:00",
      queue: "batch",
      account: "proj-42",
      storage: "/scratch/sweeplab",
    });
    expect(text.split("\n")).toContain(
      "opts=(--parsable --kill-on-invalid-dep=yes --chdir=/scratch/sweeplab --partition=batch --account=proj-42 --time=1-12:00:00 --mem=16G)",
    );
    const s = submits(text);
    expect(s.partition).toContain(" --cpus-per-task=8 ");
    expect(s.partition).toContain(' --shard "$SLURM_ARRAY_TASK_ID/2" --workers 8\'');
    expect(s.run).toContain(" --cpus-per-task=8 ");
    expect(s.run).toContain(' --shard "$SLURM_ARRAY_TASK_ID/2" --retry-failed --workers 8 --memory-budget 16G\'');
    expect(s.seal).not.toContain("cpus");
    expect(s.aggregate).not.toContain("--workers");
    expect(emitSlurm({ configPath: "r.yaml", shards: 2, memory: "1536MB" })).toContain(" --mem=1536M)");
  });

  it("calls the toolkit by its command words, quoted, and the shell hands it exact arguments", () => {
    const text = emitSlurm({
      configPath: "/data/my run's/cfg.yaml",
      shards: 3,
      partitionShards: 2,
      command: ["/opt/node 20/bin/node", "/srv/sweep$lab/bin/sweeplab.js"],
      storage: "/shared/it's here",
      account: "a b",
    });
    const file = join(tmp(), "submit.sh");
    writeFileSync(file, text);
    expect(() => execFileSync("bash", ["-n", file])).not.toThrow();
    const { calls } = runWithFakeSbatch(text);
    expect(calls[0]!.slice(0, 4)).toEqual([
      "--parsable",
      "--kill-on-invalid-dep=yes",
      "--chdir=/shared/it's here",
      "--account=a b",
    ]);
    const wraps = calls.map((c) => c.find((a) => a.startsWith("--wrap="))!);
    const exe = ["/opt/node 20/bin/node", "/srv/sweep$lab/bin/sweeplab.js"];
    const cfg = "/data/my run's/cfg.yaml";
    expect(wrapArgs(wraps[0]!, "1")).toEqual([...exe, "partition", "--config", cfg, "--shard", "1/2"]);
    expect(wrapArgs(wraps[1]!, "")).toEqual([...exe, "partition", "--seal", "--shards", "2", "--config", cfg]);
    expect(wrapArgs(wraps[2]!, "2")).toEqual([...exe, "run", "--config", cfg, "--shard", "2/3", "--retry-failed"]);
    expect(wrapArgs(wraps[3]!, "")).toEqual([...exe, "aggregate", "--config", cfg]);
  });
});

describe("the run selection of every phase (Slurm and Kubernetes alike)", () => {
  const options = {
    configPath: "/s/run.yaml",
    inputs: ["/s/orders", "/s/my trades"],
    outputDir: "/s/out",
    shards: 3,
    partitionShards: 2,
    cpusPerTask: 2,
    memory: "6GB",
  };
  const sel = ["--config", "/s/run.yaml", "--inputs", "/s/orders", "--inputs", "/s/my trades", "--output", "/s/out"];
  const want = (index: string): string[][] => [
    ["partition", ...sel, "--shard", `${index}/2`, "--workers", "2"],
    ["partition", "--seal", "--shards", "2", ...sel],
    // The task's memory bounds the jobs it runs at once (not half the node's, the default); a
    // resubmission after a fix retries the jobs that failed before (else they stay failed).
    ["run", ...sel, "--shard", `${index}/3`, "--retry-failed", "--workers", "2", "--memory-budget", "6G"],
    ["aggregate", ...sel],
  ];

  it("passes the config, each input and the output folder to the partition slices, seal, job shards and aggregation", () => {
    const { calls } = runWithFakeSbatch(emitSlurm(options));
    const wraps = calls.map((c) => c.find((a) => a.startsWith("--wrap="))!);
    expect(wraps.map((w) => wrapArgs(w, "1").slice(1))).toEqual(want("1"));
    // --inputs without a config: the tasks take the defaults, as `sweeplab run --inputs` does.
    const bare = runWithFakeSbatch(emitSlurm({ inputs: ["/d"], shards: 1 })).calls;
    expect(
      wrapArgs(
        bare[3]!.find((a) => a.startsWith("--wrap="))!,
        "",
      ).slice(1),
    ).toEqual(["aggregate", "--inputs", "/d"]);
  });

  it("gives the Kubernetes phase pods the very commands of the Slurm tasks", () => {
    const cm = parseAllDocuments(emitK8s(options))
      .map((d) => d.toJS() as { kind: string; data?: Record<string, string> })
      .find((d) => d.kind === "ConfigMap")!;
    const phases = JSON.parse(cm.data!["phases.json"]!) as {
      spec: { template: { spec: { containers: { command: string[] }[] } } };
    }[];
    const commands = phases.map((j) => j.spec.template.spec.containers[0]!.command);
    expect(commands.map((c) => c[0])).toEqual(["sweeplab", "sweeplab", "sweeplab", "sweeplab"]);
    expect(commands.map((c) => c.slice(1))).toEqual(want("$(JOB_COMPLETION_INDEX)"));
  });
});

describe("timeLimitSeconds", () => {
  it("reads every form sbatch --time takes", () => {
    expect(timeLimitSeconds("90")).toBe(90 * 60);
    expect(timeLimitSeconds("5:30")).toBe(5 * 60 + 30);
    expect(timeLimitSeconds("2:00:00")).toBe(7200);
    expect(timeLimitSeconds("1-12")).toBe(36 * 3600);
    expect(timeLimitSeconds("1-12:30")).toBe(36 * 3600 + 30 * 60);
    expect(timeLimitSeconds("2-00:00:05")).toBe(48 * 3600 + 5);
    for (const bad of ["0", "0:00", "", "1h", "-5", "1-", "1:2:3:4", "UNLIMITED", " 5"])
      expect([bad, timeLimitSeconds(bad)]).toEqual([bad, undefined]);
  });
});

describe("plan options", () => {
  it("are validated field by field", () => {
    const e = configError(() =>
      emitSlurm({
        configPath: "",
        shards: 0,
        partitionShards: -1,
        cpusPerTask: 1.5,
        memory: "lots",
        time: "2h",
        command: [],
        extra: 1,
      } as never),
    );
    expect(lines(e.issues)).toEqual([
      'configPath: expected a non-empty text on one line, without control characters, got ""',
      "shards: expected an integer ≥ 1, got 0",
      "partitionShards: expected an integer ≥ 1, got -1",
      "cpusPerTask: expected an integer ≥ 1, got 1.5",
      'memory: expected a memory size such as "16GB" or "512MB", got "lots"',
      'time: expected a time limit such as "90" (minutes), "2:00:00" or "1-12:00:00", got "2h"',
      "command: expected a list of at least one word, each a non-empty text on one line, got []",
      "extra: unknown key; allowed keys: configPath, inputs, outputDir, shards, partitionShards, image, storage, cpusPerTask, memory, time, queue, account, command, parallelism",
    ]);
    expect(lines(configError(() => emitSlurm({ configPath: "r", shards: 1, queue: "a\tb" })).issues)).toEqual([
      'queue: expected a text without control characters (one line), got "a\\tb"',
    ]);
    expect(lines(configError(() => emitK8s({ configPath: "a\nb", shards: 1 })).issues)).toEqual([
      'configPath: expected a text without control characters (one line), got "a\\nb"',
    ]);
  });
});
