import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitK8s, emitSlurm } from "../../src/config/index.js";
import { tmp } from "../helpers.js";
import { configError, lines } from "./helpers.js";

interface Container {
  name: string;
  image: string;
  workingDir: string;
  command: string[];
  env?: unknown[];
  resources?: unknown;
  volumeMounts: unknown[];
}
interface Job {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: Record<string, unknown> & {
    parallelism: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        restartPolicy: string;
        containers: Container[];
        volumes: { name: string; persistentVolumeClaim: { claimName: string } }[];
      };
    };
  };
}

/** The k8s manifest's two documents (the run Job, the aggregate Job) as plain objects. */
function docs(text: string): [Job, Job] {
  const all = parseAllDocuments(text);
  if (!Array.isArray(all)) throw new Error("no documents");
  for (const d of all) expect(d.errors).toEqual([]);
  expect(all).toHaveLength(2);
  return all.map((d) => d.toJS() as Job) as [Job, Job];
}

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

describe("emitK8s", () => {
  it("writes an Indexed Job of N shards over a shared volume, then a suspended aggregate Job", () => {
    const text = emitK8s({ configPath: "configs/run.yaml", shards: 6, image: "registry/sweeplab:1.2" });
    expect(text.startsWith("# sweeplab: the job matrix of configs/run.yaml as an Indexed Job of 6 shard(s)")).toBe(
      true,
    );
    const [run, aggregate] = docs(text);
    expect(run.apiVersion).toBe("batch/v1");
    expect(run.kind).toBe("Job");
    expect(run.metadata.name).toBe("sweeplab-run");
    expect(run.spec).toMatchObject({ completionMode: "Indexed", completions: 6, parallelism: 6, backoffLimit: 6 });
    const pod = run.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    expect(pod.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "sweeplab-data" } }]);
    expect(pod.containers).toHaveLength(1);
    const c = pod.containers[0]!;
    expect(c.image).toBe("registry/sweeplab:1.2");
    expect(c.workingDir).toBe("/data");
    expect(c.command).toEqual([
      "sweeplab",
      "run",
      "--config",
      "configs/run.yaml",
      "--shard",
      "$(JOB_COMPLETION_INDEX)/6",
    ]);
    expect(c.env).toEqual([
      {
        name: "JOB_COMPLETION_INDEX",
        valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
      },
    ]);
    expect(c.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
    expect("resources" in c).toBe(false);

    expect(aggregate.kind).toBe("Job");
    expect(aggregate.metadata.name).toBe("sweeplab-aggregate");
    expect(aggregate.spec).toMatchObject({ suspend: true, completions: 1, parallelism: 1 });
    expect("completionMode" in aggregate.spec).toBe(false);
    const a = aggregate.spec.template.spec.containers[0]!;
    expect(a.command).toEqual(["sweeplab", "aggregate", "--config", "configs/run.yaml"]);
    expect(a.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
    expect(aggregate.spec.template.spec.volumes).toEqual(pod.volumes);
    expect(text).toContain(`#   kubectl patch job/sweeplab-aggregate --type=merge -p '{"spec":{"suspend":false}}'`);
  });

  it("sets storage, resources, workers and parallelism", () => {
    const [run, aggregate] = docs(
      emitK8s({
        configPath: "run.yaml",
        shards: 10,
        storage: "ticks-rwx",
        cpusPerTask: 4,
        memory: "6GiB",
        parallelism: 3,
      }),
    );
    expect(run.spec.parallelism).toBe(3);
    const c = run.spec.template.spec.containers[0]!;
    expect(c.image).toBe("sweeplab:latest");
    expect(c.command.slice(-3)).toEqual(["$(JOB_COMPLETION_INDEX)/10", "--workers", "4"]);
    expect(c.resources).toEqual({ requests: { cpu: "4", memory: "6Gi" }, limits: { memory: "6Gi" } });
    expect(run.spec.template.spec.volumes[0]!.persistentVolumeClaim.claimName).toBe("ticks-rwx");
    expect(aggregate.spec.template.spec.volumes[0]!.persistentVolumeClaim.claimName).toBe("ticks-rwx");
    const small = docs(emitK8s({ configPath: "r.yaml", shards: 1, memory: "1536MB" }))[0];
    expect(small.spec.template.spec.containers[0]!.resources).toEqual({
      requests: { memory: "1536Mi" },
      limits: { memory: "1536Mi" },
    });
    // parallelism never exceeds the number of shards
    expect(docs(emitK8s({ configPath: "r.yaml", shards: 2, parallelism: 9 }))[0].spec.parallelism).toBe(2);
  });

  it("keeps a config path with YAML characters as one exact string", () => {
    const [run] = docs(emitK8s({ configPath: "cfg: #1 'x'.yaml", shards: 1 }));
    expect(run.spec.template.spec.containers[0]!.command[3]).toBe("cfg: #1 'x'.yaml");
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
      "extra: unknown key; allowed keys: configPath, shards, image, storage, cpusPerTask, memory, parallelism",
    ]);
    expect(lines(configError(() => emitK8s({ configPath: "a\nb", shards: 1 })).issues)).toEqual([
      'configPath: expected a text without control characters (one line), got "a\\nb"',
    ]);
  });
});
