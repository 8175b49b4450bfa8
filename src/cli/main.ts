import { dropOutputToClosedPipes } from "./closed-pipe.js";
import { UsageError } from "./args.js";
import { genCommand, GEN_HELP } from "./gen.js";
import { scanCommand, SCAN_HELP } from "./scan.js";
import { aggregateCommand, AGGREGATE_HELP, runCommand, RUN_HELP } from "./run.js";
import { partitionCommand, PARTITION_HELP } from "./partition.js";
import { planCommand, PLAN_HELP } from "./plan.js";
import { notebookCommand, NOTEBOOK_HELP } from "./notebook.js";
import { replCommand, REPL_HELP } from "./repl.js";
import { errorLine } from "./error-line.js";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

const HELP = `sweeplab — Centre Point sweep order analysis at scale

Usage: sweeplab <command> [options]

Commands:
  gen        generate a deterministic synthetic data set in the exact ASX formats
  scan       one pass over order/trade/NBBO files: shape per (security, date), rejects, rows/s
  run        partition → one job per (security, date) in a worker pool → aggregate (resumable)
  partition  only write the columnar (Parquet) partition store
  aggregate  build the aggregated tables from per-job outputs on disk
  plan       write the whole run for a cluster: a Slurm submit script or a Kubernetes controller Job
  notebook   install the Jupyter kernel; new <folder>: a starter notebook of your own
  repl       Node's REPL with the toolkit preloaded, top-level await; a script piped in runs in order

Run "sweeplab <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  gen: { run: genCommand, help: GEN_HELP },
  scan: { run: scanCommand, help: SCAN_HELP },
  run: { run: runCommand, help: RUN_HELP },
  partition: { run: partitionCommand, help: PARTITION_HELP },
  aggregate: { run: aggregateCommand, help: AGGREGATE_HELP },
  plan: { run: planCommand, help: PLAN_HELP },
  notebook: { run: notebookCommand, help: NOTEBOOK_HELP },
  repl: { run: replCommand, help: REPL_HELP },
};

/** Runs the CLI on `argv` (without node and script) and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  dropOutputToClosedPipes();
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    process.stderr.write(`sweeplab: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    const report = errorReport(name, e, cmd.help);
    if (report === undefined) throw e; // a bug: its stack trace is what the report needs
    process.stderr.write(report.text);
    return report.exitCode;
  }
}

/**
 * What the CLI prints on stderr, and its exit code, for an error thrown by command `name`: a usage
 * error, the command's help after it (exit 2); any error of the toolkit (a `SweeplabError`, or a full
 * or read-only disk), one line `sweeplab <name>: <message>` (exit 1); undefined for anything else —
 * a bug, whose stack trace is left to Node.
 */
export function errorReport(name: string, e: unknown, help: string): { text: string; exitCode: number } | undefined {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true)
    return { text: `sweeplab ${name}: ${(e as Error).message}\n\n${help}`, exitCode: 2 };
  const line = errorLine(e);
  return line === undefined ? undefined : { text: `sweeplab ${name}: ${line}\n`, exitCode: 1 };
}

/** Whether this module is the script Node was started with (`node dist/cli/main.js …`), not an import. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

// `node dist/cli/main.js <command>` runs the CLI as bin/sweeplab.js does, instead of exiting 0 doing nothing.
if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
