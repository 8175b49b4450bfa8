/**
 * Reads back the per-job outputs of `writeJobOutputs` (`metrics.csv`, `simulation.csv.gz`)
 * for aggregation. The zod schemas below parse the text fields of one row, keyed by the camelCase
 * of the file's header (`order_id` → `orderId`); ids go from text straight to bigint.
 */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { SIZE_BANDS } from "../core/classify.js";
import type { GroupSums } from "../core/sums.js";
import { fieldSchema } from "../model/fields.js";
import { METRICS_COLUMNS, SIMULATION_COLUMNS } from "./job-outputs.js";

const count = fieldSchema("qty"); // a non-negative whole number
const signed = fieldSchema("int");
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function oneOf<const V extends number>(values: readonly V[], what: string): z.ZodType<V, string> {
  return z.string().transform((text, ctx) => {
    const v = values.find((x) => String(x) === text);
    if (v !== undefined) return v;
    ctx.addIssue({ code: "custom", message: `${what} must be one of ${values.join(", ")}, got "${text}"` });
    return z.NEVER;
  });
}

/** A decimal number, or undefined for an empty field (how the writer prints NaN). */
const optionalNumber = z.string().transform((text, ctx) => {
  if (text === "") return undefined;
  if (NUMBER_TEXT.test(text)) return Number(text);
  ctx.addIssue({ code: "custom", message: `expected a decimal number or an empty field, got "${text}"` });
  return z.NEVER;
});

const jobKey = {
  securityCode: fieldSchema("security"),
  date: fieldSchema("date"),
  /** DecimalsInPrice of the security: 0..6, so that ticks × 10^(6 − decimals) is whole micro-AUD. */
  decimals: oneOf([0, 1, 2, 3, 4, 5, 6], "decimals"),
};

const cellKey = { group: oneOf([1, 2, 3], "group"), sizeBand: z.enum(SIZE_BANDS) };

/** The fields a sweep row and a cell share: shares, ticks (value), half ticks (simulated value), micro-AUD. */
const sums = {
  qty: count,
  realFilled: count,
  realValueTicks: count,
  realTrades: count,
  simFilled: count,
  simValueHalfTicks: count,
  simFills: count,
  comparedQty: count,
  savingsMicroAud: signed,
  costMidpointMicroAud: signed,
  costHalfSpreadMicroAud: signed,
  costImpactMicroAud: signed,
};

/** One row of a job's `simulation.csv.gz`: one sweep order, real against simulated (units as in `SweepMetrics`). */
export const SweepRow = z.object({
  ...jobKey,
  orderId: fieldSchema("u64"),
  participantId: signed,
  side: oneOf([1, 2], "side"),
  ...cellKey,
  /** Placement time, ns since Sydney local midnight. */
  placedNs: count,
  ...sums,
  /** Undefined when nothing was compared. */
  savingsBps: optionalNumber,
  /** Undefined when no midpoint existed over the order's life. */
  meanMidHalfTicks: optionalNumber,
});
/** One sweep order of one job, typed (see the schema of the same name). */
export type SweepRow = z.infer<typeof SweepRow>;

/** One row of a job's `metrics.csv`: the additive sums of one (fill group, size band) cell. */
export const MetricsRow = z.object({ ...jobKey, ...cellKey, sweeps: count, ...sums, costOrders: count });
/** One cell row of `metrics.csv`, typed. */
export type MetricsRow = z.infer<typeof MetricsRow>;

/** The additive sums of one job: `cells[(group − 1)·3 + band]`, always 9 cells (as `JobResult.cells`). */
export interface JobCells {
  securityCode: string;
  date: string;
  decimals: number;
  cells: GroupSums[];
}

/** Everything {@link readJobOutputs} found: jobs sorted by (security code, date), sweeps in file order within a job. */
export interface JobOutputs {
  cells: JobCells[];
  sweeps: SweepRow[];
}

/** Why a job output file cannot be used. */
export type JobOutputsErrorCode =
  | "unreadable" // missing file, permission denied, or not a folder
  | "truncated_gzip" // simulation.csv.gz is not a complete gzip stream
  | "empty_file" // no header line
  | "missing_column" // the header lacks a column the writer always writes
  | "csv_syntax" // wrong field count or a misplaced quote
  | "bad_value" // a field that does not parse as its column's kind
  | "wrong_job" // a row of another (security, date) or decimals than its folder and metrics.csv say
  | "bad_cells"; // metrics.csv does not hold exactly the 9 (group, size band) cells in order

/** A problem in one job output file: code, file, 1-based line (0 = whole file) and column name. */
export class JobOutputsError extends Error {
  override readonly name = "JobOutputsError";
  constructor(
    readonly code: JobOutputsErrorCode,
    readonly file: string,
    readonly line: number,
    readonly columnName: string,
    detail: string,
  ) {
    super(
      `${file}${line > 0 ? `:${line}` : ""}: ${columnName === "" ? "" : `column ${columnName}: `}${detail}` +
        " (re-run this job to rewrite its outputs)",
    );
  }
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function parseRows<T>(file: string, text: string, schema: z.ZodType<T>, required: readonly string[]): T[] {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (h: string[]) => (header = h).map(camel),
      info: true,
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = typeof e.lines === "number" ? e.lines : 0;
    throw new JobOutputsError("csv_syntax", file, line, "", e.message.replace(/^Invalid Record Length: /, ""));
  }
  if (header.length === 0) throw new JobOutputsError("empty_file", file, 0, "", "is empty: expected a header line");
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new JobOutputsError("missing_column", file, 1, missing.join(", "), "missing from the header");
  return records.map(({ record, info }) => {
    const r = schema.safeParse(record);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const key = String(issue?.path[0] ?? "");
    const name = header.find((h) => camel(h) === key) ?? snake(key);
    throw new JobOutputsError("bad_value", file, info.lines, name, issue?.message ?? "invalid value");
  });
}

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new JobOutputsError("unreadable", file, 0, "", `cannot be read (${reason(e)})`);
  }
  if (!file.endsWith(".gz")) return bytes.toString("utf8");
  try {
    return (await promisify(gunzip)(bytes)).toString("utf8");
  } catch (e) {
    throw new JobOutputsError("truncated_gzip", file, 0, "", `is not a complete gzip stream (${String(e)})`);
  }
}

/** Reads one complete job folder: its 9 cells and its sweep rows, checked against the folder's (security, date). */
async function readJob(dir: string, securityCode: string, date: string): Promise<JobOutputs> {
  const metricsFile = join(dir, "metrics.csv");
  const simulationFile = join(dir, "simulation.csv.gz");
  const metrics = parseRows(metricsFile, await readText(metricsFile), MetricsRow, METRICS_COLUMNS);
  const first = metrics[0];
  if (metrics.length !== 9 || first === undefined)
    throw new JobOutputsError("bad_cells", metricsFile, 0, "", `holds ${metrics.length} rows; expected 9 cells`);
  const decimals = first.decimals;
  const sameJob = (r: { securityCode: string; date: string; decimals: number }): boolean =>
    r.securityCode === securityCode && r.date === date && r.decimals === decimals;
  const cells = metrics.map((row, i) => {
    const { securityCode: _s, date: _d, decimals: _p, group, sizeBand, ...sums } = row;
    if (!sameJob(row) || group !== Math.floor(i / 3) + 1 || sizeBand !== SIZE_BANDS[i % 3])
      throw new JobOutputsError(
        sameJob(row) ? "bad_cells" : "wrong_job",
        metricsFile,
        i + 2,
        "",
        `row is (${row.securityCode}, ${row.date}, decimals ${row.decimals}, group ${group}, ${sizeBand}); expected ` +
          `(${securityCode}, ${date}, decimals ${decimals}, group ${Math.floor(i / 3) + 1}, ${SIZE_BANDS[i % 3]})`,
      );
    return sums satisfies GroupSums;
  });
  const sweeps = parseRows(simulationFile, await readText(simulationFile), SweepRow, SIMULATION_COLUMNS);
  const bad = sweeps.findIndex((r) => !sameJob(r));
  if (bad >= 0)
    throw new JobOutputsError(
      "wrong_job",
      simulationFile,
      bad + 2,
      "",
      `row is of (${sweeps[bad]?.securityCode}, ${sweeps[bad]?.date}, decimals ${sweeps[bad]?.decimals}); ` +
        `expected (${securityCode}, ${date}, decimals ${decimals})`,
    );
  return { cells: [{ securityCode, date, decimals, cells }], sweeps };
}

/** Names of the subfolders of dir; none when `missingOk` and dir does not exist. */
async function subfolders(dir: string, missingOk = false): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (e) {
    if (missingOk && reason(e) === "ENOENT") return [];
    throw new JobOutputsError("unreadable", dir, 0, "", `cannot be listed (${reason(e)})`);
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads every complete job under `<outputDir>/by_security/SEC_<code>/<date>/` — complete meaning
 * its `job.json` exists (the writer puts it last); other folders are skipped, and an output folder
 * without `by_security/` (no job done yet) has no jobs. Returns each job's 9
 * additive cells and its per-sweep rows, jobs sorted by (security code, date) in code-unit order,
 * sweeps in file order within a job: the same folder always gives the same arrays. Throws a
 * {@link JobOutputsError} naming file, line and column (`unreadable | truncated_gzip | empty_file |
 * missing_column | csv_syntax | bad_value | wrong_job | bad_cells`) on the first malformed file.
 */
export async function readJobOutputs(outputDir: string): Promise<JobOutputs> {
  const root = join(outputDir, "by_security");
  await subfolders(outputDir); // a wrong path is an error, not an empty run
  const jobs: { dir: string; securityCode: string; date: string }[] = [];
  for (const sec of (await subfolders(root, true)).filter((n) => n.startsWith("SEC_")).sort(byText)) {
    for (const date of (await subfolders(join(root, sec))).sort(byText)) {
      const dir = join(root, sec, date);
      const files = await readdir(dir);
      if (files.includes("job.json")) jobs.push({ dir, securityCode: sec.slice(4), date });
    }
  }
  jobs.sort((a, b) => byText(a.securityCode, b.securityCode) || byText(a.date, b.date));
  const out: JobOutputs = { cells: [], sweeps: [] };
  // A few jobs in flight at once; results are appended in job order.
  const width = 8;
  for (let i = 0; i < jobs.length; i += width) {
    const batch = await Promise.all(jobs.slice(i, i + width).map((j) => readJob(j.dir, j.securityCode, j.date)));
    for (const b of batch) {
      out.cells.push(...b.cells);
      for (const s of b.sweeps) out.sweeps.push(s);
    }
  }
  return out;
}
