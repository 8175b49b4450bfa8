import { parseArgs } from "node:util";
import { UsageError } from "./args.js";

/** Help of `sweeplab repl`. */
export const REPL_HELP = `Usage: sweeplab repl

Starts Node's REPL with the toolkit preloaded (the public API as globals, the rest as
internal.<name>) and top-level await; .sweeplab lists the functions (the same REPL as npm run repl).

A script piped in (sweeplab repl < analysis.js) runs one statement after the other, each once the
one before has finished, awaited promises included; the REPL exits at its end. Exit code: 0, or 1
when a statement threw (stderr names its line).

Options:
  -h, --help           show this help
`;

/** `sweeplab repl`: runs the REPL until it closes; returns the exit code (1: a statement of piped input threw). */
export async function replCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: "boolean", short: "h", default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(REPL_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `takes no arguments, got "${positionals.join(" ")}" (a script: sweeplab repl < ${positionals[0]})`,
    );
  // Loaded here, not with the CLI: the REPL brings in the whole toolkit.
  const { replSession } = await import("../repl/index.js");
  return replSession();
}
