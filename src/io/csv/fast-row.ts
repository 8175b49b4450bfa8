import { KNOWN_ORDER_TYPE_BITS } from "../../model/codes.js";
import { LITTLE_ENDIAN } from "../../model/endian.js";
import { NO_PRICE, NO_PRICE_TEXT } from "../../model/price.js";
import type { ColumnSpec, TableSpec } from "../../model/schemas.js";
import { FastRowCache } from "./fast-cache.js";
import { FAST_KIND, NS_MAX, NS_MIN, planFastRows } from "./fast-plan.js";

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
 *
 * Here: the row loop (field by field, and when to decline). Its parts: the per-file plan
 * (fast-plan.ts), held field by field on the parser so the loop reads it straight off `this`, and
 * the interned codes/dates and trading-date cache (fast-cache.ts).
 *
 * A WebAssembly SIMD lane in front of this parser (whole blocks of lines indexed 16 bytes at a time)
 * was built and measured against it, and removed by issue 15's 1.3× rule: it gained 1.10–1.12× on
 * the whole scan at 1M order rows and 0.99–1.05× at 0.3M (bench/README.md, codecs).
 */

// What the fast path does with one field of the file (fast-plan.ts). Copied into this module's own
// constants: a switch over imported bindings measured about 2× slower than over local ones.
const { NS, INT, NONNEG, SIDE, CODE, OTYPE, SECURITY, DATE, TEXT, U64, QUOTE } = FAST_KIND;

const COMMA = 0x2c;
const DQUOTE = 0x22;
const MINUS = 0x2d;
const NO_PRICE_BYTES = Buffer.from(NO_PRICE_TEXT, "latin1");
const TWO32 = 4294967296;
// model/fields.ts: plausible timestamps 1990-01-01 .. 2100-01-01 in ns, as (high, low) 32-bit halves.
const NS_MIN_HI = Number(NS_MIN >> 32n);
const NS_MIN_LO = Number(NS_MIN & 0xffffffffn);
const NS_MAX_HI = Number(NS_MAX >> 32n);
const NS_MAX_LO = Number(NS_MAX & 0xffffffffn);

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
  /** The Sydney trading date of each row (model/time.ts). */
  tradingDate: string[];
}

/**
 * Parses whole lines of one file into batch columns, or declines. Built once per file from the
 * table spec, the file's header and the stored columns.
 */
export class FastRowParser extends FastRowCache {
  // The file's plan (fast-plan.ts), one field each.
  private readonly plan: Int32Array;
  private readonly col: Int32Array;
  private readonly keep: Uint8Array;
  private readonly codes: (Uint8Array | undefined)[];
  private readonly timeField: number;

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
  }

  /**
   * Parses the line `buf[start, end)` (no line end) into row `row` of `target`. Returns false —
   * having written nothing that counts, as the row is not committed — when the line is not certain to
   * parse exactly as the general path would parse it.
   */
  parse(buf: Buffer, start: number, end: number, target: FastTarget, row: number): boolean {
    // Blank lines and the like; a table without its time column has no trading date to compute.
    if (end <= start || (buf[start] as number) <= 0x20 || this.timeField < 0) return false;
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
        // Only trailing commas may follow the last field: empty fields the header does not name (an
        // export's empty trailing columns, read so by the general path too, field-count.ts).
        for (let q = p; q < end; q++) if (buf[q] !== COMMA) return false;
      }
    }
    return true;
  }
}
