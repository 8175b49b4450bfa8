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

const TIME = /^(?:(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?|(\d+)(?::(\d+)(?::(\d+))?)?)$/;

/**
 * Seconds of a Slurm time limit: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M` or `D-H:M:S` (the forms `sbatch
 * --time` takes); `undefined` for any other text or a limit of 0.
 */
export function timeLimitSeconds(text: string): number | undefined {
  const m = TIME.exec(text);
  if (m === null) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  let s: number;
  if (m[1] !== undefined) s = ((n(1) * 24 + n(2)) * 60 + n(3)) * 60 + n(4);
  else if (m[7] !== undefined) s = (n(5) * 60 + n(6)) * 60 + n(7);
  else s = m[6] !== undefined ? n(5) * 60 + n(6) : n(5) * 60;
  return s > 0 && Number.isSafeInteger(s) ? s : undefined;
}

/** Options of `emitSlurm` (plan-slurm.ts) and {@link emitK8s}. */
export const PlanOptions = z
  .object({
    /**
     * The run config as the tasks see it (on the shared storage; in k8s relative to the volume at
     * /data): `--config` of every phase. Omitted with `inputs`: the tasks take the defaults, as
     * `sweeplab run --inputs` does.
     */
    configPath: Line.optional(),
    /** Input files or folders as the tasks see them: `--inputs` of every phase (replacing the config's). */
    inputs: z
      .array(Line)
      .min(1)
      .register(allowedText, { allowed: "a list of at least one path, each a non-empty text on one line" })
      .optional(),
    /** The output folder as the tasks see it: `--output` of every phase (replacing the config's `outputDir`). */
    outputDir: Line.optional(),
    /** Number of job shards N: Slurm array tasks 0…N−1 of `run --shard i/N`, or k8s completion indexes 0…N−1. */
    shards: z.number().int().min(1),
    /** Number of partition shards P (default: shards): tasks 0…P−1 of `partition --shard i/P`, then the seal. */
    partitionShards: z.number().int().min(1).optional(),
    /** Container image of the k8s Jobs (default "sweeplab:latest"); not used by Slurm. */
    image: Line.optional(),
    /**
     * Shared storage. Slurm: the working directory of every task (`--chdir`; default: the submit
     * directory). k8s: the ReadWriteMany PersistentVolumeClaim mounted at /data (default "sweeplab-data").
     * `sweeplab plan` sets it from `--storage` for Slurm and from `--claim` for k8s.
     */
    storage: Line.optional(),
    /** CPUs per task (Slurm `--cpus-per-task`, k8s cpu request); also passed as `--workers`. */
    cpusPerTask: z.number().int().min(1).optional(),
    /** Memory per task, a byte size such as "16GB" or "512MiB" (Slurm `--mem`, k8s memory request and limit). */
    memory: Line.refine(
      (t) => parseByteSize(t) !== undefined,
      'expected a memory size such as "16GB" or "512MB"',
    ).optional(),
    /** Time limit per task in Slurm's forms (`90`, `2:00:00`, `1-12:00:00`; see {@link timeLimitSeconds}). */
    time: Line.refine((t) => timeLimitSeconds(t) !== undefined, {
      message: 'expected a time limit such as "90" (minutes), "2:00:00" or "1-12:00:00"',
    }).optional(),
    /** The queue: Slurm partition (`--partition`) the tasks are submitted to (default: the cluster's). */
    queue: Line.optional(),
    /** Account the tasks are charged to (Slurm `--account`). */
    account: Line.optional(),
    /**
     * The toolkit command as words, e.g. `["/usr/bin/node", "/opt/sweeplab/bin/sweeplab.js"]` (default
     * `["sweeplab"]`, found on PATH). `sweeplab plan` passes the absolute paths it runs from.
     */
    command: z
      .array(Line)
      .min(1)
      .register(allowedText, { allowed: "a list of at least one word, each a non-empty text on one line" })
      .optional(),
    /** k8s only: how many shard pods run at once (default: all N). */
    parallelism: z.number().int().min(1).optional(),
  })
  .strict();
/** Validated plan options. */
export type PlanOptions = z.infer<typeof PlanOptions>;
/** Plan options as a caller gives them to `emitSlurm` (plan-slurm.ts) and {@link emitK8s}. */
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

/** One word for a POSIX shell: as it is when it has no special character, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The four phases of a plan, in order: partition slices, seal, job shards, aggregation. */
export const PLAN_PHASES = ["partition", "seal", "run", "aggregate"] as const;

/**
 * The toolkit's arguments in each phase (after the command words), the one source of both emitters:
 * `partition <sel> --shard <index>/P [--workers c]`, `partition --seal --shards P <sel>`, `run <sel>
 * --shard <index>/N --retry-failed [--workers c] [--memory-budget <memory>]`, `aggregate <sel>`, where `<sel>` is the run's selection
 * (`--config`, each `--inputs`, `--output`, as given) and `index` the array task's index as the
 * emitter writes it (Slurm `$SLURM_ARRAY_TASK_ID`, k8s `$(JOB_COMPLETION_INDEX)`).
 */
export function phaseArgs(o: PlanOptions, index: string): Record<(typeof PLAN_PHASES)[number], string[]> {
  const p = o.partitionShards ?? o.shards;
  const sel = [
    ...(o.configPath === undefined ? [] : ["--config", o.configPath]),
    ...(o.inputs ?? []).flatMap((i) => ["--inputs", i]),
    ...(o.outputDir === undefined ? [] : ["--output", o.outputDir]),
  ];
  const workers = o.cpusPerTask === undefined ? [] : ["--workers", String(o.cpusPerTask)];
  // A job shard's jobs at once fit the task's memory, which the cluster enforces (the default
  // memoryBudget, half of the node's memory, may be far more than the task was given).
  const mem = memoryText(o.memory)?.slurm;
  const budget = mem === undefined ? [] : ["--memory-budget", mem];
  return {
    partition: ["partition", ...sel, "--shard", `${index}/${p}`, ...workers],
    seal: ["partition", "--seal", "--shards", String(p), ...sel],
    // --retry-failed: submitting again is how a plan resumes after a fix; without it a job that
    // failed before would stay failed (its record unchanged) and fail the resubmission too.
    run: ["run", ...sel, "--shard", `${index}/${o.shards}`, "--retry-failed", ...workers, ...budget],
    aggregate: ["aggregate", ...sel],
  };
}
