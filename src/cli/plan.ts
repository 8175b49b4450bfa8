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
  const text = values.emit === "slurm" ? emitSlurm(opts) : emitK8s(opts);
  if (values.out === undefined) process.stdout.write(text);
  else await writeFile(values.out, text);
  return 0;
}
