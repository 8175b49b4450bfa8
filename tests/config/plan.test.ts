import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitSlurm } from "../../src/config/index.js";
import { tmp } from "../helpers.js";
import { configError, lines } from "./helpers.js";

describe("emitSlurm", () => {
  it("writes a job array of N tasks running one shard each, and queues the aggregation once", () => {
    const text = emitSlurm({ configPath: "/shared/run.yaml", shards: 4 });
    const l = text.split("\n");
    expect(l[0]).toBe("#!/bin/bash");
    expect(l.filter((x) => x.startsWith("#SBATCH"))).toEqual([
      "#SBATCH --job-name=sweeplab-run",
      "#SBATCH --array=0-3",
      "#SBATCH --output=sweeplab-run-%A_%a.out",
    ]);
    expect(l.filter((x) => !x.startsWith("#"))).toEqual([
      "set -euo pipefail",
      "",
      'if [ "$SLURM_ARRAY_TASK_ID" = "0" ]; then',
      "  sbatch --job-name=sweeplab-aggregate --dependency=\"afterok:$SLURM_ARRAY_JOB_ID\" --kill-on-invalid-dep=yes --output=sweeplab-aggregate-%j.out --wrap='sweeplab aggregate --config /shared/run.yaml'",
      "fi",
      "",
      'sweeplab run --config /shared/run.yaml --shard "$SLURM_ARRAY_TASK_ID/4"',
      "",
    ]);
  });

  it("adds CPUs (also as --workers), memory and the shared working directory", () => {
    const l = emitSlurm({
      configPath: "run.yaml",
      shards: 1,
      cpusPerTask: 8,
      memory: "16GB",
      storage: "/scratch/sweeplab",
    }).split("\n");
    expect(l.filter((x) => x.startsWith("#SBATCH"))).toEqual([
      "#SBATCH --job-name=sweeplab-run",
      "#SBATCH --array=0-0",
      "#SBATCH --cpus-per-task=8",
      "#SBATCH --mem=16G",
      "#SBATCH --chdir=/scratch/sweeplab",
      "#SBATCH --output=sweeplab-run-%A_%a.out",
    ]);
    expect(l).toContain('sweeplab run --config run.yaml --shard "$SLURM_ARRAY_TASK_ID/1" --workers 8');
    expect(l.find((x) => x.startsWith("  sbatch "))).toContain(" --mem=16G --chdir=/scratch/sweeplab ");
    expect(emitSlurm({ configPath: "r.yaml", shards: 2, memory: "1536MB" })).toContain("#SBATCH --mem=1536M\n");
  });

  it("quotes a config path with shell characters, and the script is valid bash", () => {
    const text = emitSlurm({ configPath: "/data/my run's/cfg.yaml", shards: 3 });
    expect(text).toContain(`sweeplab run --config '/data/my run'\\''s/cfg.yaml' --shard "$SLURM_ARRAY_TASK_ID/3"`);
    const file = join(tmp(), "plan.sbatch");
    writeFileSync(file, text);
    expect(() => execFileSync("bash", ["-n", file])).not.toThrow();
    // The quoted path survives the shell: echo the words of the run line.
    const run = text.split("\n").find((x) => x.startsWith("sweeplab run"))!;
    const words = execFileSync(
      "bash",
      ["-c", `SLURM_ARRAY_TASK_ID=2; printf '%s\\n' ${run.slice("sweeplab run ".length)}`],
      {
        encoding: "utf8",
      },
    );
    expect(words).toBe("--config\n/data/my run's/cfg.yaml\n--shard\n2/3\n");
  });
});

describe("plan options", () => {
  it("are validated field by field", () => {
    const e = configError(() =>
      emitSlurm({ configPath: "", shards: 0, cpusPerTask: 1.5, memory: "lots", extra: 1 } as never),
    );
    expect(lines(e.issues)).toEqual([
      'configPath: expected a non-empty text on one line, without control characters, got ""',
      "shards: expected an integer ≥ 1, got 0",
      "cpusPerTask: expected an integer ≥ 1, got 1.5",
      'memory: expected a memory size such as "16GB" or "512MB", got "lots"',
      "extra: unknown key; allowed keys: configPath, shards, partitionShards, image, storage, cpusPerTask, memory, parallelism",
    ]);
  });
});
