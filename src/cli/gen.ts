import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { generate, SIMULATION_RULES_ONLY } from "../gen/index.js";
import { parseCount, UsageError } from "./args.js";
import { progressLine } from "./progress.js";

export const GEN_HELP = `Usage: sweeplab gen --out <dir> [options]

Writes a realistic, deterministic data set in the exact ASX Direct Drop formats: per-date orders and
trades files, nbbo, ob.csv, par.csv and session.csv. Same options and seed ⇒ byte-identical files.
Files of those names already in <dir> (e.g. your own ob.csv) are replaced: give a new folder.

Options:
  --out <dir>          output folder (required)
  --orders <n>         total order event rows (default 40000)
  --securities <n>     number of securities (default 3)
  --dates <n>          number of trading dates, weekdays from --start-date (default 4)
  --start-date <date>  first trading date (default 2024-10-02: 4 dates span the Sydney DST start)
  --seed <n>           random seed (default 42)
  --gzip               write orders, trades and nbbo as .csv.gz
  --simulation-rules-only
                       a Centre Point market that follows only the simulation's rule (midpoint
                       matching in time priority): no preference matching, any-price blocks,
                       sweeps to the lit book, minimum-quantity conversions, purges or rare codes
  -h, --help           show this help
`;

/** `sweeplab gen`: returns the exit code. */
export async function genCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: "string" },
      orders: { type: "string" },
      securities: { type: "string" },
      dates: { type: "string" },
      "start-date": { type: "string" },
      seed: { type: "string" },
      gzip: { type: "boolean", default: false },
      "simulation-rules-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(GEN_HELP);
    return 0;
  }
  if (values.out === undefined) throw new UsageError("--out <dir> is required");
  const orders = parseCount("orders", values.orders, 40_000);
  const progress = progressLine(process.stderr);
  const t0 = performance.now();
  const summary = await generate({
    outDir: values.out,
    orders,
    securities: parseCount("securities", values.securities, 3),
    dates: parseCount("dates", values.dates, 4),
    seed: parseCount("seed", values.seed, 42),
    gzip: values.gzip,
    ...(values["simulation-rules-only"] ? { rules: SIMULATION_RULES_ONLY } : {}),
    ...(values["start-date"] === undefined ? {} : { startDate: values["start-date"] }),
    onProgress: (rows) =>
      progress.update(`gen ${rows.toLocaleString("en-US")} / ~${orders.toLocaleString("en-US")} order rows`),
  });
  progress.done();
  const s = (performance.now() - t0) / 1000;
  process.stdout.write(
    `wrote ${summary.orderRows.toLocaleString("en-US")} order rows, ${summary.tradeRows.toLocaleString("en-US")} trade legs, ` +
      `${summary.nbboRows.toLocaleString("en-US")} quotes for ${summary.securities.length} securities × ${summary.dates.length} dates ` +
      `(${summary.dates[0] ?? ""} … ${summary.dates.at(-1) ?? ""}) to ${values.out} in ${s.toFixed(1)} s ` +
      `(${Math.round(summary.orderRows / s).toLocaleString("en-US")} order rows/s)\n` +
      summary.files.map((f) => `  ${f}\n`).join(""),
  );
  return 0;
}
