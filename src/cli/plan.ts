import { existsSync, realpathSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { emitK8s, emitSlurm, type PlanOptionsInput } from "../config/index.js";
import { SweeplabError } from "../model/errors.js";
import { foundConfig } from "../pipeline/found-config.js";
import { parseCount, UsageError } from "./args.js";
import { configFromFlags, type RunFlagValues } from "./run.js";

export const PLAN_HELP = `Usage: sweeplab plan --emit slurm|k8s [options]

Writes the whole run for a cluster over shared storage. Slurm: a submit script (run it with bash on
a login node) chaining with afterok a partition array (partition --shard i/P), the seal, a job
array (run --shard j/N) and the aggregation; running it again resumes. Kubernetes: a controller Job
(sweeplab-plan) that runs the same four phases in order as Jobs; re-applying resumes.

Options:
  --emit <slurm|k8s>       what to write (required)
  --shards <N>             job shards: run --shard j/N (default 8)
  --partition-shards <P>   partition shards: partition --shard i/P, then the seal (default: N)
  --config <file>          run config on the shared storage (default sweeplab.yaml; Slurm: made
                           absolute, and checked to load)
  --inputs <path>          an input file or folder (repeat for more): replaces the config's inputs,
                           as for sweeplab run (Slurm: made absolute, and checked to hold data)
  --output <dir>           output folder: replaces the config's outputDir (Slurm: made absolute)
  --storage <dir>          Slurm: working folder of every task (default: this folder; made absolute)
  --cpus <n>               CPUs per task (also --workers of each task)
  --mem <size>             memory per task (e.g. 16GB; also --memory-budget of each job shard)
  --time <limit>           time limit per task (e.g. 90, 2:00:00, 1-12:00:00)
  --queue <name>           Slurm partition (queue) to submit to (also --partition)
  --account <name>         account to charge
  --command <word>         the toolkit command the tasks run, one word per flag (repeat for more);
                           Slurm default: this node binary and this bin/sweeplab.js, by absolute path
  --image <name>           container image for k8s (default sweeplab:latest)
  --claim <name>           k8s: the ReadWriteMany PersistentVolumeClaim mounted at /data
                           (default sweeplab-data)
  --parallelism <n>        k8s: pods of an Indexed Job running at once (default: all)
  --out <file>             write here instead of standard output
  -h, --help               show this help
`;

/** The toolkit as this process runs it: the node binary and bin/sweeplab.js, absolute and real. */
export function selfCommand(): string[] {
  const bin = fileURLToPath(new URL("../../bin/sweeplab.js", import.meta.url));
  return [realpathSync(process.execPath), realpathSync(bin)];
}

/** `sweeplab plan`. */
export async function planCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      emit: { type: "string" },
      shards: { type: "string" },
      "partition-shards": { type: "string" },
      config: { type: "string" },
      inputs: { type: "string", multiple: true },
      output: { type: "string" },
      storage: { type: "string" },
      cpus: { type: "string" },
      mem: { type: "string" },
      time: { type: "string" },
      queue: { type: "string" },
      partition: { type: "string" },
      account: { type: "string" },
      command: { type: "string", multiple: true },
      image: { type: "string" },
      claim: { type: "string" },
      parallelism: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(PLAN_HELP);
    return 0;
  }
  if (values.emit !== "slurm" && values.emit !== "k8s") throw new UsageError("--emit must be slurm or k8s");
  if (values.queue !== undefined && values.partition !== undefined && values.queue !== values.partition)
    throw new UsageError("--queue and --partition name the same Slurm partition: give one");
  const slurm = values.emit === "slurm";
  if (slurm && (values.claim !== undefined || values.parallelism !== undefined))
    throw new UsageError("--claim and --parallelism are for --emit k8s");
  if (!slurm && values.storage !== undefined)
    throw new UsageError(
      "--storage is the Slurm working folder: name the k8s PersistentVolumeClaim with --claim <name>",
    );
  const selection = slurm
    ? await slurmSelection(values.config, values.inputs, values.output)
    : k8sSelection(values.config, values.inputs, values.output);
  // Slurm: an absolute folder, so that submit.sh works from wherever it is run; k8s: the claim.
  const storage = slurm ? resolve(values.storage ?? ".") : values.claim;
  // Slurm fails a task it cannot start in its folder, leaving no log anywhere.
  if (slurm && !statSync(storage!, { throwIfNoEntry: false })?.isDirectory())
    throw new PlanRefusedError(
      `${storage}: no such folder for the tasks to work in (--storage); create it on the shared storage, or name another`,
    );
  const count = (name: string, text: string | undefined): number | undefined =>
    text === undefined ? undefined : parseCount(name, text, 0);
  const given = {
    partitionShards: count("partition-shards", values["partition-shards"]),
    storage,
    cpusPerTask: count("cpus", values.cpus),
    memory: values.mem,
    time: values.time,
    queue: values.queue ?? values.partition,
    account: values.account,
    command: values.command ?? (slurm ? selfCommand() : undefined),
    image: values.image,
    parallelism: count("parallelism", values.parallelism),
  };
  // Unset options are left out (exactOptionalPropertyTypes); the emitters validate the rest.
  const opts = {
    ...selection,
    shards: parseCount("shards", values.shards, 8),
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  } as PlanOptionsInput;
  const text = slurm ? emitSlurm(opts) : emitK8s(opts);
  if (values.out === undefined) process.stdout.write(text);
  else await writeFile(resolve(values.out), text, { mode: 0o755 });
  return 0;
}

/**
 * `plan_refused`: a plan refused before anything is written, since its tasks could not use what it
 * names (a run config that does not exist); the message names the path and what to give instead.
 */
export class PlanRefusedError extends SweeplabError {
  override readonly name = "PlanRefusedError";
  readonly code = "plan_refused";
}

type Selection = Pick<PlanOptionsInput, "configPath" | "inputs" | "outputDir">;

/**
 * The run's selection for Slurm tasks: every path absolute (the tasks work in `--storage`, maybe not
 * this folder), the config (`sweeplab.yaml` by default, unless `--inputs`) loaded and the inputs
 * discovered as the tasks will, so that a mistake stops here rather than in the first task.
 */
async function slurmSelection(config?: string, inputs?: string[], output?: string): Promise<Selection> {
  const configPath = config !== undefined || inputs === undefined ? resolve(config ?? "sweeplab.yaml") : undefined;
  if (configPath !== undefined && !existsSync(configPath))
    throw new PlanRefusedError(
      `${configPath}: no such run config; give the run config on the shared storage with --config <file> (or the data with --inputs <path>)`,
    );
  const given = { config: configPath, inputs, output } as RunFlagValues;
  const run = await configFromFlags(given);
  await foundConfig(run); // throws naming an input that finds nothing
  return {
    ...(configPath === undefined ? {} : { configPath }),
    ...(inputs === undefined ? {} : { inputs: inputs.map((p) => resolve(p)) }),
    ...(output === undefined ? {} : { outputDir: resolve(output) }),
  };
}

/** The run's selection for k8s pods: paths on the volume at /data, relative to it or under /data. */
function k8sSelection(config?: string, inputs?: string[], output?: string): Selection {
  const onVolume = (flag: string, path: string): string => {
    if (isAbsolute(path) && path !== "/data" && !path.startsWith("/data/"))
      throw new UsageError(
        `--${flag} ${path} is not on the volume: every pod mounts it at /data and works there; give the path relative to the volume (e.g. run.yaml)`,
      );
    return path;
  };
  return {
    ...(config !== undefined || inputs === undefined
      ? { configPath: onVolume("config", config ?? "sweeplab.yaml") }
      : {}),
    ...(inputs === undefined ? {} : { inputs: inputs.map((p) => onVolume("inputs", p)) }),
    ...(output === undefined ? {} : { outputDir: onVolume("output", output) }),
  };
}
