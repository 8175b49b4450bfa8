import type { RowReject } from "../../model/errors.js";
import { UnknownCodeTally, type UnknownCodeCounts, type UnknownCodePolicy } from "../../model/unknown-codes.js";
import {
  isCodeKind,
  isFieldError,
  isKnownCode,
  parseField,
  unknownCodeError,
  type CodeKind,
  type FieldKind,
} from "../../model/fields.js";
import type { ColumnSpec, TableKind, TableSpec } from "../../model/schemas.js";
import { tradingDate } from "../../model/time.js";
import { allocate, emptyValue, type ColumnArray, type Columns } from "./batch-columns.js";
import { FastRowParser, type FastTarget } from "./fast-row.js";
import { fieldCountProblem } from "./field-count.js";

export type { ColumnArray, Columns } from "./batch-columns.js";

/**
 * A block of accepted rows in columnar form. Arrays may be longer than `length`; only the first
 * `length` entries are rows. `offset` is each row's byte offset in its file (decompressed for
 * gzip); `tradingDate` is the Australia/Sydney date of the table's time column.
 */
export interface Batch<S extends ColumnSpec = ColumnSpec> {
  table: TableKind;
  file: string;
  length: number;
  offset: Float64Array;
  tradingDate: string[];
  columns: Columns<S>;
}

/**
 * Builds {@link Batch}es from CSV records: each field is parsed by its kind with
 * {@link parseField}; a row with any bad field is rejected whole (first bad column reported) and
 * never half-written into the columns.
 */
export class BatchBuilder<S extends ColumnSpec> {
  private batch!: Batch<S>;
  private readonly names: (keyof S & string)[];
  private readonly kinds: FieldKind[];
  /** Field index in the file of each spec column, or −1 when the file lacks that (optional) column. */
  private readonly index: number[];
  private readonly timeCol: number;
  /** Per spec column: store its values (true) or only validate them (false). */
  private readonly keep: boolean[];
  /** The file header lower-cased, and as its sorted names joined (headerAgain), made on first use. */
  private headerKey: { lower: string[]; sorted: string } | undefined;
  /** Per spec column: not required, so an empty value reads as an absent column's 0 / "". */
  private readonly optional: boolean[];
  /** The fast path (see fast-row.ts), when enabled, and the current batch's columns as it writes them. */
  private readonly fast: FastRowParser | undefined;
  private target: FastTarget = { num: [], wide: [], text: [], tradingDate: [] };
  /** Per spec column: its code kind when it is a coded column (model/codes.ts), else undefined. */
  private readonly coded: (CodeKind | undefined)[];
  /** Unknown code values of the rows accepted so far, per column and value (see {@link unknownCodes}). */
  private readonly unknown = new UnknownCodeTally();
  /** Unknown code values of the row being pushed: (spec column, value) pairs, counted once it is accepted. */
  private readonly rowUnknown: number[] = [];

  constructor(
    private readonly spec: TableSpec<S>,
    /** Header names of the file, in file order. */
    private readonly fileHeader: readonly string[],
    private readonly file: string,
    private readonly capacity: number,
    /** Columns to store; the others are validated but left empty (saves memory). Default: all. */
    keepColumns?: ReadonlySet<string>,
    /** Enable {@link pushBytes} (the fast path). */
    fastPath = false,
    /** A value outside its code table: keep the row and count it (default), or reject the row (`unknown_code`). */
    private readonly unknownPolicy: UnknownCodePolicy = "keep",
  ) {
    this.names = Object.keys(spec.columns);
    this.kinds = this.names.map((n) => spec.columns[n] as FieldKind);
    this.index = this.names.map((n) => fileHeader.indexOf(n));
    this.timeCol = this.names.indexOf(spec.timeColumn);
    this.keep = this.names.map((n) => keepColumns === undefined || keepColumns.has(n));
    this.optional = this.names.map((n) => !spec.required.has(n));
    this.coded = this.kinds.map((k) => (isCodeKind(k) ? k : undefined));
    this.fast = fastPath ? new FastRowParser(spec as unknown as TableSpec, fileHeader, keepColumns) : undefined;
    this.reset();
  }

  get length(): number {
    return this.batch.length;
  }

  /**
   * The code values outside their tables met in the accepted rows so far, per column (header name)
   * and value; undefined when there were none. Only the general path meets them: the fast path
   * declines a line with an unknown code.
   */
  unknownCodes(): UnknownCodeCounts | undefined {
    return this.unknown.counts();
  }

  /** Takes the filled batch and starts a new one. */
  take(): Batch<S> {
    const b = this.batch;
    this.reset();
    return b;
  }

  /** Adds a record; returns the reject when a field is bad (nothing is added then). */
  push(fields: readonly string[], offset: number, line: number, raw: string): RowReject | undefined {
    if (fields.length !== this.fileHeader.length) {
      // Trailing commas (blank fields the header does not name) and unnamed header columns the row
      // leaves out fit; anything else is a field_count reject.
      const problem = fieldCountProblem(fields, this.fileHeader);
      if (problem !== undefined)
        return {
          file: this.file,
          line,
          column: problem.column,
          columnName: "",
          code: "field_count",
          message: problem.message,
          text: raw.slice(0, 500),
        };
    }
    const b = this.batch;
    const row = b.length;
    const cols = b.columns as Record<string, ColumnArray<FieldKind>>;
    let ts = 0n;
    this.rowUnknown.length = 0;
    for (let c = 0; c < this.names.length; c++) {
      const at = this.index[c] as number;
      const kind = this.kinds[c] as FieldKind;
      const name = this.names[c] as string;
      if (at < 0) continue; // absent optional column: keeps its default
      const keep = this.keep[c] as boolean;
      if (!keep && kind === "text") continue; // nothing to validate
      const text = fields[at] as string;
      let v: unknown = parseField(kind, text);
      // An empty value of an optional column means what its absence means: 0 / "" (not a reject,
      // and not a code value of its own either).
      const absent = this.optional[c] === true && isFieldError(v) && v.code === "empty_field";
      if (absent) v = emptyValue(kind);
      const code = absent ? undefined : this.coded[c];
      if (code !== undefined && typeof v === "number" && !isKnownCode(code, v)) {
        if (this.unknownPolicy === "reject") v = unknownCodeError(code, v);
        else this.rowUnknown.push(c, v);
      }
      if (isFieldError(v)) {
        return (
          this.headerAgain(fields, line, raw) ?? {
            file: this.file,
            line,
            column: at + 1,
            columnName: name,
            code: v.code,
            message: v.message,
            text: text.slice(0, 500),
          }
        );
      }
      if (keep)
        (cols[name] as unknown as Record<number, unknown>)[row] = kind === "security" ? this.intern(v as string) : v;
      if (c === this.timeCol) ts = v as bigint;
    }
    b.offset[row] = offset;
    b.tradingDate[row] = tradingDate(ts);
    b.length = row + 1;
    for (let i = 0; i < this.rowUnknown.length; i += 2)
      this.unknown.add(this.names[this.rowUnknown[i] as number] as string, this.rowUnknown[i + 1] as number);
    return undefined;
  }

  /**
   * The fast path: parses the line `buf[start, end)` straight from its bytes when it is certain to
   * give exactly what {@link push} would (see fast-row.ts). Returns false, having added nothing,
   * when the line must take the general path (or the fast path is off).
   */
  pushBytes(buf: Buffer, start: number, end: number, offset: number): boolean {
    const b = this.batch;
    const row = b.length;
    if (this.fast === undefined || !this.fast.parse(buf, start, end, this.target, row)) return false;
    b.offset[row] = offset;
    b.length = row + 1;
    return true;
  }

  /**
   * A `duplicate_header` reject when a record that failed to parse is the header line again (files
   * joined with `cat`): same names, trimmed, in any case, in the same or another order. Checked only
   * on the reject path, so good rows pay nothing; a header never parses, as every table has numeric
   * columns.
   */
  private headerAgain(fields: readonly string[], line: number, raw: string): RowReject | undefined {
    // Regardless of case: the reader holds the header's names as the spec spells them.
    const names = fields.map((f) => f.trim().toLowerCase());
    // The header's side once per reader, not per rejected row (a wholly bad file rejects them all).
    const { lower: header, sorted } = (this.headerKey ??= headerKeyOf(this.fileHeader));
    const same = names.length === header.length && names.every((n, i) => n === header[i]);
    if (!same && [...names].sort().join(",") !== sorted) return undefined;
    return {
      file: this.file,
      line,
      column: 0,
      columnName: "",
      code: "duplicate_header",
      message: same
        ? "the header line again (files concatenated?): skipped"
        : "a header line in another column order (files concatenated?): skipped, but the rows after it are still read in the first header's order; split the file",
      text: raw.slice(0, 500),
    };
  }

  // Security codes repeat on every row: keeping one string per code lets each row's copy die young
  // instead of being promoted with the batch (this keeps the old generation flat).
  private readonly codes = new Map<string, string>();
  private intern(code: string): string {
    const known = this.codes.get(code);
    if (known !== undefined) return known;
    if (this.codes.size < 100_000) this.codes.set(code, code);
    return code;
  }

  private readonly free: Batch<S>[] = [];

  /** Returns a batch the consumer is done with, so its arrays are reused instead of reallocated. */
  recycle(b: Batch<S>): void {
    if (this.free.length < 64) this.free.push(b);
  }

  private reset(): void {
    const spare = this.free.pop();
    if (spare !== undefined) {
      spare.length = 0;
      this.batch = spare;
    } else {
      this.batch = this.allocateBatch();
    }
    if (this.fast !== undefined) this.target = this.targetOf(this.batch);
  }

  /** The batch's columns as the fast path writes them: 64-bit columns through Uint32Array views. */
  private targetOf(b: Batch<S>): FastTarget {
    const cols = b.columns as Record<string, ColumnArray<FieldKind>>;
    const target: FastTarget = { num: [], wide: [], text: [], tradingDate: b.tradingDate };
    const noNum = new Float64Array(0);
    const noWide = new Uint32Array(0);
    const noText: string[] = [];
    this.names.forEach((name, c) => {
      const a = this.keep[c] === true ? cols[name] : undefined;
      target.num.push(a instanceof Float64Array ? a : noNum);
      target.wide.push(
        a instanceof BigUint64Array || a instanceof BigInt64Array
          ? new Uint32Array(a.buffer, a.byteOffset, 2 * a.length)
          : noWide,
      );
      target.text.push(Array.isArray(a) ? a : noText);
    });
    return target;
  }

  private allocateBatch(): Batch<S> {
    const n = this.capacity;
    const columns = Object.fromEntries(
      this.names.map((name, i) => [name, allocate(this.kinds[i] as FieldKind, this.keep[i] === true ? n : 0)]),
    );
    return {
      table: this.spec.kind,
      file: this.file,
      length: 0,
      offset: new Float64Array(n),
      tradingDate: new Array<string>(n).fill(""),
      columns: columns as Columns<S>,
    };
  }
}

function headerKeyOf(fileHeader: readonly string[]): { lower: string[]; sorted: string } {
  const lower = fileHeader.map((n) => n.toLowerCase());
  return { lower, sorted: [...lower].sort().join(",") };
}
