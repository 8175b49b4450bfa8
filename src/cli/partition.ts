import { parseArgs } from "node:util";
import { parseShard, type RunConfig } from "../config/index.js";
import { sealStore, type SealOutcome } from "../pipeline/partition/partition-seal.js";
import { partitionSlice, type SliceOutcome } from "../pipeline/partition/partition-slice.js";
import { runPipeline } from "../pipeline/run.js";
import { formatSummary } from "../pipeline/summary.js";
import { parseCount, UsageError } from "./args.js";
import { COMMON_HELP, configFromFlags, exitCodeOf, RUN_OPTIONS, withProgress } from "./run.js";

export const PARTITION_HELP = `Usage: sweeplab partition [options]
       sweeplab partition --shard <i/N> [options]
       sweeplab partition --seal --shards <N> [options]

Reads every input once and writes each row to its (security, date) partition in the Parquet store
<output>/store/<table>/security=<code>/date=<date>/; a rerun reads only the files added or changed.
The store always holds every security and date: --securities, --dates, --session and
--memory-budget choose jobs, and are accepted here so that one command line serves partition, run
and aggregate.

Across machines (README "Partition shards"): run slices 0 to N-1 with --shard i/N, at the same
time if you like, on one shared output folder; each writes its share of the inputs (whole gzip
files, row-aligned byte ranges of plain files, balanced by bytes). Then --seal --shards N, once
every slice is complete, writes the store manifest; "run" and "run --shard" then use the store.

Options:
${COMMON_HELP}  --shard <i/N>           partition only slice i (0-based) of N; exit 0 once the slice is complete.
                          A rerun of a complete slice skips it; of an interrupted one, first removes
                          what that slice wrote
  --seal                  check that slices 0 to N-1 are all complete for the current inputs (else
                          exit 1 naming the missing ones), then seal the store; needs --shards
  --shards <N>            the number of slices N, with --seal
`;

const OPTIONS = {
  ...RUN_OPTIONS,
  seal: { type: "boolean", default: false },
  shards: { type: "string" },
} as const;

/**
 * Test hook (not a setting): the least bytes of a byte range of an uncompressed input, so that
 * tests split small files across slices. Every slice and the seal must see the same value.
 */
function minRangeBytesOfEnv(): { minRangeBytes?: number } {
  const v = process.env.SWEEPLAB_TEST_MIN_RANGE_BYTES;
  return v === undefined || !/^\d+$/.test(v) ? {} : { minRangeBytes: Math.max(1, Number(v)) };
}

/**
 * Test hook (not a setting): with SWEEPLAB_TEST_SLICE_STALL=before-record a slice stops after
 * writing its pieces, before its record, and waits there forever (a test kills it with SIGKILL).
 */
function stallOfEnv(): { beforeRecord?: () => Promise<void> } {
  if (process.env.SWEEPLAB_TEST_SLICE_STALL !== "before-record") return {};
  return {
    beforeRecord: () =>
      new Promise<void>(() => {
        process.stderr.write("sweeplab: test hook: stalled before the slice record\n");
        setInterval(() => undefined, 60_000);
      }),
  };
}

/**
 * The flags that name the same config, inputs and output in a printed command (e.g.
 * ` --config c.yaml --output o`, ` --inputs data --output o`): without them the command would run on
 * the sample config.
 */
function sameFlags(values: {
  config?: string | undefined;
  inputs?: string[] | undefined;
  output?: string | undefined;
}): string {
  const q = (s: string): string => (/^[\w./:@=+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);
  return (
    (values.config === undefined ? "" : ` --config ${q(values.config)}`) +
    (values.inputs ?? []).map((p) => ` --inputs ${q(p)}`).join("") +
    (values.output === undefined ? "" : ` --output ${q(values.output)}`)
  );
}

function formatSlice(s: SliceOutcome, config: RunConfig, flags: string): string {
  const name = `partition slice ${s.shard.index}/${s.shard.count}`;
  if (s.skipped === "slice_complete") return `${name}: skipped (already complete for these inputs)\n`;
  if (s.skipped === "store_sealed") return `${name}: skipped (the store is already sealed and current)\n`;
  const lines = [
    `${name}: ${s.units} units, ${s.rows} rows, ${s.pieces} pieces in ${s.seconds.toFixed(1)} s ` +
      `(${(s.bytes / 1e6).toFixed(1)} MB)`,
  ];
  for (const f of s.failures) lines.push(`  FAILED ${f.file}: [${f.error.code}] ${f.error.message}`);
  lines.push(
    s.failures.length === 0
      ? `slice complete; once every slice is: sweeplab partition --seal --shards ${s.shard.count}${flags} (store in ${config.outputDir}/store)`
      : `slice NOT complete: rerun it (what it wrote is replaced)`,
  );
  return lines.join("\n") + "\n";
}

function formatSeal(s: SealOutcome, config: RunConfig): string {
  if (s.alreadySealed) return `partition --seal: the store is already sealed and current (${config.outputDir}/store)\n`;
  const redone = s.redone.map((f) => `  partitioned again whole (a slice boundary cut a quoted record): ${f}\n`);
  return (
    redone.join("") +
    `sealed ${config.outputDir}/store: ${s.count} slices, ${s.partitions} partitions, ${s.pieces} pieces; ` +
    `"run" and "run --shard" now use it\n`
  );
}

/**
 * `sweeplab partition` (whole), `partition --shard i/N` (one slice) and `partition --seal --shards N`.
 * Exit code 0; 1 when a partition task failed, the run stopped, or the seal found slices
 * incomplete (`slices_incomplete`); 2 for bad flags; 130 when interrupted (143: SIGTERM).
 */
export async function partitionCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (values.help) {
    process.stdout.write(PARTITION_HELP);
    return 0;
  }
  if (values["retry-failed"] || values["allow-partial"])
    throw new UsageError("partition takes no --retry-failed or --allow-partial");
  if (values.seal && values.shard !== undefined)
    throw new UsageError("--seal seals the whole store: give --shards N, not --shard i/N");
  if (values.seal && values.shards === undefined) throw new UsageError("--seal needs --shards N (the slice count)");
  if (!values.seal && values.shards !== undefined)
    throw new UsageError("--shards N goes with --seal; to partition one slice use --shard i/N");
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const count = values.shards === undefined ? undefined : parseCount("shards", values.shards, 0);
  if (count !== undefined && count < 1) throw new UsageError(`--shards must be at least 1, got "${values.shards}"`);
  const config = await configFromFlags(values);
  const hook = minRangeBytesOfEnv();
  if (count !== undefined) {
    const s = await sealStore(config, count, { ...hook, flags: sameFlags(values) });
    process.stdout.write(formatSeal(s, config));
    return 0;
  }
  let failed = false;
  const code = await withProgress(async (o, complete) => {
    if (shard !== undefined) {
      const s = await partitionSlice(config, shard, { ...o, ...hook, ...stallOfEnv() });
      failed = s.failures.length > 0;
      process.stdout.write(formatSlice(s, config, sameFlags(values)));
      return;
    }
    const s = await runPipeline(config, { ...o, ...hook, partitionOnly: true });
    if (s.interrupted !== true) complete();
    failed = exitCodeOf(s) !== 0;
    process.stdout.write(formatSummary(s));
    return { interrupted: s.interrupted === true };
  });
  return code !== 0 ? code : failed ? 1 : 0;
}
