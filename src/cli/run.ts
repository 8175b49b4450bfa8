import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  loadConfigOver,
  parseShard,
  SAMPLE_CONFIG_PATH,
  shardSuffix,
  type OverrideSource,
  type RunConfig,
} from "../config/index.js";
import { formatProgress } from "../pipeline/progress.js";
import { AggregateRefusedError, aggregateRun } from "../pipeline/aggregate/aggregate-step.js";
import { claimOutputFolder } from "../io/outputs/output-marker.js";
import { runPipeline, type PipelineOptions } from "../pipeline/run.js";
import { asUnwritable } from "../pipeline/errors.js";
import { formatSummary, type RunSummary } from "../pipeline/summary.js";
import { UsageError } from "./args.js";
import { progressLine } from "./progress.js";
import { resultsDigest } from "./digest.js";
import { ctrlC, interruptedLine, type RunEnd } from "./interrupt.js";

export { interruptedLine } from "./interrupt.js";

/** The options every run-like command takes, as `--help` lists them. */
export const COMMON_HELP = `  --config <file>         run config, YAML or JSON (default: sample_data/sweeplab.yaml, unless --inputs)
  --inputs <path>         an input file or folder (repeat for more): replaces the config's inputs;
                          without --config, the defaults with reference files found among the inputs
  --workers <n>           worker threads (default: all cores)
  --chunk-size <size>     read chunk size (e.g. 8MB, 64MB)
  --memory-budget <size>  memory the jobs may take together (e.g. 4GB; default: half the machine's)
  --output <dir>          output folder (default from the config: processed_files)
  --securities <list>     comma-separated security codes (default: all)
  --dates <list>          comma-separated dates, or FROM..TO (default: all)
  --session <FROM..TO>    continuous-session window, Sydney HH:MM[:SS] (default 10:00..16:00):
                          sets analysis.session; e.g. 00:00..24:00 for orders outside hours
  -h, --help              show this help
`;

export const RUN_HELP = `Usage: sweeplab run [options]

Partitions the inputs into the columnar store, runs one analysis job per (security, date) in a
worker pool, writes per-job outputs under <output>/by_security/, aggregates into
<output>/aggregated/, and prints and saves the execution summary (run_summary.json). A rerun reads
only the input files added or changed, skips completed jobs and recomputes only what changed.
Ctrl-C stops cleanly.

Options:
${COMMON_HELP}  --retry-failed          rerun the jobs that failed before
  --shard <i/N>           run only shard i (0-based) of N slices of the job matrix; no aggregation
  --allow-partial         aggregate even when the selection matches nothing (default: refuse, exit 1)
`;

export const AGGREGATE_HELP = `Usage: sweeplab aggregate [options]

Builds <output>/aggregated/*.csv from the per-job outputs already on disk (e.g. after shards ran):
only the jobs of this config's job matrix whose job.json records are current for it (one a run
of another selection set aside is read in set_aside/, and taken back). Refuses
(exit 1, aggregated/ left as it was) when some of them are missing or not current, when the
selection matches nothing, or when the inputs changed since the store was written (run
sweeplab run first; --allow-partial does not override this). Once the tables are written,
by_security/ holds exactly their jobs (any other job folder is moved to set_aside/) and
run_manifest.json lists them; a run_summary.json of other jobs is removed.

Options:
${COMMON_HELP}  --allow-partial         aggregate the current jobs even when others are missing, or write empty
                          tables when the selection matches nothing
`;

/** The flags of `run`, `partition` and `aggregate` (node:util parseArgs options). */
export const RUN_OPTIONS = {
  config: { type: "string" },
  inputs: { type: "string", multiple: true },
  workers: { type: "string" },
  "chunk-size": { type: "string" },
  "memory-budget": { type: "string" },
  output: { type: "string" },
  securities: { type: "string" },
  dates: { type: "string" },
  session: { type: "string" },
  "retry-failed": { type: "boolean", default: false },
  shard: { type: "string" },
  "allow-partial": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Parsed flags of {@link RUN_OPTIONS}. */
export type RunFlagValues = ReturnType<typeof parseArgs<{ args: string[]; options: typeof RUN_OPTIONS }>>["values"];

/**
 * The run config of a command line: the config file with the flags over it. Without `--config`:
 * the sample config, or, when `--inputs` names the data, the defaults (the sample's reference files
 * must not apply to someone else's data; theirs are found among the inputs by their headers).
 * `--inputs` paths are taken relative to the working directory. The file is checked with the flags
 * over it (a file without `inputs` serves with `--inputs`).
 */
export async function configFromFlags(values: RunFlagValues): Promise<RunConfig> {
  const inputs = values.inputs?.map((p) => resolve(p));
  const file = values.config === undefined && inputs !== undefined ? undefined : (values.config ?? SAMPLE_CONFIG_PATH);
  const over: Record<string, unknown> = {};
  if (inputs !== undefined) over.inputs = inputs;
  if (values.workers !== undefined) over.workers = values.workers;
  if (values["chunk-size"] !== undefined) over.chunkSize = values["chunk-size"];
  if (values["memory-budget"] !== undefined) over.memoryBudget = values["memory-budget"];
  if (values.output !== undefined) over.outputDir = values.output;
  if (values.securities !== undefined)
    over.securities = values.securities
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (values.dates !== undefined) {
    const [from, to, ...more] = values.dates.split("..");
    if (more.length > 0)
      throw new UsageError(
        `--dates ${values.dates}: expected a comma-separated list of dates or one range FROM..TO (either end may be left out)`,
      );
    over.dates = values.dates.includes("..")
      ? { ...(from ? { from } : {}), ...(to ? { to } : {}) }
      : values.dates.split(",").map((s) => s.trim());
  }
  if (values.session !== undefined) over.analysis = { session: sessionFlag(values.session) };
  // The file is checked with the flags over it, as a notebook's run(file, overrides) is: a file
  // without inputs is completed by --inputs, a field the flags replace is not refused alone.
  return loadConfigOver(file, [over], flagSource(file, values));
}

/** The flag each config field (dotted path) comes from, when given. */
const FIELD_FLAGS: readonly [string, keyof RunFlagValues][] = [
  ["inputs", "inputs"],
  ["workers", "workers"],
  ["chunkSize", "chunk-size"],
  ["memoryBudget", "memory-budget"],
  ["outputDir", "output"],
  ["securities", "securities"],
  ["dates", "dates"],
  ["analysis.session", "session"],
];

/**
 * A config refused for a value a flag gave (`--workers 0`) names that flag, not the config file
 * (which may say `workers: 4`, or be the sample config the user never named); a refusal of the
 * file's own fields still names the file.
 */
function flagSource(file: string | undefined, values: RunFlagValues): OverrideSource {
  return {
    nameOf: (path) => {
      const given = FIELD_FLAGS.find(
        ([field, flag]) =>
          values[flag] !== undefined &&
          (path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)),
      )?.[1];
      return given === undefined ? undefined : `--${given}`;
    },
    describe: (flags, fileToo) => {
      const named = `${flags.join(", ")} on the command line`;
      return file !== undefined && fileToo ? `${file}, and ${named}` : named;
    },
  };
}

/**
 * `--session FROM..TO` as `analysis.session`; the config schema checks the clock times. A value
 * without `..` is a UsageError.
 */
function sessionFlag(text: string): { start: string; end: string } {
  const [start, end, ...rest] = text.split("..");
  if (end === undefined || rest.length > 0)
    throw new UsageError(`--session ${text}: expected FROM..TO, Sydney HH:MM[:SS] (e.g. 00:00..24:00)`);
  return { start: (start as string).trim(), end: end.trim() };
}

/**
 * Runs `run` with a progress line on stderr and Ctrl-C as a clean stop (see {@link ctrlC}). `run`
 * calls `complete()` once its run has returned complete and returns whether the run was cut short
 * (its summary's `interrupted`); returning nothing, it counts as cut short whenever Ctrl-C came.
 * Returns 130 when Ctrl-C cut it short, 143 when SIGTERM did, else 0.
 */
export async function withProgress(
  run: (o: PipelineOptions, complete: () => void) => Promise<RunEnd | void>,
): Promise<number> {
  const line = progressLine(process.stderr);
  const control = ctrlC();
  let end: RunEnd | void;
  try {
    end = await run(
      {
        signal: control.signal,
        onProgress: (p) => line.update(formatProgress(p)),
        onWarning: (w) => process.stderr.write(`sweeplab: warning: ${w}\n`),
      },
      () => control.complete(),
    );
  } catch (e) {
    control.fail();
    throw e;
  } finally {
    line.done();
  }
  return control.end(end ?? undefined);
}

function parse(argv: string[], help: string): RunFlagValues | undefined {
  const { values } = parseArgs({ args: argv, options: RUN_OPTIONS });
  if (values.help) {
    process.stdout.write(help);
    return undefined;
  }
  return values;
}

/**
 * The exit code of a finished run: 1 when it stopped early (`STOPPED: …`), a partition task or a job
 * failed, or `strict: true` found a violation; else 0.
 */
export function exitCodeOf(s: RunSummary): 0 | 1 {
  const failed =
    s.stopped !== undefined ||
    s.partition.failures.some((f) => f.error.code !== "aborted") ||
    (s.jobs?.failed ?? 0) > 0 ||
    (s.strict?.violations.length ?? 0) > 0;
  return failed ? 1 : 0;
}

/**
 * `sweeplab run`. Exit code 0, 1 when it stopped early or a task failed (see {@link exitCodeOf}), 130
 * when Ctrl-C cut the run short (143: SIGTERM); a Ctrl-C after its outputs were complete leaves the run's own code.
 */
export async function runCommand(argv: string[]): Promise<number> {
  const values = parse(argv, RUN_HELP);
  if (values === undefined) return 0;
  const config = await configFromFlags(values);
  let failed = false;
  const code = await withProgress(async (o, complete) => {
    const s = await runPipeline(config, {
      ...o,
      retryFailed: values["retry-failed"],
      allowPartial: values["allow-partial"],
      ...(values.shard === undefined ? {} : { shard: parseShard(values.shard) }),
    });
    // The run's outputs are complete unless the signal cut it short: a Ctrl-C from now on stops nothing.
    if (s.interrupted !== true) complete();
    failed = exitCodeOf(s) !== 0;
    process.stdout.write(formatSummary(s));
    if (s.aggregate !== undefined) process.stdout.write(await resultsDigest(config.outputDir));
    // A stopped run ends on its STOPPED line (the last of the summary). A shard writes its own
    // summary and manifest and no aggregated/ (sweeplab aggregate does, after every shard).
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    const own = shardSuffix(shard);
    if (s.interrupted === true) {
      const older = await stat(join(config.outputDir, "aggregated")).then(
        () => true,
        () => false,
      );
      process.stdout.write(interruptedLine(s, older));
    } else if (s.stopped === undefined)
      process.stdout.write(
        shard === undefined
          ? `outputs in ${config.outputDir}/ (run_summary.json, run_manifest.json, by_security/, aggregated/)\n`
          : `outputs in ${config.outputDir}/ (run_summary${own}.json, run_manifest${own}.json, by_security/); aggregated/ once every shard has run: sweeplab aggregate\n`,
      );
    return { interrupted: s.interrupted === true };
  });
  return code !== 0 ? code : failed ? 1 : 0;
}

/** `sweeplab aggregate`. */
export async function aggregateCommand(argv: string[]): Promise<number> {
  const values = parse(argv, AGGREGATE_HELP);
  if (values === undefined) return 0;
  const config = await configFromFlags(values);
  if (values.shard !== undefined || values["retry-failed"])
    throw new UsageError("aggregate takes no --shard or --retry-failed");
  await claimOutputFolder(config.outputDir); // writes aggregated/ only into a folder of ours
  let files: string[];
  try {
    files = await aggregateRun(config, { allowPartial: values["allow-partial"] });
  } catch (e) {
    if (!(e instanceof AggregateRefusedError)) throw asUnwritable(e, config.outputDir, "aggregate") ?? e;
    // Without --config or --inputs the sample config decided which jobs count: say so, lest a
    // refusal of another run's folder read as a fault of that run.
    const which =
      values.config === undefined && values.inputs === undefined
        ? ` (the config was the default, ${SAMPLE_CONFIG_PATH}: no --config or --inputs was given; give the run's own)`
        : "";
    process.stderr.write(`sweeplab aggregate: [${e.code}] ${e.message}${which}\n`);
    return 1;
  }
  process.stdout.write(`wrote ${files.length} tables:\n${files.map((f) => `  ${f}\n`).join("")}`);
  return 0;
}
