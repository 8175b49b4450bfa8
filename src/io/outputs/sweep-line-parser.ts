/**
 * The fast parser of a job's `simulation.csv.gz` lines (see {@link SweepLineParser}): it agrees with
 * the `SweepRow` schema of job-outputs-rows.ts on every line, and asks it whenever unsure.
 */
import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { parseField } from "../../model/fields.js";
import { SIMULATION_TABLE, type DetailColumn, type ReadKind } from "../../core/detail-tables/index.js";
import {
  camel,
  checkHeader,
  csvSyntax,
  JobOutputsError,
  NUMBER_TEXT,
  parseRecord,
  sameJob,
  wrongJob,
  type JobIdentity,
} from "./job-outputs-rows.js";
import { rowBuilder, SweepRow, sweepRowSchema } from "./sweep-row.js";

/** The read columns of a table: name, field, kind, nullable, simulated (planned once per table). */
interface ReadPlan {
  names: string[];
  fields: string[];
  kinds: ReadKind[];
  /** `kinds` as their positions in {@link KIND_CODES}: a switch over small integers in the hot loop. */
  codes: Uint8Array;
  nullable: boolean[];
  /** Positions (in `names`) of the `simulated` columns. */
  simulated: number[];
  schema: z.ZodType<unknown, Record<string, string>>;
  /** The row object from the values in `fields` order (sweep-row.ts). */
  build: (values: readonly unknown[]) => Record<string, unknown>;
}

/** Each read kind's code in {@link ReadPlan} `codes` (the `case`s of `fast`). */
const KIND_CODES: readonly ReadKind[] = [
  "security",
  "date",
  "decimals",
  "u64",
  "count",
  "signed",
  "side",
  "group",
  "band",
  "number",
];

const plans = new WeakMap<readonly DetailColumn[], ReadPlan>();

/** The read plan of a per-sweep table: every column with a `read` (not `placed_time`, derived from `placed_ns`). */
function readPlan(table: readonly DetailColumn[]): ReadPlan {
  let plan = plans.get(table);
  if (plan !== undefined) return plan;
  const read = table.filter((c) => c.read !== undefined);
  plan = {
    names: read.map((c) => c.name),
    fields: read.map((c) => c.read!.field),
    kinds: read.map((c) => c.read!.kind),
    codes: Uint8Array.from(read, (c) => KIND_CODES.indexOf(c.read!.kind)),
    nullable: read.map((c) => c.nullable === true),
    simulated: read.flatMap((c, k) => (c.simulated === true ? [k] : [])),
    schema: table === SIMULATION_TABLE ? SweepRow : sweepRowSchema(table),
    build: rowBuilder(read.map((c) => c.read!.field)),
  };
  plans.set(table, plan);
  return plan;
}
readPlan(SIMULATION_TABLE); // at module load, never per file or row

/**
 * Parses the lines of one job's `simulation.csv.gz` into {@link SweepRow}s, one line at a time, so
 * that a file of any size is read in bounded memory. Hand-written rather than csv-parse + zod per
 * row because that pair was ~80 % of the aggregate phase (≈20 µs a row): a line is split on commas
 * and each field parsed by `parseField`, with no intermediate record. It never decides alone: a
 * line with a quote, or any field the fast path does not accept, goes through csv-parse and the
 * {@link SweepRow} schema, so both paths return the same rows and raise the same errors.
 */
export class SweepLineParser {
  private readonly header: string[];
  private readonly plan: ReadPlan;
  /** Field index of each read column of the plan. */
  private readonly at: number[];
  /** The values of the row being parsed, in the plan's order (reused from row to row). */
  private readonly values: unknown[] = [];
  private readonly decimalsText: string;
  /** Set by a field parser the fast path does not accept. */
  private slow = false;

  /**
   * `headerLine`: the file's first line. Throws {@link JobOutputsError} `empty_file |
   * missing_column | csv_syntax`.
   */
  constructor(
    private readonly file: string,
    headerLine: string,
    private readonly job: JobIdentity,
    table: readonly DetailColumn[] = SIMULATION_TABLE,
  ) {
    this.plan = readPlan(table);
    if (headerLine.includes('"')) {
      try {
        this.header = parse(headerLine)[0] ?? [];
      } catch (e) {
        throw csvSyntax(file, e, 1);
      }
    } else this.header = headerLine === "" ? [] : headerLine.split(",");
    checkHeader(
      file,
      this.header,
      table.map((c) => c.name),
    );
    this.at = this.plan.names.map((c) => this.header.indexOf(c));
    this.decimalsText = String(job.decimals);
  }

  /** One data line (without its line end) at 1-based `line`: its row, or a {@link JobOutputsError}. */
  parse(text: string, line: number): SweepRow {
    if (!text.includes('"')) {
      const f = text.split(",");
      if (f.length !== this.header.length) throw this.widthError(f, line);
      const row = this.fast(f);
      if (row !== undefined) return row;
      return this.checked(f, line);
    }
    let records: string[][];
    try {
      records = parse(text);
    } catch (e) {
      throw csvSyntax(this.file, e, line);
    }
    const f = records[0] ?? [""];
    if (records.length !== 1 || f.length !== this.header.length) throw this.widthError(f, line);
    return this.checked(f, line);
  }

  /** The error of a line whose field count is not the header's. */
  private widthError(f: readonly string[], line: number): JobOutputsError {
    return new JobOutputsError(
      "csv_syntax",
      this.file,
      line,
      "",
      `columns length is ${this.header.length}, got ${f.length} on line ${line}`,
    );
  }

  /** The schema's answer for fields `f`: the row, `bad_value` or `wrong_job`. */
  private checked(f: readonly string[], line: number): SweepRow {
    const record: Record<string, string> = {};
    this.header.forEach((h, i) => (record[camel(h)] = f[i] ?? ""));
    const row = parseRecord(this.file, this.header, this.plan.schema, record, line) as SweepRow;
    if (!sameJob(row, this.job)) throw wrongJob(this.file, line, row, this.job);
    return row;
  }

  /** The row when every field is in the writer's plain form; undefined otherwise (then ask the schema). */
  private fast(f: readonly string[]): SweepRow | undefined {
    const { at, job } = this;
    const { codes, nullable, simulated } = this.plan;
    // Not simulated: all simulated fields empty; some but not all empty is the schema's error.
    let empties = 0;
    for (const k of simulated) if (f[at[k]!] === "") empties++;
    if (empties !== 0 && empties !== simulated.length) return undefined;
    const values = this.values;
    for (let k = 0; k < codes.length; k++) {
      const text = f[at[k]!] ?? "";
      if (nullable[k] && text === "") {
        values[k] = undefined;
        continue;
      }
      let v: unknown;
      switch (codes[k]) {
        case 0: // security
          if (text !== job.securityCode) return undefined;
          v = job.securityCode;
          break;
        case 1: // date
          if (text !== job.date) return undefined;
          v = job.date;
          break;
        case 2: // decimals
          if (text !== this.decimalsText) return undefined;
          v = job.decimals;
          break;
        case 3: // u64
          v = parseField("u64", text);
          if (typeof v !== "bigint") return undefined;
          break;
        case 4: // count
          v = parseField("qty", text);
          if (typeof v !== "number") return undefined;
          break;
        case 5: // signed
          v = parseField("int", text);
          if (typeof v !== "number") return undefined;
          break;
        case 6: // side
          if (text === "1") v = 1;
          else if (text === "2") v = 2;
          else return undefined;
          break;
        case 7: // group
          if (text === "1") v = 1;
          else if (text === "2") v = 2;
          else if (text === "3") v = 3;
          else return undefined;
          break;
        case 8: // band
          if (text !== "Small" && text !== "Medium" && text !== "Large") return undefined;
          v = text;
          break;
        case 9: // number
          if (!NUMBER_TEXT.test(text)) return undefined;
          v = Number(text);
          break;
      }
      values[k] = v;
    }
    return this.plan.build(values) as SweepRow;
  }
}
