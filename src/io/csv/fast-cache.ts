import { parseField } from "../../model/fields.js";
import { tradingDate } from "../../model/time.js";

/*
 * The two per-file caches of the fast ingest path (fast-row.ts): security codes and dates interned
 * by a hash of their bytes (each validated once by `parseField`), and the Sydney trading date of the
 * last UTC hour looked up (exactly how model/time.ts defines it). A base class rather than a member
 * object so the row loop calls `this.intern` / `this.dateOf` directly, with no extra load per row.
 */

const NS_PER_HOUR = 3_600_000_000_000n;
/** Most distinct codes/dates interned per file (more is not real data: the rest take the general path). */
const MAX_INTERNED = 100_000;

/** The interned codes/dates and the trading-date hour cache of one file's fast path. */
export class FastRowCache {
  private readonly interned = new Map<number, string>();
  // The UTC hour [start, end) of the last trading-date lookup, as 32-bit halves, and its date.
  private hourStartHi = 0;
  private hourStartLo = 0;
  private hourEndHi = 0;
  private hourEndLo = 0;
  private hourDate = "";

  /** The one string for these bytes (validated once as `kind`), or undefined when the general path must decide. */
  protected intern(buf: Buffer, from: number, to: number, hash: number, kind: "security" | "date"): string | undefined {
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
    // Only text that is its own value: a padded " 110621" parses (trimmed) but must not be kept as is.
    if (parseField(kind, text) !== text) return undefined;
    this.interned.set(key, text);
    return text;
  }

  /** The Sydney trading date of the timestamp hi·2^32 + lo, cached per UTC hour as model/time.ts defines it. */
  protected dateOf(hi: number, lo: number): string {
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
