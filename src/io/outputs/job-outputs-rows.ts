import { SweeplabError } from "../../model/errors.js";
/**
 * The rows of the per-job outputs of `writeJobOutputs` (`metrics.csv`; `simulation.csv.gz`'s
 * `SweepRow` derives from its declaration in sweep-row.ts) as read back: the metrics zod schema, keyed by the camelCase of the file's header (`order_id` →
 * `orderId`; ids go from text straight to bigint), the typed error of a malformed file, and the
 * checks the readers share (the fast sweep-row parser is in sweep-line-parser.ts).
 */

import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { SIZE_BANDS } from "../../core/classify.js";
import type { GroupSums } from "../../core/sums.js";
import { fieldSchema } from "../../model/fields.js";

const count = fieldSchema("qty"); // a non-negative whole number
const signed = fieldSchema("int");
/** A decimal number's text as the writer prints it (sign, digits, point, exponent). */
export const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Text that is one of `values` (as the writer prints it), as that value; else an issue naming `what`. */
export function oneOf<const V extends number>(values: readonly V[], what: string): z.ZodType<V, string> {
  return z.string().transform((text, ctx) => {
    const v = values.find((x) => String(x) === text);
    if (v !== undefined) return v;
    ctx.addIssue({ code: "custom", message: `${what} must be one of ${values.join(", ")}, got "${text}"` });
    return z.NEVER;
  });
}

/** A decimal number, or undefined for an empty field (how the writer prints NaN). */
export const optionalNumber = z.string().transform((text, ctx) => {
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

/** The real fields a sweep row and a cell share: shares, ticks (value), micro-AUD. */
const realSums = {
  qty: count,
  realFilled: count,
  realValueTicks: count,
  realTrades: count,
  costMidpointMicroAud: signed,
  costHalfSpreadMicroAud: signed,
  costImpactMicroAud: signed,
};

/** The simulated fields a sweep row and a cell share: shares, half ticks (simulated value), micro-AUD. */
const simSums = {
  simFilled: count,
  simValueHalfTicks: count,
  simFills: count,
  comparedQty: count,
  savingsMicroAud: signed,
};

/** One row of a job's `metrics.csv`: the additive sums of one (fill group, size band) cell. */
export const MetricsRow = z.object({
  ...jobKey,
  ...cellKey,
  sweeps: count,
  ...realSums,
  ...simSums,
  costOrders: count,
  /**
   * Simulated sweeps and their Σ qty. Absent from a metrics.csv written before they existed, when
   * every job was simulated: the reader then takes the cell's sweeps and qty.
   */
  simulatedSweeps: count.optional(),
  simulatedQty: count.optional(),
});
/** One cell row of `metrics.csv`, typed. */
export type MetricsRow = z.infer<typeof MetricsRow>;

/** The additive sums of one job: `cells[(group − 1)·3 + band]`, always 9 cells (as `JobResult.cells`). */
export interface JobCells {
  securityCode: string;
  date: string;
  decimals: number;
  cells: GroupSums[];
}

/** Why a job output file cannot be used. */
export type JobOutputsErrorCode =
  | "unreadable" // missing file, permission denied, or not a folder
  | "truncated_gzip" // simulation.csv.gz is not a complete gzip stream
  | "bad_parquet" // simulation.parquet is not a readable Parquet file
  | "empty_file" // no header line
  | "missing_column" // the header lacks a column the writer always writes
  | "csv_syntax" // wrong field count, a misplaced quote, or a line over 1 MiB
  | "bad_value" // a field that does not parse as its column's kind
  | "wrong_job" // a row of another (security, date) or decimals than its folder and metrics.csv say
  | "bad_cells"; // metrics.csv does not hold exactly the 9 (group, size band) cells in order

/** A problem in one job output file: code, file, 1-based line (0 = whole file) and column name. */
export class JobOutputsError extends SweeplabError {
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

/** A header name as a record key: `order_id` → `orderId`. */
export const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `csv_syntax` for a csv-parse error (rethrown when it is not one), at `line` or csv-parse's own line. */
export function csvSyntax(file: string, e: unknown, line?: number): JobOutputsError {
  if (!(e instanceof CsvError)) throw e;
  const at = line ?? (typeof e.lines === "number" ? e.lines : 0);
  return new JobOutputsError("csv_syntax", file, at, "", e.message.replace(/^Invalid Record Length: /, ""));
}

/** Throws `empty_file` (no header) or `missing_column` (a `required` column absent from `header`). */
export function checkHeader(file: string, header: readonly string[], required: readonly string[]): void {
  if (header.length === 0) throw new JobOutputsError("empty_file", file, 0, "", "is empty: expected a header line");
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new JobOutputsError("missing_column", file, 1, missing.join(", "), "missing from the header");
}

/** One record (camelCase keys → text) through its schema: the value, or `bad_value` naming line and column. */
export function parseRecord<T>(
  file: string,
  header: readonly string[],
  schema: z.ZodType<T>,
  record: Record<string, string>,
  line: number,
): T {
  const r = schema.safeParse(record);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = String(issue?.path[0] ?? "");
  const name = header.find((h) => camel(h) === key) ?? snake(key);
  throw new JobOutputsError("bad_value", file, line, name, issue?.message ?? "invalid value");
}

/**
 * Every row of a whole CSV text through `schema` (csv-parse, then zod: for small files such as
 * `metrics.csv`). Throws {@link JobOutputsError} `csv_syntax | empty_file | missing_column | bad_value`.
 */
export function parseRows<T>(file: string, text: string, schema: z.ZodType<T>, required: readonly string[]): T[] {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (h: string[]) => (header = h).map(camel),
      info: true,
    });
  } catch (e) {
    throw csvSyntax(file, e);
  }
  checkHeader(file, header, required);
  return records.map(({ record, info }) => parseRecord(file, header, schema, record, info.lines));
}

/** The (security, date, decimals) a job's rows must all carry. */
export interface JobIdentity {
  securityCode: string;
  date: string;
  decimals: number;
}

/** True when row `r` carries the (security, date, decimals) of `job`. */
export const sameJob = (r: JobIdentity, job: JobIdentity): boolean =>
  r.securityCode === job.securityCode && r.date === job.date && r.decimals === job.decimals;

/** `wrong_job` for row `r` of `file` at `line`. */
export function wrongJob(file: string, line: number, r: JobIdentity, job: JobIdentity): JobOutputsError {
  return new JobOutputsError(
    "wrong_job",
    file,
    line,
    "",
    `row is of (${r.securityCode}, ${r.date}, decimals ${r.decimals}); ` +
      `expected (${job.securityCode}, ${job.date}, decimals ${job.decimals})`,
  );
}
