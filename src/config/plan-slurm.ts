import { memoryText, parsePlan, phaseArgs, PLAN_PHASES, shellWord, type PlanOptionsInput } from "./plan.js";

/** The phases of the Slurm workflow, in submission order, as `submit.sh` prints their job ids. */
export const SLURM_PHASES = PLAN_PHASES;

/** An array task's index in a job script (`sh` expands it; the emitter double-quotes the word holding it). */
const TASK_ID = "$SLURM_ARRAY_TASK_ID";

/**
 * The whole workflow as one Slurm submit script (`bash submit.sh` on a login node): four `sbatch
 * --parsable` submissions chained with `--dependency=afterok:<id>` and `--kill-on-invalid-dep=yes`:
 *
 * 1. `sweeplab-partition`, an array of P tasks: `partition --shard i/P` (slices of the inputs);
 * 2. `sweeplab-seal`: `partition --seal --shards P` (checks every slice, seals the store);
 * 3. `sweeplab-run`, an array of N tasks: `run --shard j/N` (slices of the job matrix);
 * 4. `sweeplab-aggregate`: `aggregate`.
 *
 * A phase starts only when every task of the previous one exited 0; a failed or cancelled task
 * cancels every later phase. Running the same script again resumes: each phase reruns, and the
 * toolkit skips the complete partition slices, the sealed store and the current jobs. The script
 * prints `<phase> <job id>` per phase (see {@link SLURM_PHASES}) and keeps the ids in `<script>.jobs`:
 * it refuses (exit 1) while a job of its previous submission is still queued or running, and while
 * another process is submitting it (a `flock` on that file). The tasks call the toolkit by
 * `command` (default `sweeplab` on PATH; `sweeplab plan` passes absolute paths), in `storage`
 * (`--chdir`), with `--workers` = `cpusPerTask`. A script on the login node rather than one job
 * submitting the next: every phase is queued at once (a failure shows in `squeue` at once) and the
 * compute nodes need no `sbatch`. Pure: returns the text. Throws `ConfigError` `bad_config` for bad
 * options.
 */
export function emitSlurm(options: PlanOptionsInput): string {
  const o = parsePlan(options);
  const n = o.shards;
  const p = o.partitionShards ?? n;
  const what = o.configPath ?? (o.inputs ?? []).join(", ");
  const exe = (o.command ?? ["sweeplab"]).map(shellWord).join(" ");
  const mem = memoryText(o.memory)?.slurm;
  const common = [
    "--parsable",
    "--kill-on-invalid-dep=yes",
    ...(o.storage === undefined ? [] : [`--chdir=${shellWord(o.storage)}`]),
    ...(o.queue === undefined ? [] : [`--partition=${shellWord(o.queue)}`]),
    ...(o.account === undefined ? [] : [`--account=${shellWord(o.account)}`]),
    ...(o.time === undefined ? [] : [`--time=${o.time}`]),
    ...(mem === undefined ? [] : [`--mem=${mem}`]),
  ];
  const cpus = o.cpusPerTask === undefined ? [] : [`--cpus-per-task=${o.cpusPerTask}`];
  const args = phaseArgs(o, TASK_ID);
  // Every word quoted for sh, but the task index's: "$SLURM_ARRAY_TASK_ID/N", expanded by the task.
  const word = (w: string): string => (w.startsWith(`${TASK_ID}/`) ? `"${w}"` : shellWord(w));
  const wrap = (phase: keyof typeof args): string =>
    `--wrap=${shellWord(`exec ${exe} ${args[phase].map(word).join(" ")}`)}`;
  const submit = (name: string, after: string | undefined, args: string[]): string =>
    `${name}=$(submit --job-name=sweeplab-${name}${after === undefined ? "" : ` --dependency="afterok:$${after}"`} ${args.join(" ")})`;
  return [
    "#!/bin/bash",
    `# sweeplab: the whole run of ${what} on Slurm, in four phases chained with afterok:`,
    `#   partition  an array of ${p} task(s): partition --shard i/${p} (slices of the inputs)`,
    `#   seal       partition --seal --shards ${p} (checks every slice, seals the store)`,
    `#   run        an array of ${n} task(s): run --shard j/${n} (slices of the job matrix)`,
    "#   aggregate  aggregate (the aggregated tables)",
    "# A phase starts when every task of the previous one succeeded; a failed or cancelled task cancels",
    "# the phases after it. Submit on a login node with:  bash <this file>  (prints each phase's job id).",
    "# To resume after a failure, fix it and run this file again: the toolkit skips the partition slices,",
    "# the store and the jobs already complete. Inputs, the config and outputDir must be on storage every",
    "# node sees. Mind the cluster's MaxArraySize (1001 by default) for the array sizes.",
    "set -euo pipefail",
    "",
    "# Refuse while the previous submission of this file is still queued or running (its ids are kept",
    "# next to the file): two submissions would work on the same folders.",
    'jobs_file="$0.jobs"',
    "# One submission at a time: a lock on that file (flock, util-linux), released when this script ends.",
    'exec 9>>"$jobs_file"',
    "if command -v flock >/dev/null && ! flock -n 9; then",
    '  echo "sweeplab: $0 is being submitted by another process right now: wait for it, then look at squeue (its job ids go to $jobs_file)" >&2',
    "  exit 1",
    "fi",
    'if [ -s "$jobs_file" ]; then',
    '  left=$(squeue --noheader --format=%F --jobs="$(paste -sd, "$jobs_file")" 2>/dev/null | sort -nu | paste -sd, -) || true',
    '  if [ -n "$left" ]; then',
    '    echo "sweeplab: the previous submission of $0 is still queued or running (jobs $left): wait for it or scancel $left, then submit again" >&2',
    "    exit 1",
    "  fi",
    "fi",
    "",
    `opts=(${common.join(" ")})`,
    "# (A command substitution does not inherit set -e: a failed sbatch must stop the script itself.)",
    'submit() { local id; id=$(sbatch "${opts[@]}" "$@") || exit 1; echo "${id%%;*}" >> "$jobs_file"; echo "${id%%;*}"; }',
    ': > "$jobs_file"',
    "",
    submit("partition", undefined, [
      `--array=0-${p - 1}`,
      ...cpus,
      "--output=sweeplab-partition-%A_%a.out",
      wrap("partition"),
    ]),
    submit("seal", "partition", ["--output=sweeplab-seal-%j.out", wrap("seal")]),
    submit("run", "seal", [`--array=0-${n - 1}`, ...cpus, "--output=sweeplab-run-%A_%a.out", wrap("run")]),
    submit("aggregate", "run", ["--output=sweeplab-aggregate-%j.out", wrap("aggregate")]),
    "",
    `printf "%s %s\\n" ${SLURM_PHASES.map((x) => `${x} "$${x}"`).join(" ")}`,
    `echo "watch with: squeue -j ${SLURM_PHASES.map((x) => `$${x}`).join(",")}" >&2`,
    "",
  ].join("\n");
}
