/**
 * Reads back the per-job detail outputs of `writeJobOutputs` (`metrics.csv`, and the sweep rows of
 * `simulation.parquet` or `simulation.csv.gz`, whichever the job folder holds) to show their rows
 * (the notebook's `sweepRows`/`compare`; aggregation reads the sums in job.json instead, see
 * job-sums-read.ts): streamed one job and one sweep row at a time ({@link forEachJobOutput}), so a
 * run of any size is read in bounded memory, or collected whole ({@link readJobOutputs}).
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { cellBandName, cellGroup } from "../../core/cells.js";
import type { GroupSums } from "../../core/sums.js";
import { compareSecurityDate } from "../../model/keys.js";
import { METRICS_COLUMNS } from "./job-outputs.js";
import { JobOutputsError, MetricsRow, parseRows, type JobCells, type JobIdentity } from "./job-outputs-rows.js";
import type { SweepRow } from "./sweep-row.js";
import { SweepLineParser } from "./sweep-line-parser.js";
import { readSweepParquet } from "./detail-parquet-read.js";
import { eachGunzipped } from "./gunzip-read.js";
import { forEachJobFolder, type JobFolderAt } from "./job-folders.js";

export { JobOutputsError, MetricsRow, type JobCells, type JobOutputsErrorCode } from "./job-outputs-rows.js";
export { SweepRow } from "./sweep-row.js";

/** Everything {@link readJobOutputs} found: jobs sorted by (security code, date), sweeps in file order within a job. */
export interface JobOutputs {
  cells: JobCells[];
  sweeps: SweepRow[];
}

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** Longest line of a `simulation.csv.gz` kept in memory (a real row is ~200 bytes). */
const MAX_LINE_CHARS = 1024 * 1024;

/** The columns a metrics.csv must hold: all but the simulated counts, which older files lack. */
const METRICS_REQUIRED = METRICS_COLUMNS.filter((c) => c !== "simulatedSweeps" && c !== "simulatedQty");

/** Reads and checks a job's `metrics.csv`: its 9 cells, all of the folder's (security, date). */
async function readCells(dir: string, securityCode: string, date: string): Promise<JobCells> {
  const file = join(dir, "metrics.csv");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new JobOutputsError("unreadable", file, 0, "", `cannot be read (${reason(e)})`);
  }
  const metrics = parseRows(file, text, MetricsRow, METRICS_REQUIRED);
  const first = metrics[0];
  if (metrics.length !== 9 || first === undefined)
    throw new JobOutputsError("bad_cells", file, 0, "", `holds ${metrics.length} rows; expected 9 cells`);
  const decimals = first.decimals;
  const sameJob = (r: JobIdentity): boolean =>
    r.securityCode === securityCode && r.date === date && r.decimals === decimals;
  const cells = metrics.map((row, i) => {
    const { securityCode: _s, date: _d, decimals: _p, group, sizeBand, simulatedSweeps, simulatedQty, ...rest } = row;
    // A metrics.csv written before the simulated counts existed: every sweep was simulated.
    const sums = { ...rest, simulatedSweeps: simulatedSweeps ?? rest.sweeps, simulatedQty: simulatedQty ?? rest.qty };
    if (!sameJob(row) || group !== cellGroup(i) || sizeBand !== cellBandName(i))
      throw new JobOutputsError(
        sameJob(row) ? "bad_cells" : "wrong_job",
        file,
        i + 2,
        "",
        `row is (${row.securityCode}, ${row.date}, decimals ${row.decimals}, group ${group}, ${sizeBand}); expected ` +
          `(${securityCode}, ${date}, decimals ${decimals}, group ${cellGroup(i)}, ${cellBandName(i)})`,
      );
    return sums satisfies GroupSums;
  });
  return { securityCode, date, decimals, cells };
}

/**
 * Streams a job's `simulation.csv.gz` through gunzip and a line splitter to `onRow`, one row at a
 * time: memory is one chunk and one line, whatever the file size. A hand-written splitter (not
 * csv-parse's stream): rows are split and parsed by {@link SweepLineParser}, see why there.
 */
async function streamSweeps(dir: string, job: JobIdentity, onRow: (r: SweepRow) => void): Promise<void> {
  const file = join(dir, "simulation.csv.gz");
  const decoder = new StringDecoder("utf8");
  let parser: SweepLineParser | undefined;
  let line = 0;
  let carry = "";
  const onLine = (text: string): void => {
    line++;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (parser === undefined) parser = new SweepLineParser(file, text, job);
    else onRow(parser.parse(text, line));
  };
  const onText = (text: string): void => {
    let start = 0;
    let nl = text.indexOf("\n");
    if (carry !== "" && nl !== -1) {
      onLine(carry + text.slice(0, nl));
      carry = "";
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    while (nl !== -1) {
      onLine(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    if (start < text.length) carry += text.slice(start);
    if (carry.length > MAX_LINE_CHARS)
      throw new JobOutputsError("csv_syntax", file, line + 1, "", `line is longer than ${MAX_LINE_CHARS} characters`);
  };
  // Errors of our own (a bad row, or the caller's onRow) pass through; the streams' are classified.
  await eachGunzipped<Buffer>(file, (chunk) => onText(decoder.write(chunk)));
  onText(decoder.end());
  if (carry !== "") onLine(carry);
  if (parser === undefined) throw new JobOutputsError("empty_file", file, 0, "", "is empty: expected a header line");
}

/** What {@link forEachJobOutput} hands over, job by job. */
export interface JobOutputsVisitor {
  /** A job's 9 additive cells; called before any of its sweep rows. */
  job(cells: JobCells): void;
  /** One sweep row of a job already handed over (rows of concurrent jobs may interleave). */
  sweep(row: SweepRow): void;
}

/** Options of {@link forEachJobOutput}. */
export interface JobOutputsOptions {
  /** Only the jobs for which this returns true (default: every complete job). */
  only?: (securityCode: string, date: string) => boolean;
  /**
   * Jobs read at the same time, ≥ 1 (default 1): their files are opened and decompressed in
   * parallel while rows are parsed, which helps on slow shared storage; on a local disk parsing is
   * the bound and 1 was as fast as 4 (10M-order run: ≈2 s either way) with ~10 MB less peak RSS.
   * Memory grows with this number, never with the size of the run.
   */
  concurrency?: number;
  /** Exactly these job folders instead of those under by_security/ (a run's jobs, some in set_aside/); one without job.json is `unreadable`. */
  at?: readonly JobFolderAt[];
}

/**
 * Streams every complete job under `<outputDir>/by_security/SEC_<code>/<date>/` — complete meaning
 * its `job.json` exists (the writer puts it last); other folders are skipped, and an output folder
 * without `by_security/` (no job done yet) has no jobs — to `visitor`: each job's 9 additive cells,
 * then its sweep rows in file order, one at a time (a `simulation.csv.gz` streamed, never holding
 * a job's rows; a `simulation.parquet` read a job at once, as the job itself held them). Jobs start
 * in (security code, date) order; with `concurrency` > 1 the rows of a few jobs interleave.
 * Resolves to the number of jobs read. Throws a {@link JobOutputsError} naming file, line and
 * column (`unreadable | truncated_gzip | bad_parquet | empty_file | missing_column | csv_syntax |
 * bad_value | wrong_job | bad_cells`) — that of the first job in order that has one — after the
 * visitor may have seen part of the run; an error thrown by the visitor is passed through. RangeError on a bad `concurrency`.
 */
export async function forEachJobOutput(
  outputDir: string,
  visitor: JobOutputsVisitor,
  options: JobOutputsOptions = {},
): Promise<number> {
  return forEachJobFolder(
    outputDir,
    options.only,
    options.concurrency ?? 1,
    async (j) => {
      const cells = await readCells(j.dir, j.securityCode, j.date);
      visitor.job(cells);
      if (j.parquet) for (const r of await readSweepParquet(join(j.dir, "simulation.parquet"), cells)) visitor.sweep(r);
      else await streamSweeps(j.dir, cells, (r) => visitor.sweep(r));
    },
    options.at,
  );
}

/**
 * Reads every complete job under `<outputDir>/by_security/SEC_<code>/<date>/` whole — complete
 * meaning its `job.json` exists (the writer puts it last); other folders are skipped, and an output
 * folder without `by_security/` (no job done yet) has no jobs. Returns each job's 9 additive cells
 * and its per-sweep rows, jobs sorted by (security code, date) in code-unit order, sweeps in file
 * order within a job: the same folder always gives the same arrays. Holds every row (aggregation
 * streams with `forEachJobOutput` instead). Throws a {@link JobOutputsError} naming file, line and
 * column (`unreadable | truncated_gzip | bad_parquet | empty_file | missing_column | csv_syntax |
 * bad_value | wrong_job | bad_cells`) of the first malformed job in that order.
 */
export async function readJobOutputs(outputDir: string): Promise<JobOutputs> {
  const byJob = new Map<string, JobOutputs>();
  const key = (x: { securityCode: string; date: string }): string => `${x.securityCode}\u0000${x.date}`;
  await forEachJobOutput(outputDir, {
    job: (cells) => void byJob.set(key(cells), { cells: [cells], sweeps: [] }),
    sweep: (row) => void byJob.get(key(row))?.sweeps.push(row),
  });
  const out: JobOutputs = { cells: [], sweeps: [] };
  const jobs = [...byJob.values()].map((j) => ({ job: j, first: j.cells[0] as JobCells }));
  jobs.sort((a, b) => compareSecurityDate(a.first, b.first));
  for (const { job } of jobs) {
    out.cells.push(...job.cells);
    for (const s of job.sweeps) out.sweeps.push(s);
  }
  return out;
}
