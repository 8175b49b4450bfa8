import type { OrderEvents, QuoteSeries, TradeLegs } from "../model/partition.js";

/*
 * Rows delivered twice — a resent file, two extracts that overlap — are found by a key per row:
 *
 * - A trade leg is identified by (matchgroupid, orderid, side): one match pairs one buy leg and one
 *   sell leg, and an order takes part in a match once, on one side. A second leg with the same three
 *   values cannot exist in real exchange data, whatever its other fields say, so it is a repeat.
 * - An order event is identified by (order_id, timestamp, sequence): the exchange numbers every
 *   message of an order book, so one order cannot have two messages with one timestamp and one
 *   sequence. But some extracts fill `sequence` with 0 or a per-file counter, and then one order CAN
 *   show two real events in the same nanosecond (an execution and its fill-and-kill cancel) under one
 *   key. So a row counts as a repeat only when every field also equals the earlier row's (a copy
 *   dropped loses nothing); a row with the key of an earlier one but other values is "conflicting":
 *   counted and sampled, and kept, because it may be a real second event.
 */

/** A sampled repeated (or conflicting) order event: its key. `tNs` in ns since Sydney local midnight. */
export interface RepeatedOrderEvent {
  orderId: bigint;
  tNs: number;
  sequence: number;
}

/** A sampled repeated trade leg: its key and time (ns since Sydney local midnight). */
export interface RepeatedTradeLeg {
  matchGroupId: bigint;
  orderId: bigint;
  side: number;
  tNs: number;
}

/** Repeated rows of one table: a keep mask (1 = first occurrence or a kept row) and what was found. */
export interface Repeats<S> {
  /** 1 = keep the row (it is the first of its key, or a conflicting row that is kept). */
  keep: Uint8Array;
  /** Rows that repeat an earlier row (these are the rows {@link dropRows} removes). */
  repeated: number;
  /** Rows with an earlier row's key but other values (order events only; kept). */
  conflicting: number;
  /** The first `maxSample` repeated rows, in row order. */
  repeatedSample: S[];
  /** The first `maxSample` conflicting rows, in row order. */
  conflictingSample: S[];
}

const words = (a: BigUint64Array | BigInt64Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * For each row, the first earlier row with the same key (or −1): an open-addressing table of row
 * numbers over precomputed hashes, O(rows), no `bigint` and no string per row.
 */
function firstOfKey(hashes: Int32Array, same: (a: number, b: number) => boolean): Int32Array {
  const n = hashes.length;
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const slots = new Int32Array(cap); // row + 1; 0 = empty
  const slotHash = new Int32Array(cap); // the row's hash beside it: most probes need no other read
  const first = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) {
    const h = hashes[r] as number;
    let s = h & mask;
    for (;;) {
      const v = slots[s] as number;
      if (v === 0) {
        slots[s] = r + 1;
        slotHash[s] = h;
        break;
      }
      if (slotHash[s] === h && same(v - 1, r)) {
        first[r] = v - 1;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return first;
}

/** Longest run of rows with one (tNs, sequence) searched pairwise; a longer one falls back to hashing. */
const MAX_RUN = 64;

/**
 * {@link firstOfKey} for order events that are sorted by (tNs, sequence), as a partition's are: rows
 * with one key also share (tNs, sequence), so they are neighbours within a run of equal
 * (tNs, sequence), searched pairwise — one comparison per row in the usual run of 1. Undefined when
 * the rows are not sorted or a run is longer than {@link MAX_RUN} (the caller then hashes).
 */
function firstOfKeySorted(o: OrderEvents, same: (a: number, b: number) => boolean): Int32Array | undefined {
  const t = o.tNs;
  const seq = o.sequence;
  const first = new Int32Array(o.length).fill(-1);
  let start = 0;
  for (let r = 1; r < o.length; r++) {
    const dt = (t[r] as number) - (t[r - 1] as number);
    if (dt < 0 || (dt === 0 && (seq[r] as number) < (seq[r - 1] as number))) return undefined;
    if (dt !== 0 || seq[r] !== seq[r - 1]) {
      start = r;
      continue;
    }
    if (r - start > MAX_RUN) return undefined;
    for (let a = start; a < r; a++)
      if (same(a, r)) {
        first[r] = a;
        break;
      }
  }
  return first;
}

const ORDER_FIELDS = [
  "priceTicks",
  "side",
  "changeReason",
  "orderStatus",
  "orderType",
  "exchangeOrderType",
  "qty",
  "leavesQty",
  "matchedQty",
  "minQty",
  "singleFillMinQty",
  "nationalBidTicks",
  "nationalOfferTicks",
  "participantId",
] as const satisfies readonly (keyof OrderEvents)[];

/** Finds repeated order events (see the comment at the top of this file for what counts). */
export function findRepeatedOrderEvents(o: OrderEvents, maxSample = 10): Repeats<RepeatedOrderEvent> {
  const id = words(o.orderId);
  const ts = words(o.tsNs);
  const seq = o.sequence;
  const same = (a: number, b: number): boolean =>
    id[2 * a] === id[2 * b] &&
    id[2 * a + 1] === id[2 * b + 1] &&
    ts[2 * a] === ts[2 * b] &&
    ts[2 * a + 1] === ts[2 * b + 1] &&
    seq[a] === seq[b];
  let first = firstOfKeySorted(o, same);
  if (first === undefined) {
    const hashes = new Int32Array(o.length);
    for (let r = 0; r < o.length; r++) {
      const s = seq[r] as number;
      let h = mix(mix(0x9e3779b1, id[2 * r] as number), id[2 * r + 1] as number);
      h = mix(mix(h, ts[2 * r] as number), ts[2 * r + 1] as number);
      hashes[r] = mix(mix(h, s | 0), Math.floor(s / 4294967296) | 0);
    }
    first = firstOfKey(hashes, same);
  }
  const out = emptyRepeats<RepeatedOrderEvent>(o.length);
  for (let r = 0; r < o.length; r++) {
    const f = first[r] as number;
    if (f < 0) continue;
    const copy = ORDER_FIELDS.every((k) => o[k][r] === o[k][f]);
    const sample = { orderId: o.orderId[r] as bigint, tNs: o.tNs[r] as number, sequence: seq[r] as number };
    if (copy) {
      out.keep[r] = 0;
      if (out.repeated++ < maxSample) out.repeatedSample.push(sample);
    } else if (out.conflicting++ < maxSample) out.conflictingSample.push(sample);
  }
  return out;
}

/** Finds repeated trade legs: a second leg with an earlier leg's (matchgroupid, orderid, side). */
export function findRepeatedTradeLegs(t: TradeLegs, maxSample = 10): Repeats<RepeatedTradeLeg> {
  const id = words(t.orderId);
  const mg = words(t.matchGroupId);
  const side = t.side;
  const hashes = new Int32Array(t.length);
  for (let r = 0; r < t.length; r++) {
    const h = mix(mix(mix(0x9e3779b1, id[2 * r] as number), id[2 * r + 1] as number), mg[2 * r] as number);
    hashes[r] = mix(mix(h, mg[2 * r + 1] as number), side[r] as number);
  }
  const first = firstOfKey(
    hashes,
    (a, b) =>
      id[2 * a] === id[2 * b] &&
      id[2 * a + 1] === id[2 * b + 1] &&
      mg[2 * a] === mg[2 * b] &&
      mg[2 * a + 1] === mg[2 * b + 1] &&
      side[a] === side[b],
  );
  const out = emptyRepeats<RepeatedTradeLeg>(t.length);
  for (let r = 0; r < t.length; r++) {
    if ((first[r] as number) < 0) continue;
    out.keep[r] = 0;
    if (out.repeated++ < maxSample)
      out.repeatedSample.push({
        matchGroupId: t.matchGroupId[r] as bigint,
        orderId: t.orderId[r] as bigint,
        side: side[r] as number,
        tNs: t.tNs[r] as number,
      });
  }
  return out;
}

function emptyRepeats<S>(n: number): Repeats<S> {
  return { keep: new Uint8Array(n).fill(1), repeated: 0, conflicting: 0, repeatedSample: [], conflictingSample: [] };
}

/**
 * The rows of a column table whose `keep` is 1, in order: every typed-array column of length
 * `cols.length` is copied; the same object when every row is kept (no copy in the usual case).
 */
export function dropRows<T extends OrderEvents | TradeLegs | QuoteSeries>(cols: T, keep: Uint8Array): T {
  // The kept rows as runs [from, to): whole runs are copied with subarray/set, whatever the column type.
  const runs: number[] = [];
  let kept = 0;
  for (let r = 0; r < cols.length;) {
    if (keep[r] !== 1) {
      r++;
      continue;
    }
    const from = r;
    while (r < cols.length && keep[r] === 1) r++;
    runs.push(from, r);
    kept += r - from;
  }
  if (kept === cols.length) return cols;
  const out: Record<string, unknown> = { length: kept };
  for (const [name, col] of Object.entries(cols)) {
    if (name === "length") continue;
    const from = col as Float64Array;
    const to = new (from.constructor as Float64ArrayConstructor)(kept);
    for (let i = 0, w = 0; i < runs.length; i += 2) {
      const a = runs[i] as number;
      const b = runs[i + 1] as number;
      to.set(from.subarray(a, b), w);
      w += b - a;
    }
    out[name] = to;
  }
  return out as T;
}
