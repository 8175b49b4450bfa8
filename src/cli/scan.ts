import { parseArgs } from "node:util";
import { scan } from "../io/scan.js";
import { formatScan, scanToJson } from "../io/scan-format.js";
import { parseBytes, UsageError } from "./args.js";
import { progressLine } from "./progress.js";

export const SCAN_HELP = `Usage: sweeplab scan <file|folder|glob>... [options]

One pass over order, trade and NBBO files (.csv or .csv.gz) reporting, per (security, Sydney
trading date): rows, Centre Point and sweep counts, participants and time range; per file:
rows read = accepted + rejected; and the throughput in rows/s.

Options:
  --chunk-size <size>  read chunk size (default 64MB; e.g. 1, 512KB, 64MB)
  --rejects <file>     write rejected rows here (default processed_files/rejects/scan-rejects.csv)
  --json               print the result as JSON
  -h, --help           show this help
`;

/** `sweeplab scan`: returns the exit code (0 ok, 1 input problems, 2 usage). */
export async function scanCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "chunk-size": { type: "string" },
      rejects: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(SCAN_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("scan needs at least one file, folder or glob");
  const progress = progressLine(process.stderr);
  const result = await scan(positionals, {
    ...(values["chunk-size"] === undefined ? {} : { chunkSize: parseBytes(values["chunk-size"]) }),
    rejectsPath: values.rejects ?? "processed_files/rejects/scan-rejects.csv",
    onProgress: (p) =>
      progress.update(
        `scan ${p.fileIndex + 1}/${p.fileCount} ${(p.bytesRead / 1e6).toFixed(1)}/${(p.bytesTotal / 1e6).toFixed(1)} MB  ${p.rows.toLocaleString("en-US")} rows of ${p.file}`,
      ),
  });
  progress.done();
  process.stdout.write(values.json ? scanToJson(result) + "\n" : formatScan(result));
  return 0;
}
