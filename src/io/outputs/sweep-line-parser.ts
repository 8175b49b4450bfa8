/**
 * The fast parser of a job's `simulation.csv.gz` lines (see {@link SweepLineParser}): it agrees with
 * the `SweepRow` schema of job-outputs-rows.ts on every line, and asks it whenever unsure.
 */
import { parse } from "csv-parse/sync";
import { parseField } from "../../model/fields.js";
import { SIMULATION_COLUMNS } from "./job-outputs.js";
import {
  camel,
  checkHeader,
  csvSyntax,
  JobOutputsError,
  NUMBER_TEXT,
  parseRecord,
  sameJob,
  SweepRow,
  wrongJob,
  type JobIdentity,
} from "./job-outputs-rows.js";

/**
 * Column positions of {@link SweepLineParser}, in the order its `parse` reads them: every column of
 * simulation.csv.gz but `placed_time` (derived from `placed_ns`).
 */
const SWEEP_COLUMNS = SIMULATION_COLUMNS.filter((c) => c !== "placed_time");

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
  /** Field index of each of SWEEP_COLUMNS. */
  private readonly at: number[];
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
  ) {
    if (headerLine.includes('"')) {
      try {
        this.header = parse(headerLine)[0] ?? [];
      } catch (e) {
        throw csvSyntax(file, e, 1);
      }
    } else this.header = headerLine === "" ? [] : headerLine.split(",");
    checkHeader(file, this.header, SIMULATION_COLUMNS);
    this.at = SWEEP_COLUMNS.map((c) => this.header.indexOf(c));
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
    const row = parseRecord(this.file, this.header, SweepRow, record, line);
    if (!sameJob(row, this.job)) throw wrongJob(this.file, line, row, this.job);
    return row;
  }

  private count(text: string | undefined): number {
    const v = parseField("qty", text ?? "");
    if (typeof v === "number") return v;
    this.slow = true;
    return 0;
  }

  private signed(text: string | undefined): number {
    const v = parseField("int", text ?? "");
    if (typeof v === "number") return v;
    this.slow = true;
    return 0;
  }

  private optional(text: string | undefined): number | undefined {
    if (text === "") return undefined;
    if (text !== undefined && NUMBER_TEXT.test(text)) return Number(text);
    this.slow = true;
    return undefined;
  }

  /** The row when every field is in the writer's plain form; undefined otherwise (then ask the schema). */
  private fast(f: readonly string[]): SweepRow | undefined {
    const at = this.at;
    const job = this.job;
    if (f[at[0]!] !== job.securityCode || f[at[1]!] !== job.date || f[at[2]!] !== this.decimalsText) return undefined;
    const orderId = parseField("u64", f[at[3]!] ?? "");
    if (typeof orderId !== "bigint") return undefined;
    const side = f[at[5]!];
    const group = f[at[6]!];
    const band = f[at[7]!];
    if (
      (side !== "1" && side !== "2") ||
      (group !== "1" && group !== "2" && group !== "3") ||
      (band !== "Small" && band !== "Medium" && band !== "Large")
    )
      return undefined;
    // Not simulated: all five simulated fields empty; some but not all empty is the schema's error.
    const empties = [13, 14, 15, 16, 17].filter((k) => f[at[k]!] === "").length;
    if (empties !== 0 && empties !== 5) return undefined;
    const simulated = empties === 0;
    this.slow = false;
    const row: SweepRow = {
      securityCode: job.securityCode,
      date: job.date,
      decimals: job.decimals as SweepRow["decimals"],
      orderId,
      participantId: this.signed(f[at[4]!]),
      side: side === "1" ? 1 : 2,
      group: group === "1" ? 1 : group === "2" ? 2 : 3,
      sizeBand: band,
      placedNs: this.count(f[at[9]!]),
      qty: this.count(f[at[8]!]),
      realFilled: this.count(f[at[10]!]),
      realValueTicks: this.count(f[at[11]!]),
      realTrades: this.count(f[at[12]!]),
      simFilled: simulated ? this.count(f[at[13]!]) : undefined,
      simValueHalfTicks: simulated ? this.count(f[at[14]!]) : undefined,
      simFills: simulated ? this.count(f[at[15]!]) : undefined,
      comparedQty: simulated ? this.count(f[at[16]!]) : undefined,
      savingsMicroAud: simulated ? this.signed(f[at[17]!]) : undefined,
      costMidpointMicroAud: this.signed(f[at[20]!]),
      costHalfSpreadMicroAud: this.signed(f[at[21]!]),
      costImpactMicroAud: this.signed(f[at[22]!]),
      savingsBps: this.optional(f[at[18]!]),
      meanMidHalfTicks: this.optional(f[at[19]!]),
    };
    return this.slow ? undefined : row;
  }
}
