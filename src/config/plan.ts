import { z } from "zod";
import { parseByteSize } from "./bytes.js";
import { allowedText } from "./describe.js";
import { ConfigError, configIssues } from "./errors.js";

// One line of text: these values go into a shell script and a manifest.
const Line = z
  .string()
  .min(1)
  .refine((t) => !/\p{Cc}/u.test(t), "expected a text without control characters (one line)")
  .register(allowedText, { allowed: "a non-empty text on one line, without control characters" });

/** Options of {@link emitSlurm} and {@link emitK8s}. */
export const PlanOptions = z
  .object({
    /** The run config as the tasks see it (on the shared storage; in k8s relative to the volume at /data). */
    configPath: Line,
    /** Number of shards N: Slurm array tasks 0…N−1, or k8s completion indexes 0…N−1. */
    shards: z.number().int().min(1),
    /** Number of partition slices (`sweeplab partition --shard i/N`, then `--seal --shards N`); default: shards. */
    partitionShards: z.number().int().min(1).optional(),
    /** Container image of the k8s Jobs (default "sweeplab:latest"); not used by Slurm. */
    image: Line.optional(),
    /**
     * Shared storage. Slurm: the working directory of every task (`--chdir`; default: the submit
     * directory). k8s: the ReadWriteMany PersistentVolumeClaim mounted at /data (default "sweeplab-data").
     */
    storage: Line.optional(),
    /** CPUs per task (Slurm `--cpus-per-task`, k8s cpu request); also passed as `--workers`. */
    cpusPerTask: z.number().int().min(1).optional(),
    /** Memory per task, a byte size such as "16GB" or "512MiB" (Slurm `--mem`, k8s memory request and limit). */
    memory: Line.refine(
      (t) => parseByteSize(t) !== undefined,
      'expected a memory size such as "16GB" or "512MB"',
    ).optional(),
    /** k8s only: how many shard pods run at once (default: all N). */
    parallelism: z.number().int().min(1).optional(),
  })
  .strict();
/** Validated plan options. */
export type PlanOptions = z.infer<typeof PlanOptions>;
/** Plan options as a caller gives them to {@link emitSlurm} and {@link emitK8s}. */
export type PlanOptionsInput = z.input<typeof PlanOptions>;

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** Validates plan options. Throws {@link ConfigError} `bad_config` naming every bad field. */
export function parsePlan(options: PlanOptionsInput): PlanOptions {
  const r = PlanOptions.safeParse(options);
  if (!r.success) throw new ConfigError("bad_config", configIssues(PlanOptions, r.error, options));
  return r.data;
}

/** Whole GiB when exact, else MiB rounded up: Slurm `16G` / `1536M`, k8s `16Gi` / `1536Mi`. */
export function memoryText(memory: string | undefined): { slurm: string; k8s: string } | undefined {
  const bytes = memory === undefined ? undefined : parseByteSize(memory);
  if (bytes === undefined) return undefined;
  if (bytes % GIB === 0) return { slurm: `${bytes / GIB}G`, k8s: `${bytes / GIB}Gi` };
  const mib = Math.ceil(bytes / MIB);
  return { slurm: `${mib}M`, k8s: `${mib}Mi` };
}

/** Quotes a shell word when it needs it. */
function sh(word: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A Slurm batch script running the job matrix as a job array of N tasks over shared storage:
 * `#SBATCH --array=0-(N−1)`, each task running `sweeplab run --config … --shard $SLURM_ARRAY_TASK_ID/N`,
 * and task 0 queueing `sweeplab aggregate --config …` once with
 * `--dependency=afterok:$SLURM_ARRAY_JOB_ID` (the array's id: every task must succeed; `$SLURM_JOB_ID`
 * inside a task would be that task alone). Submit with `sbatch <file>`. Mind the cluster's
 * `MaxArraySize` (1001 by default). Pure: returns the text. Throws {@link ConfigError} `bad_config`
 * for bad options.
 */
export function emitSlurm(options: PlanOptionsInput): string {
  const o = parsePlan(options);
  const n = o.shards;
  const cfg = sh(o.configPath);
  const mem = memoryText(o.memory)?.slurm;
  const common = [
    ...(mem === undefined ? [] : [`--mem=${mem}`]),
    ...(o.storage === undefined ? [] : [`--chdir=${sh(o.storage)}`]),
  ];
  const aggregate = [
    "sbatch",
    "--job-name=sweeplab-aggregate",
    '--dependency="afterok:$SLURM_ARRAY_JOB_ID"',
    "--kill-on-invalid-dep=yes",
    ...common,
    "--output=sweeplab-aggregate-%j.out",
    `--wrap=${sh(`sweeplab aggregate --config ${cfg}`)}`,
  ].join(" ");
  const workers = o.cpusPerTask === undefined ? "" : ` --workers ${o.cpusPerTask}`;
  return [
    "#!/bin/bash",
    `# sweeplab: the job matrix of ${o.configPath} as a Slurm job array of ${n} shard(s), then the aggregation.`,
    `# First partition the inputs once (the shards share the store and never rebuild it):`,
    `#   sweeplab partition --config ${o.configPath}`,
    "# Then submit with: sbatch <this file>",
    `# Task i runs the jobs j of the sorted (security, date) matrix with j mod ${n} = i; the ${n} shards`,
    "# together are exactly one whole run. Inputs and outputDir must be on storage every node sees",
    "# (a relative outputDir is relative to the working directory of the tasks).",
    "# Task 0 queues the aggregation once; it starts when every task of the array has succeeded",
    "# (afterok on the array job id) and is cancelled if any task fails.",
    "#SBATCH --job-name=sweeplab-run",
    `#SBATCH --array=0-${n - 1}`,
    ...(o.cpusPerTask === undefined ? [] : [`#SBATCH --cpus-per-task=${o.cpusPerTask}`]),
    ...common.map((c) => `#SBATCH ${c}`),
    "#SBATCH --output=sweeplab-run-%A_%a.out",
    "set -euo pipefail",
    "",
    'if [ "$SLURM_ARRAY_TASK_ID" = "0" ]; then',
    `  ${aggregate}`,
    "fi",
    "",
    `sweeplab run --config ${cfg} --shard "$SLURM_ARRAY_TASK_ID/${n}"${workers}`,
    "",
  ].join("\n");
}
