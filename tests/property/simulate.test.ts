/**
 * Property test of the midpoint matching replay against a deliberately naive reference model (plain
 * arrays of live orders, rescanned and re-sorted on every arrival, linear quote scans), over seeded
 * random event streams with amends, exits, real executions, minimum quantities, market orders, lit
 * orders, session boundaries and quote gaps. Fills must agree exactly. A failing seed goes into
 * REGRESSION_SEEDS.
 */
import { describe, expect, it } from "vitest";
import { simulateMidpoint, type SimulationOptions, type SimulationResult } from "../../src/core/simulate.js";
import { CENTRE_POINT_MASK, EXIT_REASONS } from "../../src/model/codes.js";
import { allocOrderEvents, allocQuoteSeries, type OrderEvents, type QuoteSeries } from "../../src/model/partition.js";
import { mulberry32 } from "../fixtures/prng.js";

/** Seeds that once failed; checked first. */
const REGRESSION_SEEDS: number[] = [];
const RANDOM_SEEDS = 10_000;

type Rng = () => number;
const intIn = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

interface Row {
  id: number;
  t: number;
  side: number;
  price: number;
  orderType: number;
  otype: number;
  reason: number;
  qty: number;
  matched: number;
  minQty: number;
  sfMinQty: number;
}

const EXITS = [...EXIT_REASONS];
const CP_TYPES = [64, 64, 256, 2048, 2048, 4096, 4098];
const LIT_TYPES = [0, 2];

/** A random price: sometimes 0 (no limit), else around the 1000-tick quotes. */
function randomPrice(rng: Rng): { price: number; orderType: number } {
  const r = rng();
  if (r < 0.15) return { price: rng() < 0.5 ? 0 : 1000, orderType: 2 };
  if (r < 0.2) return { price: rng() < 0.5 ? 0 : 1001, orderType: 3 };
  return { price: rng() < 0.05 ? 0 : intIn(rng, 996, 1004), orderType: 1 };
}

function randomStream(rng: Rng): { orders: OrderEvents; quotes: QuoteSeries; options: SimulationOptions } {
  const n = intIn(rng, 1, 90);
  const rows: Row[] = [];
  const known: Row[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += rng() < 0.3 ? 0 : intIn(rng, 1, 3);
    const a = rng();
    const prev = known.length > 0 ? pick(rng, known) : undefined;
    if (prev === undefined || a < 0.5) {
      const { price, orderType } = randomPrice(rng);
      const qty = intIn(rng, 1, 10) * 10;
      const r = rng();
      const row: Row = {
        id: known.length + 1,
        t,
        side: rng() < 0.5 ? 1 : 2,
        price,
        orderType,
        otype: rng() < 0.85 ? pick(rng, CP_TYPES) : pick(rng, LIT_TYPES),
        reason: r < 0.04 ? pick(rng, EXITS) : r < 0.08 ? 3 : r < 0.1 ? 30 : 6,
        qty,
        matched: rng() < 0.1 ? intIn(rng, 0, qty) : 0,
        minQty: rng() < 0.3 ? intIn(rng, 1, qty) : 0,
        sfMinQty: rng() < 0.2 ? intIn(rng, 1, 60) : 0,
      };
      known.push(row);
      rows.push(row);
      continue;
    }
    // A later row of an existing order; its type bits sometimes change (the first row decides).
    const row: Row = { ...prev, t, otype: rng() < 0.1 ? pick(rng, [0, 64, 2048]) : prev.otype };
    if (a < 0.68) {
      const p = randomPrice(rng);
      Object.assign(row, { reason: 5, qty: intIn(rng, 0, 12) * 10, price: p.price, orderType: p.orderType });
    } else if (a < 0.84) row.reason = pick(rng, EXITS);
    else if (a < 0.94) Object.assign(row, { reason: 3, matched: Math.min(row.qty, row.matched + 10) });
    else row.reason = pick(rng, [6, 30, 48, 49, 50]);
    rows.push(row);
  }
  const o = allocOrderEvents(rows.length);
  rows.forEach((r, i) => {
    o.orderId[i] = BigInt(r.id) + 7_904_794_000_000_000_000n;
    o.tNs[i] = r.t;
    o.sequence[i] = i;
    o.priceTicks[i] = r.price;
    o.side[i] = r.side;
    o.changeReason[i] = r.reason;
    o.orderType[i] = r.orderType;
    o.exchangeOrderType[i] = r.otype;
    o.qty[i] = r.qty;
    o.matchedQty[i] = r.matched;
    o.leavesQty[i] = r.qty - r.matched;
    o.minQty[i] = r.minQty;
    o.singleFillMinQty[i] = r.sfMinQty;
  });
  const nq = intIn(rng, 0, 25);
  const q = allocQuoteSeries(nq);
  let qt = intIn(rng, -2, 4);
  for (let i = 0; i < nq; i++) {
    qt += rng() < 0.2 ? 0 : intIn(rng, 1, 8);
    q.tNs[i] = qt;
    const g = rng();
    // Mostly two-sided quotes around 1000 (odd and even spreads), else a gap: one side 0 or crossed.
    q.bidTicks[i] = g < 0.08 ? 0 : g < 0.14 ? 1003 : intIn(rng, 996, 1000);
    q.offerTicks[i] = g > 0.94 ? 0 : intIn(rng, 1000, 1004);
  }
  const start = rng() < 0.3 ? -1 : intIn(rng, 0, Math.max(0, t / 3));
  const end = rng() < 0.3 ? t + 1 : start + intIn(rng, 0, t + 2);
  return {
    orders: o,
    quotes: q,
    options: { centrePointMask: CENTRE_POINT_MASK, sessionStartNs: start, sessionEndNs: end },
  };
}

interface RefOrder {
  id: bigint;
  firstRow: number;
  arrivalT: number;
  arrivalSeq: number;
  side: number;
  /** Limit in ticks, or undefined for none. */
  limit: number | undefined;
  available: number;
  minEach: number;
  live: boolean;
  filled: number;
  value: number;
  fills: number;
}

type Fill = [tNs: number, aggressorRow: number, restingRow: number, qty: number, midHalfTicks: number];

function refLimit(o: OrderEvents, r: number): number | undefined {
  const type = o.orderType[r] as number;
  const price = o.priceTicks[r] as number;
  return type === 2 || type === 3 || price === 0 ? undefined : price;
}

function refMid(q: QuoteSeries, time: number): number | undefined {
  let k = -1;
  for (let i = 0; i < q.length; i++) if ((q.tNs[i] as number) <= time) k = i;
  if (k < 0) return undefined;
  const bid = q.bidTicks[k] as number;
  const offer = q.offerTicks[k] as number;
  return bid > 0 && offer > 0 && bid <= offer ? bid + offer : undefined;
}

const acceptsRef = (o: RefOrder, mid: number): boolean =>
  o.limit === undefined || (o.side === 1 ? 2 * o.limit >= mid : 2 * o.limit <= mid);
const minFillRef = (o: RefOrder): number => Math.min(o.minEach, o.available);

/** The rules of simulateMidpoint, written the slow and obvious way. */
function reference(o: OrderEvents, q: QuoteSeries, opt: SimulationOptions): { orders: RefOrder[]; fills: Fill[] } {
  const isCp = new Map<bigint, RefOrder | null>();
  const orders: RefOrder[] = [];
  const fills: Fill[] = [];
  for (let r = 0; r < o.length; r++) {
    const id = o.orderId[r] as bigint;
    const t = o.tNs[r] as number;
    const reason = o.changeReason[r] as number;
    if (!isCp.has(id)) {
      if (((o.exchangeOrderType[r] as number) & opt.centrePointMask) === 0) {
        isCp.set(id, null);
        continue;
      }
      const a: RefOrder = {
        id,
        firstRow: r,
        arrivalT: t,
        arrivalSeq: o.sequence[r] as number,
        side: o.side[r] as number,
        limit: refLimit(o, r),
        available: (o.qty[r] as number) - (o.matchedQty[r] as number),
        minEach: Math.max(o.minQty[r] as number, o.singleFillMinQty[r] as number),
        live: false,
        filled: 0,
        value: 0,
        fills: 0,
      };
      isCp.set(id, a);
      orders.push(a);
      if (t >= opt.sessionEndNs || EXIT_REASONS.has(reason) || a.available <= 0) continue;
      const mid = t >= opt.sessionStartNs ? refMid(q, t) : undefined;
      if (mid !== undefined && acceptsRef(a, mid)) {
        const opposite = orders
          .filter((x) => x.live && x.side !== a.side)
          .sort((x, y) => x.arrivalT - y.arrivalT || x.arrivalSeq - y.arrivalSeq);
        for (const c of opposite) {
          if (a.available <= 0) break;
          if (c === a || !acceptsRef(c, mid)) continue;
          const qty = Math.min(a.available, c.available);
          if (qty < minFillRef(a) || qty < minFillRef(c)) continue;
          for (const x of [a, c]) {
            x.available -= qty;
            x.filled += qty;
            x.value += qty * mid;
            x.fills++;
          }
          if (c.available === 0) c.live = false;
          fills.push([t, a.firstRow, c.firstRow, qty, mid]);
        }
      }
      a.live = a.available > 0;
      continue;
    }
    const s = isCp.get(id);
    if (s === null || s === undefined || !s.live || t >= opt.sessionEndNs) continue;
    if (reason === 5) {
      s.available = (o.qty[r] as number) - s.filled;
      s.limit = refLimit(o, r);
      if (s.available <= 0) s.live = false;
    } else if (EXIT_REASONS.has(reason)) s.live = false;
  }
  return { orders, fills };
}

function describeMismatch(res: SimulationResult, ref: { orders: RefOrder[]; fills: Fill[] }): string | undefined {
  const got = res.fillList.map((f): Fill => [f.tNs, f.aggressorRow, f.restingRow, f.qty, f.midHalfTicks]);
  if (JSON.stringify(got) !== JSON.stringify(ref.fills)) {
    return `fills ${JSON.stringify(got)} ≠ reference ${JSON.stringify(ref.fills)}`;
  }
  if (res.orderId.length !== ref.orders.length) return `${res.orderId.length} orders ≠ ${ref.orders.length}`;
  for (let k = 0; k < ref.orders.length; k++) {
    const e = ref.orders[k] as RefOrder;
    const g = [
      res.orderId[k],
      res.firstRow[k],
      res.filledQty[k],
      res.valueHalfTicks[k],
      res.fills[k],
      res.index.get(e.id),
    ];
    const w = [e.id, e.firstRow, e.filled, e.value, e.fills, k];
    if (g.some((v, i) => v !== w[i])) return `order ${k}: ${g.join(",")} ≠ reference ${w.join(",")}`;
  }
  if (res.index.size !== ref.orders.length) return `index size ${res.index.size}`;
  return undefined;
}

describe("simulateMidpoint (property, against a naive reference)", () => {
  it("gives exactly the reference's fills on thousands of seeded random event streams", () => {
    const failures: string[] = [];
    let totalFills = 0;
    let streamsWithFills = 0;
    for (const seed of [...REGRESSION_SEEDS, ...Array.from({ length: RANDOM_SEEDS }, (_, i) => i + 1)]) {
      const { orders, quotes, options } = randomStream(mulberry32(seed));
      const res = simulateMidpoint(orders, quotes, options);
      const ref = reference(orders, quotes, options);
      const bad = describeMismatch(res, ref);
      if (bad !== undefined) failures.push(`seed ${seed}: ${bad}`);
      totalFills += ref.fills.length;
      if (ref.fills.length > 0) streamsWithFills++;
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // The streams exercise the matching: most have fills.
    expect(streamsWithFills).toBeGreaterThan(RANDOM_SEEDS / 2);
    expect(totalFills).toBeGreaterThan(RANDOM_SEEDS * 2);
  });
});
