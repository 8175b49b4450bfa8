import type { ColumnSpec, TableSpec } from "../../model/schemas.js";
import type { BlockLane, BlockLine } from "./fast-block.js";
import { FastRowCache } from "./fast-cache.js";
import { planFastRows } from "./fast-plan.js";

/*
 * The fast ingest path's per-file state (fast-row.ts builds on it): the file's plan (fast-plan.ts)
 * held field by field so the row loop reads it straight off `this`, and the copy of a line the
 * WebAssembly block lane (fast-block.ts) parsed into the batch columns. A base class of the parser
 * rather than a member object, so the row loop adds no load per row.
 */

/** The columns of the batch being filled, as the fast path writes them. */
export interface FastTarget {
  // One array per spec column in each list, the right one used by its kind, so every store in the
  // hot loop sees one array type (a mixed list made it the slowest line of the parser).
  /** Numeric columns (Float64Array); empty for the others. */
  num: Float64Array[];
  /** Id and time columns as Uint32Array views [lo, hi] of their 64-bit arrays; empty for the others. */
  wide: Uint32Array[];
  /** Text, security and date columns; empty for the others. */
  text: string[][];
  tradingDate: string[];
}

/** The plan of one file's fast path and the copy of the block lane's lines into the batch. */
export class FastRowLane extends FastRowCache {
  // The file's plan (fast-plan.ts), one field each.
  protected readonly plan: Int32Array;
  protected readonly col: Int32Array;
  protected readonly keep: Uint8Array;
  protected readonly codes: (Uint8Array | undefined)[];
  protected readonly timeField: number;
  protected readonly lane: BlockLane | undefined;
  protected readonly numFields: number[];
  protected readonly numCols: number[];
  protected readonly wideFields: number[];
  protected readonly wideCols: number[];
  protected readonly internFields: number[];
  protected readonly internKinds: ("security" | "date")[];
  protected readonly internCols: number[];
  protected readonly textFields: number[];
  protected readonly textCols: number[];

  constructor(
    spec: TableSpec<ColumnSpec>,
    fileHeader: readonly string[],
    keepColumns: ReadonlySet<string> | undefined,
  ) {
    super();
    const p = planFastRows(spec, fileHeader, keepColumns);
    this.plan = p.plan;
    this.col = p.col;
    this.keep = p.keep;
    this.codes = p.codes;
    this.timeField = p.timeField;
    this.lane = p.lane;
    this.numFields = p.numFields;
    this.numCols = p.numCols;
    this.wideFields = p.wideFields;
    this.wideCols = p.wideCols;
    this.internFields = p.internFields;
    this.internKinds = p.internKinds;
    this.internCols = p.internCols;
    this.textFields = p.textFields;
    this.textCols = p.textCols;
  }

  /** A new chunk is about to be split into lines: the block lane may parse its lines from `from` on. */
  prepare(chunk: Buffer, from: number): void {
    this.lane?.prepare(chunk, from);
  }

  /** Copies a line the block lane parsed into row `row` of `target`; false (nothing that counts written) when the general path must decide. */
  protected commit(line: BlockLine, target: FastTarget, row: number): boolean {
    const texts = target.text;
    for (let j = 0; j < this.internFields.length; j++) {
      const f = this.internFields[j] as number;
      const kind = this.internKinds[j] as "security" | "date";
      const s = this.intern(line.chunk, line.textFrom(f), line.textTo(f), line.hash(f), kind);
      if (s === undefined) return false;
      const c = this.internCols[j] as number;
      if (c >= 0) (texts[c] as string[])[row] = s;
    }
    for (let j = 0; j < this.numFields.length; j++)
      (target.num[this.numCols[j] as number] as Float64Array)[row] = line.num(this.numFields[j] as number);
    for (let j = 0; j < this.wideFields.length; j++) {
      const f = this.wideFields[j] as number;
      const view = target.wide[this.wideCols[j] as number] as Uint32Array;
      view[2 * row] = line.lo(f);
      view[2 * row + 1] = line.hi(f);
    }
    for (let j = 0; j < this.textFields.length; j++) {
      const f = this.textFields[j] as number;
      (texts[this.textCols[j] as number] as string[])[row] = line.chunk.toString(
        "latin1",
        line.textFrom(f),
        line.textTo(f),
      );
    }
    target.tradingDate[row] = this.dateOf(line.hi(this.timeField), line.lo(this.timeField));
    return true;
  }
}
