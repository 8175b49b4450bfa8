import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { emitK8s, emitSlurm } from "../config/index.js";
import { parseCount, UsageError } from "./args.js";

export const PLAN_HELP = `Usage: sweeplab plan --emit slurm|k8s --shards <N> [options]

Writes a Slurm job-array script or a Kubernetes manifest that runs the N shards of the job matrix
(sweeplab run --shard i/N) over shared storage, then sweeplab aggregate. The Kubernetes manifest
runs partition slices, seal, shards and aggregate in order under a controller Job (sweeplab-plan).

Options:
  --emit <slurm|k8s>   what to write (required)
  --shards <N>         number of shards (default 8)
  --config <file>      run config on the shared storage (default sweeplab.yaml)
  --image <name>       container image for k8s (default sweeplab:latest)
  --claim <name>       k8s: the ReadWriteMany PersistentVolumeClaim mounted at /data (default sweeplab-data)
  --parallelism <n>    k8s: pods of an Indexed Job running at once (default: all)
  --out <file>         write here instead of standard output
  -h, --help           show this help
`;

/** `sweeplab plan`. */
export async function planCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      emit: { type: "string" },
      shards: { type: "string" },
      config: { type: "string" },
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
  const opts = {
    configPath: values.config ?? "sweeplab.yaml",
    shards: Math.max(1, parseCount("shards", values.shards, 8)),
    ...(values.image === undefined ? {} : { image: values.image }),
  };
  if (values.emit === "slurm" && (values.claim !== undefined || values.parallelism !== undefined))
    throw new UsageError("--claim and --parallelism are for --emit k8s");
  const k8s = {
    ...opts,
    ...(values.claim === undefined ? {} : { storage: values.claim }),
    ...(values.parallelism === undefined ? {} : { parallelism: parseCount("parallelism", values.parallelism, 1) }),
  };
  const text = values.emit === "slurm" ? emitSlurm(opts) : emitK8s(k8s);
  if (values.out === undefined) process.stdout.write(text);
  else await writeFile(values.out, text);
  return 0;
}
