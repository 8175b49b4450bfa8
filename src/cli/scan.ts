import { parseArgs } from "node:util";
import { formatScan, scanToJson } from "../io/scan/scan-format.js";
import { clampChunkSize, workersWarning } from "../pipeline/limits.js";
import { scanParallel } from "../pipeline/scan/scan.js";
import { claimOutputFolder, OutputNotOursError } from "../io/outputs/output-marker.js";
import { parseBytes, parseCount, UsageError } from "./args.js";
import { progressLine } from "./progress.js";

export const SCAN_HELP = `Usage: sweeplab scan <file|folder|glob>... [options]

One pass over order, trade and NBBO files (.csv or .csv.gz) reporting, per (security, Sydney
trading date): rows, Centre Point and sweep counts, participants and time range; per file:
rows read = accepted + rejected; and the throughput in rows/s. With --workers N the files (and
byte ranges of each uncompressed file) are scanned by N worker threads, with the same result.

Options:
  --chunk-size <size>  read chunk size (default 64MB; e.g. 1, 512KB, 64MB)
  --rejects <file>     write rejected rows here (default processed_files/rejects/scan-rejects.csv)
  --workers <n>        worker threads (default 1: scan on the main thread)
  --unknown-codes <keep|reject>
                       a code value outside the exchange's tables: keep the row and count the
                       value (default), or reject the row as unknown_code
  --json               print the result as JSON
  -h, --help           show this help
`;

const DEFAULT_OUTPUT = "processed_files";

/** `sweeplab scan`: returns the exit code (0 ok, 1 input problems, 2 usage). */
export async function scanCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "chunk-size": { type: "string" },
      rejects: { type: "string" },
      workers: { type: "string" },
      "unknown-codes": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(SCAN_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("scan needs at least one file, folder or glob");
  const workers = parseCount("workers", values.workers, 1);
  if (workers < 1) throw new UsageError("--workers must be at least 1");
  const unknownCodes = values["unknown-codes"];
  if (unknownCodes !== undefined && unknownCodes !== "keep" && unknownCodes !== "reject")
    throw new UsageError(`--unknown-codes must be keep or reject, got "${unknownCodes}"`);
  const chunk = values["chunk-size"] === undefined ? undefined : clampChunkSize(parseBytes(values["chunk-size"]));
  for (const w of [chunk?.warning, workersWarning(workers)])
    if (w !== undefined) process.stderr.write(`sweeplab: warning: ${w}\n`);
  // The default rejects file goes into the default output folder: only if it is ours (or new).
  if (values.rejects === undefined)
    await claimOutputFolder(DEFAULT_OUTPUT).catch((e: unknown) => {
      if (!(e instanceof OutputNotOursError)) throw e;
      throw new OutputNotOursError(
        e.folder,
        e.entries,
        e.entryCount,
        "pass --rejects <file> to write the rejected rows elsewhere, or run scan in another folder",
      );
    });
  const progress = progressLine(process.stderr);
  const result = await scanParallel(positionals, {
    workers,
    ...(unknownCodes === undefined ? {} : { unknownCodes }),
    ...(chunk === undefined ? {} : { chunkSize: chunk.chunkSize }),
    rejectsPath: values.rejects ?? `${DEFAULT_OUTPUT}/rejects/scan-rejects.csv`,
    onProgress: (p) =>
      progress.update(
        `scan ${p.fileIndex + 1}/${p.fileCount} ${(p.bytesRead / 1e6).toFixed(1)}/${(p.bytesTotal / 1e6).toFixed(1)} MB  ${p.rows.toLocaleString("en-US")} rows of ${p.file}`,
      ),
  });
  progress.done();
  process.stdout.write(values.json ? scanToJson(result) + "\n" : formatScan(result));
  return 0;
}
