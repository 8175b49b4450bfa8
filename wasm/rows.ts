// AssemblyScript, compiled by `npm run build` to dist/wasm/rows.wasm (see src/io/csv/fast-block.ts).
//
// The SIMD lane of the fast ingest path (src/io/csv/fast-row.ts): a block of whole CSV lines is parsed
// in two passes. Pass 1 indexes every comma and line feed 16 bytes at a time, and every byte that
// makes a line not plain (a control byte other than LF, a quote, DEL or non-ASCII). Pass 2 parses
// each line's fields between the indexed bounds, by the same field plan and the same rules as
// FastRowParser.parse, and marks the line ok or not. A line not ok is left to the JavaScript paths,
// which decide it exactly as before; so this code only has to be right about the lines it accepts,
// and tests/io/fast-path.test.ts checks those against csv-parse.
//
// Measured factor (`node bench/codecs.mjs`, one 47 MB orders file, both in one process): the
// reader's fast path with this lane reads 2.0× as fast as its general path (csv-parse where a line
// needs it, and parseField). That is the lane and FastRowParser together; the lane alone has no
// switch to measure it against the JavaScript fast path without it.
//
// Memory (laid out by fast-block.ts): the block, the separator and bad-byte indexes, the field plan
// and code tables, and per line [start, end, ok] and one 8-byte slot per field:
// - numbers: the value as an f64 (at most 15 digits, so exact);
// - ids and times: the u64;
// - text, security codes and dates: start (20 bits) | length (12 bits) in the low word, the FNV-1a
//   hash of the bytes in the high word (what FastRowParser interns by).

const COMMA: u32 = 0x2c;
const LF: u32 = 0x0a;

// Field kinds: the numbering of src/io/csv/fast-plan.ts (FAST_KIND); KEEP is or-ed in when the value is stored.
const SKIP: u32 = 0;
const TEXT: u32 = 1;
const U64: u32 = 2;
const NS: u32 = 3;
const INT: u32 = 4;
const NONNEG: u32 = 5;
const SIDE: u32 = 6;
const CODE: u32 = 7;
const OTYPE: u32 = 8;
const SECURITY: u32 = 9;
const DATE: u32 = 10;
const QUOTE: u32 = 11; // a quote side: as NONNEG, or exactly "-9223372036854775808" (no price) → −1
const KEEP: u32 = 0x80;
// The no-price text's digits after its "-": 2^63 (src/model/price.ts NO_PRICE_TEXT, NO_PRICE = −1).
const NO_PRICE_DIGITS: u64 = 9223372036854775808;

/**
 * Indexes the separators (commas and LFs) and the bad bytes of buf[0, len); for each LF, its index
 * among the separators goes to lfs. Returns the LF count; bads ends with a sentinel.
 */
function index(buf: usize, len: i32, seps: usize, bads: usize, lfs: usize): i32 {
  let ns: i32 = 0;
  let nb: i32 = 0;
  let nl: i32 = 0;
  const comma = i8x16.splat(0x2c);
  const lf = i8x16.splat(0x0a);
  const space = i8x16.splat(0x20);
  const quote = i8x16.splat(0x22);
  const del = i8x16.splat(0x7f);
  let i: i32 = 0;
  for (; i + 16 <= len; i += 16) {
    const v = v128.load(buf + <usize>i);
    const isLf = i8x16.eq(v, lf);
    let m = <u32>i8x16.bitmask(v128.or(i8x16.eq(v, comma), isLf));
    let l = <u32>i8x16.bitmask(isLf);
    while (m != 0) {
      const t = ctz(m);
      store<i32>(seps + ((<usize>ns) << 2), i + <i32>t);
      if (l != 0 && ctz(l) == t) {
        store<i32>(lfs + ((<usize>nl) << 2), ns);
        nl++;
        l &= l - 1;
      }
      ns++;
      m &= m - 1;
    }
    const bad = v128.or(v128.andnot(i8x16.lt_u(v, space), isLf), v128.or(i8x16.eq(v, quote), i8x16.ge_u(v, del)));
    if (v128.any_true(bad)) {
      let b = <u32>i8x16.bitmask(bad);
      while (b != 0) {
        store<i32>(bads + ((<usize>nb) << 2), i + <i32>ctz(b));
        nb++;
        b &= b - 1;
      }
    }
  }
  for (; i < len; i++) {
    const c = <u32>load<u8>(buf + <usize>i);
    if (c == COMMA || c == LF) {
      store<i32>(seps + ((<usize>ns) << 2), i);
      if (c == LF) {
        store<i32>(lfs + ((<usize>nl) << 2), ns);
        nl++;
      }
      ns++;
    } else if (c < 0x20 || c == 0x22 || c >= 0x7f) {
      store<i32>(bads + ((<usize>nb) << 2), i);
      nb++;
    }
  }
  store<i32>(bads + ((<usize>nb) << 2), 0x7fffffff);
  return nl;
}

/** The digits of buf[q, e) as a u64, or u64.MAX_VALUE when one is not a digit (callers bound the length). */
function digits(buf: usize, q: i32, e: i32): u64 {
  let v: u64 = 0;
  for (let k = q; k < e; k++) {
    const d = <u32>load<u8>(buf + <usize>k) - 48;
    if (d > 9) return u64.MAX_VALUE;
    v = v * 10 + <u64>d;
  }
  return v;
}

/** Parses the n fields of one line (its separators at seps[s, s + n)); false when the line is not certain. */
function fields(
  buf: usize,
  start: i32,
  seps: usize,
  s: i32,
  n: i32,
  plan: usize,
  codes: usize,
  slots: usize,
  known: u32,
  nsMin: u64,
  nsMax: u64,
  last: i32,
): bool {
  let q = start;
  for (let f = 0; f < n; f++) {
    // The last field ends at the line's end (before a CR of a CRLF), the others at their comma.
    const e = f == n - 1 ? last : load<i32>(seps + ((<usize>(s + f)) << 2));
    const p = <u32>load<u8>(plan + <usize>f);
    const len = e - q;
    switch (p & ~KEEP) {
      case NONNEG:
      case INT:
      case CODE:
      case OTYPE:
      case SIDE:
      case QUOTE: {
        if ((p & ~KEEP) == QUOTE && len > 0 && load<u8>(buf + <usize>q) == 0x2d) {
          if (len != 20 || digits(buf, q + 1, e) != NO_PRICE_DIGITS) return false;
          if (p & KEEP) store<f64>(slots + ((<usize>f) << 3), -1.0);
          break;
        }
        if (len == 0 || len > 15) return false;
        const v = digits(buf, q, e);
        if (v == u64.MAX_VALUE) return false;
        const what = p & ~KEEP;
        if (what == SIDE) {
          if (len != 1 || (v != 1 && v != 2)) return false;
        } else if (what == CODE) {
          if (v >= 256 || load<u8>(codes + ((<usize>f) << 8) + <usize>v) != 1) return false;
        } else if (what == OTYPE) {
          if (v > 0xffff || ((<u32>v) & ~known) != 0) return false;
        }
        if (p & KEEP) store<f64>(slots + ((<usize>f) << 3), <f64>v);
        break;
      }
      case U64:
      case NS: {
        if (len == 0 || len > 20) return false;
        let v: u64;
        if (len < 20) {
          v = digits(buf, q, e);
          if (v == u64.MAX_VALUE) return false;
        } else {
          // 20 digits: the first 19 fit; the last must keep the value below 2^64.
          const head = digits(buf, q, e - 1);
          const d = <u32>load<u8>(buf + <usize>(e - 1)) - 48;
          if (head == u64.MAX_VALUE || d > 9) return false;
          if (head > 1844674407370955161 || (head == 1844674407370955161 && d > 5)) return false;
          v = head * 10 + <u64>d;
        }
        if ((p & ~KEEP) == NS && (v < nsMin || v > nsMax)) return false;
        if (p & KEEP) store<u64>(slots + ((<usize>f) << 3), v);
        break;
      }
      case SECURITY:
      case DATE: {
        if (len >= 4096) return false;
        let h: u32 = 0x811c9dc5;
        for (let k = q; k < e; k++) h = (h ^ (<u32>load<u8>(buf + <usize>k))) * 16777619;
        store<u32>(slots + ((<usize>f) << 3), (<u32>q) | ((<u32>len) << 20));
        store<u32>(slots + ((<usize>f) << 3) + 4, h);
        break;
      }
      case TEXT: {
        if (len >= 4096) return false;
        store<u32>(slots + ((<usize>f) << 3), (<u32>q) | ((<u32>len) << 20));
        break;
      }
      default:
      // SKIP: plain bytes, already checked through the bad-byte index.
    }
    q = e + 1;
  }
  return true;
}

/**
 * Parses the whole lines of buf[0, len) (len ≤ 2^20, the block ending with a LF), at most maxRows
 * of them. For line r: lines[3r] = start, lines[3r + 1] = end (its LF, or the CR before it), lines[3r + 2] = 1 when
 * parsed (its n slots at slots + 8·n·r: kept values, security codes, dates and kept texts), else 0.
 * Returns the number of lines.
 */
export function parseBlock(
  buf: usize,
  len: i32,
  n: i32,
  plan: usize,
  codes: usize,
  seps: usize,
  bads: usize,
  lfs: usize,
  lines: usize,
  slots: usize,
  maxRows: i32,
  known: u32,
  nsMin: u64,
  nsMax: u64,
): i32 {
  const nl = index(buf, len, seps, bads, lfs);
  const rows = nl < maxRows ? nl : maxRows;
  let s: i32 = 0;
  let start: i32 = 0;
  let bi: i32 = 0;
  let nextBad = load<i32>(bads);
  for (let row: i32 = 0; row < rows; row++) {
    const k = load<i32>(lfs + ((<usize>row) << 2));
    const lf = load<i32>(seps + ((<usize>k) << 2));
    // A CRLF line ends before its CR, as the line splitter cuts it (the CR is in bads, at `end`).
    const end = lf > start && load<u8>(buf + <usize>(lf - 1)) == 0x0d ? lf - 1 : lf;
    while (nextBad < start) {
      bi++;
      nextBad = load<i32>(bads + ((<usize>bi) << 2));
    }
    const ok =
      k - s + 1 == n &&
      nextBad >= end &&
      end > start &&
      <u32>load<u8>(buf + <usize>start) > 0x20 &&
      fields(buf, start, seps, s, n, plan, codes, slots + <usize>(row * n) * 8, known, nsMin, nsMax, end);
    const at = lines + <usize>(row * 3) * 4;
    store<i32>(at, start);
    store<i32>(at + 4, end);
    store<i32>(at + 8, ok ? 1 : 0);
    s = k + 1;
    start = lf + 1;
  }
  return rows;
}
