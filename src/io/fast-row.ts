import { CODE_TABLES as KNOWN_CODES, KNOWN_ORDER_TYPE_BITS } from "../model/codes.js";
import { LITTLE_ENDIAN } from "../model/endian.js";
import { isFieldError, parseField, type FieldKind } from "../model/fields.js";
import type { ColumnSpec, TableSpec } from "../model/schemas.js";
import { NO_PRICE, NO_PRICE_TEXT } from "../model/price.js";
import { tradingDate } from "../model/time.js";
import { BlockLane, KEEP_BIT, type BlockLine } from "./fast-block.js";

/*
 * The fast ingest path: one CSV line's fields parsed straight from its bytes into the batch columns,
 * with no per-field strings and no per-row objects. Ids and nanosecond timestamps are parsed into
 * two exact 32-bit halves and written through a Uint32Array view of the BigUint64Array /
 * BigInt64Array column (no bigint, no JS number holding the whole value); security codes and dates
 * are interned by a hash of their bytes; the trading date comes from a per-UTC-hour cache (exactly
 * how model/time.ts defines it).
 *
 * Hand-written on purpose: this is the measured hot path (csv-parse with `cast` streams ≈ 0.35M
 * rows/s here, the string-splitting reader ≈ 0.39M; this parser several million). It accepts a line
 * only when it is CERTAIN of the result — plain ASCII, no quote, no control byte, the header's field
 * count, every field of the simple form its parser accepts (a quote side also as the NBBO's no-price
 * text, read as NO_PRICE), every code in its table — and then produces exactly the values
 * `parseField` would. Any other line (a quote, CRLF inside a line, a bad or unusual field, a code
 * outside its table, a negative number, a 16-digit quantity, a blank line…) is left to the general path (records.ts with csv-parse,
 * then `parseField`), so quoting rules, rejects and their messages stay the library's and the
 * model's. tests/io/fast-path.test.ts proves both paths give identical rows and rejects.
 */

// What the fast path does with one field of the file.
const SKIP = 0; // not stored (or not a spec column): only checked to be plain bytes
const TEXT = 1; // stored text
const U64 = 2;
const NS = 3;
const INT = 4; // signed integer: the fast path takes only the non-negative ≤ 15-digit form
const NONNEG = 5; // qty, price
const SIDE = 6;
const CODE = 7; // a code from a set, looked up in a table
const OTYPE = 8;
const SECURITY = 9;
const DATE = 10;
const QUOTE = 11; // a quote side: as NONNEG, or exactly the no-price text (model/price.ts) → NO_PRICE

const COMMA = 0x2c;
const DQUOTE = 0x22;
const MINUS = 0x2d;
const NO_PRICE_BYTES = Buffer.from(NO_PRICE_TEXT, "latin1");
const TWO32 = 4294967296;
// model/fields.ts: plausible timestamps 1990-01-01 .. 2100-01-01 in ns, as (high, low) 32-bit halves.
const NS_MIN = 631_152_000_000_000_000n;
const NS_MAX = 4_102_444_800_000_000_000n;
const NS_MIN_HI = Number(NS_MIN >> 32n);
const NS_MIN_LO = Number(NS_MIN & 0xffffffffn);
const NS_MAX_HI = Number(NS_MAX >> 32n);
const NS_MAX_LO = Number(NS_MAX & 0xffffffffn);
const NS_PER_HOUR = 3_600_000_000_000n;
/** Most distinct codes/dates interned per file (more is not real data: the rest take the general path). */
const MAX_INTERNED = 100_000;

/** True on little-endian machines, where the 32-bit halves of a 64-bit column are [low, high]. */
export const FAST_PATH_AVAILABLE = LITTLE_ENDIAN;

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

function codeTable(allowed: ReadonlySet<number>): Uint8Array {
  const t = new Uint8Array(256);
  for (const v of allowed) if (v >= 0 && v < 256) t[v] = 1;
  return t;
}

// The known values of each coded column (model/codes.ts), as 256-entry tables (the WebAssembly lane
// gets the same bytes). A value outside its table (or a mask with an unknown bit) is declined: the
// general path keeps and counts it (or rejects it under `unknownCodes: "reject"`), so both lanes
// stay exactly the general path's and the counting lives in one place (batch.ts).
const CODE_TABLES: Partial<Record<FieldKind, Uint8Array>> = Object.fromEntries(
  Object.entries(KNOWN_CODES).map(([kind, set]) => {
    // A code ≥ 256 would be missed by the table: the general path would then accept what we refuse,
    // which is still correct (the line falls back), but say so loudly if the model ever grows one.
    if ([...set].some((v) => v >= 256)) throw new Error(`fast-row: ${kind} has a code ≥ 256`);
    return [kind, codeTable(set)];
  }),
);

function planOf(kind: FieldKind, keep: boolean): number {
  switch (kind) {
    case "u64":
      return U64;
    case "ns":
      return NS;
    case "int":
      return INT;
    case "qty":
    case "price":
      return NONNEG;
    case "quote":
      return QUOTE;
    case "side":
      return SIDE;
    case "otype":
      return OTYPE;
    case "security":
      return SECURITY;
    case "date":
      return DATE;
    case "text":
      return keep ? TEXT : SKIP;
    default:
      return CODE;
  }
}

/**
 * Parses whole lines of one file into batch columns, or declines. Built once per file from the
 * table spec, the file's header and the stored columns.
 */
export class FastRowParser {
  /** Per file field: what to do (SKIP, U64, …). */
  private readonly plan: Int32Array;
  /** Per file field: the spec column it fills, or −1. */
  private readonly col: Int32Array;
  /** Per file field: store the value (1) or only check it (0). */
  private readonly keep: Uint8Array;
  /** Per file field: the code table of a CODE field. */
  private readonly codes: (Uint8Array | undefined)[];
  private readonly timeField: number;
  private readonly interned = new Map<number, string>();
  /** The WebAssembly block lane (fast-block.ts), when built; the lists below copy its values out. */
  private readonly lane: BlockLane | undefined;
  /** Kept numeric fields and their spec columns. */
  private readonly numFields: number[] = [];
  private readonly numCols: number[] = [];
  /** Kept id and time fields and their spec columns. */
  private readonly wideFields: number[] = [];
  private readonly wideCols: number[] = [];
  /** Security and date fields (interned whether kept or not, as that validates them), their kinds and columns (−1: not kept). */
  private readonly internFields: number[] = [];
  private readonly internKinds: ("security" | "date")[] = [];
  private readonly internCols: number[] = [];
  /** Kept text fields and their spec columns. */
  private readonly textFields: number[] = [];
  private readonly textCols: number[] = [];
  // The UTC hour [start, end) of the last trading-date lookup, as 32-bit halves, and its date.
  private hourStartHi = 0;
  private hourStartLo = 0;
  private hourEndHi = 0;
  private hourEndLo = 0;
  private hourDate = "";

  constructor(
    spec: TableSpec<ColumnSpec>,
    fileHeader: readonly string[],
    keepColumns: ReadonlySet<string> | undefined,
  ) {
    const names = Object.keys(spec.columns);
    const n = fileHeader.length;
    this.plan = new Int32Array(n);
    this.col = new Int32Array(n).fill(-1);
    this.keep = new Uint8Array(n);
    this.codes = new Array<Uint8Array | undefined>(n).fill(undefined);
    let timeField = -1;
    for (let f = 0; f < n; f++) {
      const name = fileHeader[f] as string;
      const c = names.indexOf(name);
      if (c < 0) continue; // not a spec column: SKIP
      const kind = spec.columns[name] as FieldKind;
      const keep = keepColumns === undefined || keepColumns.has(name);
      this.col[f] = c;
      this.keep[f] = keep ? 1 : 0;
      this.plan[f] = planOf(kind, keep);
      this.codes[f] = CODE_TABLES[kind];
      if (name === spec.timeColumn) timeField = f;
    }
    this.timeField = timeField;
    const codes = new Uint8Array(256 * n);
    for (let f = 0; f < n; f++) {
      const what = this.plan[f] as number;
      const c = this.col[f] as number;
      const kept = this.keep[f] === 1;
      if (what === NONNEG || what === INT || what === CODE || what === OTYPE || what === SIDE || what === QUOTE) {
        if (kept) {
          this.numFields.push(f);
          this.numCols.push(c);
        }
      } else if (what === U64 || what === NS) {
        if (kept) {
          this.wideFields.push(f);
          this.wideCols.push(c);
        }
      } else if (what === SECURITY || what === DATE) {
        this.internFields.push(f);
        this.internKinds.push(what === SECURITY ? "security" : "date");
        this.internCols.push(kept ? c : -1);
      } else if (what === TEXT) {
        this.textFields.push(f);
        this.textCols.push(c);
      }
      const table = this.codes[f];
      if (table !== undefined) codes.set(table, 256 * f);
    }
    this.lane =
      timeField < 0
        ? undefined
        : BlockLane.create(
            Uint8Array.from(this.plan, (what, f) => (this.keep[f] === 1 || f === timeField ? what | KEEP_BIT : what)),
            codes,
            KNOWN_ORDER_TYPE_BITS,
            NS_MIN,
            NS_MAX,
          );
  }

  /** A new chunk is about to be split into lines: the block lane may parse its lines from `from` on. */
  prepare(chunk: Buffer, from: number): void {
    this.lane?.prepare(chunk, from);
  }

  /** Copies a line the block lane parsed into row `row` of `target`; false (nothing that counts written) when the general path must decide. */
  private commit(line: BlockLine, target: FastTarget, row: number): boolean {
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

  /**
   * Parses the line `buf[start, end)` (no line end) into row `row` of `target`. Returns false —
   * having written nothing that counts, as the row is not committed — when the line is not certain to
   * parse exactly as the general path would parse it.
   */
  parse(buf: Buffer, start: number, end: number, target: FastTarget, row: number): boolean {
    // Blank lines and the like; a table without its time column has no trading date to compute.
    if (end <= start || (buf[start] as number) <= 0x20 || this.timeField < 0) return false;
    const parsed = this.lane?.find(buf, start, end);
    if (parsed !== undefined) return this.commit(parsed, target, row);
    // Locals, not `this.` lookups, in the loop.
    const plan = this.plan;
    const keep = this.keep;
    const col = this.col;
    const n = plan.length;
    const num = target.num;
    const wide = target.wide;
    const texts = target.text;
    let p = start;
    for (let f = 0; f < n; f++) {
      const what = plan[f] as number;
      const q0 = p;
      switch (what) {
        case NONNEG:
        case INT:
        case CODE:
        case OTYPE:
        case SIDE:
        case QUOTE: {
          if (what === QUOTE && p < end && buf[p] === MINUS) {
            // Only exactly the no-price text; its end is checked below like any field's.
            if (
              end - p < NO_PRICE_BYTES.length ||
              buf.compare(NO_PRICE_BYTES, 0, NO_PRICE_BYTES.length, p, p + NO_PRICE_BYTES.length) !== 0
            )
              return false;
            p += NO_PRICE_BYTES.length;
            if (keep[f] === 1) (num[col[f] as number] as Float64Array)[row] = NO_PRICE;
            break;
          }
          let v = 0;
          while (p < end) {
            const d = (buf[p] as number) - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            p++;
          }
          const len = p - q0;
          if (len === 0 || len > 15) return false;
          if (what === SIDE) {
            if (len !== 1 || (v !== 1 && v !== 2)) return false;
          } else if (what === CODE) {
            if (v >= 256 || (this.codes[f] as Uint8Array)[v] !== 1) return false;
          } else if (what === OTYPE) {
            if (v > 0xffff || (v & ~KNOWN_ORDER_TYPE_BITS) !== 0) return false;
          }
          if (keep[f] === 1) (num[col[f] as number] as Float64Array)[row] = v;
          break;
        }
        case U64:
        case NS: {
          // Up to 15 digits exactly in a double; the rest (≤ 5 more digits) joined in 32-bit halves.
          let v = 0;
          while (p < end && p - q0 < 15) {
            const d = (buf[p] as number) - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            p++;
          }
          let rest = 0;
          let scale = 1;
          while (p < end && scale < 1e6) {
            const d = (buf[p] as number) - 48;
            if (d < 0 || d > 9) break;
            rest = rest * 10 + d;
            scale *= 10;
            p++;
          }
          // v·scale + rest with v = vh·2^32 + vl: vl·scale + rest < 2^32·10^6 and vh·scale < 2^18·10^6
          // are exact in doubles, and so is every step below.
          const vh = Math.floor(v / TWO32);
          let lo = (v - vh * TWO32) * scale + rest;
          const carry = Math.floor(lo / TWO32);
          lo -= carry * TWO32;
          const hi = vh * scale + carry;
          if (hi >= TWO32) return false; // ≥ 2^64: the general path reports it
          const len = p - q0;
          if (len === 0 || len > 20) return false;
          if (what === NS) {
            if (hi < NS_MIN_HI || (hi === NS_MIN_HI && lo < NS_MIN_LO)) return false;
            if (hi > NS_MAX_HI || (hi === NS_MAX_HI && lo > NS_MAX_LO)) return false;
            if (f === this.timeField) target.tradingDate[row] = this.dateOf(hi, lo);
          }
          if (keep[f] === 1) {
            const view = wide[col[f] as number] as Uint32Array;
            view[2 * row] = lo;
            view[2 * row + 1] = hi;
          }
          break;
        }
        case SECURITY:
        case DATE:
        case TEXT: {
          let h = 0x811c9dc5;
          while (p < end) {
            const c = buf[p] as number;
            if (c === COMMA) break;
            if (c < 0x20 || c === DQUOTE || c >= 0x7f) return false;
            h = Math.imul(h ^ c, 16777619);
            p++;
          }
          if (what === TEXT) {
            (texts[col[f] as number] as string[])[row] = buf.toString("latin1", q0, p);
            break;
          }
          const s = this.intern(buf, q0, p, h, what === SECURITY ? "security" : "date");
          if (s === undefined) return false;
          if (keep[f] === 1) (texts[col[f] as number] as string[])[row] = s;
          break;
        }
        default: {
          // SKIP: any plain text, checked only so the line is certain to be plain
          while (p < end) {
            const c = buf[p] as number;
            if (c === COMMA) break;
            if (c < 0x20 || c === DQUOTE || c >= 0x7f) return false;
            p++;
          }
        }
      }
      // The field must end exactly at a comma (then the next field follows) or, for the last, at the end.
      if (f < n - 1) {
        if (p >= end || buf[p] !== COMMA) return false;
        p++;
      } else if (p !== end) {
        return false;
      }
    }
    return true;
  }

  /** The one string for these bytes (validated once as `kind`), or undefined when the general path must decide. */
  private intern(buf: Buffer, from: number, to: number, hash: number, kind: "security" | "date"): string | undefined {
    const len = to - from;
    const key = (hash ^ (len << 24) ^ (kind === "date" ? 0x5bd1e995 : 0)) | 0;
    const known = this.interned.get(key);
    if (known !== undefined) {
      if (known.length !== len) return undefined;
      for (let i = 0; i < len; i++) if (known.charCodeAt(i) !== buf[from + i]) return undefined; // a collision
      return known;
    }
    if (len === 0 || this.interned.size >= MAX_INTERNED) return undefined;
    const text = buf.toString("latin1", from, to);
    if (isFieldError(parseField(kind, text))) return undefined;
    this.interned.set(key, text);
    return text;
  }

  /** The Sydney trading date of the timestamp hi·2^32 + lo, cached per UTC hour as model/time.ts defines it. */
  private dateOf(hi: number, lo: number): string {
    const afterStart = hi > this.hourStartHi || (hi === this.hourStartHi && lo >= this.hourStartLo);
    const beforeEnd = hi < this.hourEndHi || (hi === this.hourEndHi && lo < this.hourEndLo);
    if (afterStart && beforeEnd) return this.hourDate;
    const ts = (BigInt(hi) << 32n) | BigInt(lo);
    const start = (ts / NS_PER_HOUR) * NS_PER_HOUR; // ts > 0: truncation is the floor
    const end = start + NS_PER_HOUR;
    this.hourStartHi = Number(start >> 32n);
    this.hourStartLo = Number(start & 0xffffffffn);
    this.hourEndHi = Number(end >> 32n);
    this.hourEndLo = Number(end & 0xffffffffn);
    this.hourDate = tradingDate(ts);
    return this.hourDate;
  }
}
