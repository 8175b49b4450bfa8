import { CELL_COUNT, cellIndex } from "./cells.js";
import type { SweepMetrics } from "./metrics.js";
import {
  SWEEP_COUNT_FIELDS,
  SWEEP_MONEY_FIELDS,
  type JobSums,
  type SweepSums,
  type SweepValues,
} from "./sweep-sums.js";

export {
  SWEEP_COUNT_FIELDS,
  SWEEP_MONEY_FIELDS,
  addSweepSums,
  emptySweepSums,
  type JobSums,
  type SweepSums,
  type SweepValues,
} from "./sweep-sums.js";

const SCALE = [1_000_000n, 100_000n, 10_000n, 1_000n, 100n, 10n, 1n] as const;

/**
 * The real value of a sweep's compared quantity, real VWAP × comparedQty, in whole micro-AUD
 * rounded half up once per order: the denominator of savings in basis points. 0n when nothing was
 * compared, and for decimals outside 0..6 (such a job cannot be aggregated: `bad_decimals`).
 */
export function comparedValueMicroAud(
  realValueTicks: number,
  comparedQty: number,
  realFilled: number,
  decimals: number,
): bigint {
  const scale = SCALE[decimals];
  if (scale === undefined || comparedQty <= 0 || realFilled <= 0) return 0n;
  const num = BigInt(realValueTicks) * BigInt(comparedQty) * scale;
  const den = BigInt(realFilled);
  const q = num / den;
  return 2n * (num % den) >= den ? q + 1n : q;
}

const NS_PER_MINUTE = 60_000_000_000;

const COUNT = (f: (typeof SWEEP_COUNT_FIELDS)[number]): number => SWEEP_COUNT_FIELDS.indexOf(f);
const MONEY = (f: (typeof SWEEP_MONEY_FIELDS)[number]): number => SWEEP_MONEY_FIELDS.indexOf(f);
const [SWEEPS, G1, G2, G3, QTY, REAL_FILLED, REAL_TRADES, SIM_FILLED, SIM_FILLS, COMPARED_QTY, COST_ORDERS] = [
  COUNT("sweeps"),
  COUNT("group1Sweeps"),
  COUNT("group2Sweeps"),
  COUNT("group3Sweeps"),
  COUNT("qty"),
  COUNT("realFilled"),
  COUNT("realTrades"),
  COUNT("simFilled"),
  COUNT("simFills"),
  COUNT("comparedQty"),
  COUNT("costOrders"),
] as const;
const [SIMULATED_SWEEPS, SIMULATED_QTY] = [COUNT("simulatedSweeps"), COUNT("simulatedQty")] as const;
const [REAL_VALUE, SIM_VALUE, COMPARED_VALUE, SAVINGS, COST_MID, COST_HALF, COST_IMPACT] = [
  MONEY("realValueTicks"),
  MONEY("simValueHalfTicks"),
  MONEY("comparedValueMicroAud"),
  MONEY("savingsMicroAud"),
  MONEY("costMidpointMicroAud"),
  MONEY("costHalfSpreadMicroAud"),
  MONEY("costImpactMicroAud"),
] as const;

const TWO_53 = 2 ** 53;
const TWO_52 = 2 ** 52;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** A money value as a BigInt would take it: throws RangeError (as `BigInt(x)`) unless x is an integer. */
function whole(x: number): number {
  if (!Number.isInteger(x)) BigInt(x); // throws, with BigInt's own message
  return x;
}

/**
 * One target's sums while building: the counts as numbers (added as the fields were), the money
 * exactly, without a BigInt per addition: an integer partial sum is kept as a number while its
 * magnitude stays below 2^53 (every integer there is exact, and a rounded sum at or beyond 2^53
 * means the exact one is too) and moved into a bigint otherwise.
 */
class Acc {
  readonly counts = new Float64Array(SWEEP_COUNT_FIELDS.length);
  readonly money = new Float64Array(SWEEP_MONEY_FIELDS.length);
  readonly big: bigint[] = SWEEP_MONEY_FIELDS.map(() => 0n);

  /** money[k] += v, exactly; `v` an integer. */
  add(k: number, v: number): void {
    const t = (this.money[k] as number) + v;
    if (t < TWO_53 && t > -TWO_53) this.money[k] = t;
    else {
      this.big[k] = (this.big[k] as bigint) + BigInt(this.money[k] as number) + BigInt(v);
      this.money[k] = 0;
    }
  }

  /** money[k] += v for a bigint v. */
  addBig(k: number, v: bigint): void {
    if (v <= MAX_EXACT && v >= -MAX_EXACT) this.add(k, Number(v));
    else this.big[k] = (this.big[k] as bigint) + v;
  }

  /** The sums as {@link SweepSums} (fields in {@link emptySweepSums}' order). */
  sums(): SweepSums {
    const s: Record<string, number | bigint> = {};
    SWEEP_COUNT_FIELDS.forEach((f, k) => (s[f] = this.counts[k] as number));
    SWEEP_MONEY_FIELDS.forEach((f, k) => (s[f] = (this.big[k] as bigint) + BigInt(this.money[k] as number)));
    return s as SweepSums;
  }
}

/**
 * {@link comparedValueMicroAud} as a number when the whole computation is exact in doubles
 * (numerator and denominator below 2^52: the quotient is corrected to the exact floor and the
 * remainder is exact), else as the bigint it returns. Equal values either way.
 */
function comparedValue(
  realValueTicks: number,
  comparedQty: number,
  realFilled: number,
  decimals: number,
): number | bigint {
  const scale = SCALE[decimals];
  if (scale === undefined || comparedQty <= 0 || realFilled <= 0) return 0;
  const num = realValueTicks * comparedQty * 10 ** (6 - decimals);
  if (
    !(Number.isInteger(realValueTicks) && Number.isInteger(comparedQty) && Number.isInteger(realFilled)) ||
    !(num < TWO_52 && num > -TWO_52 && realFilled < TWO_52)
  )
    return comparedValueMicroAud(realValueTicks, comparedQty, realFilled, decimals);
  const den = realFilled;
  let q = Math.trunc(num / den); // BigInt division truncates toward zero
  let r = num - q * den; // exact: |q·den| < 2^53
  if (num >= 0 ? r < 0 : r > 0) {
    q += num >= 0 ? -1 : 1;
    r = num - q * den;
  } else if (num >= 0 ? r >= den : r <= -den) {
    q += num >= 0 ? 1 : -1;
    r = num - q * den;
  }
  return 2 * r >= den ? q + 1 : q;
}

/** Builds a job's {@link JobSums} one sweep at a time, in any order. */
export class JobSumsBuilder {
  private readonly cells = Array.from({ length: CELL_COUNT }, () => new Acc());
  private readonly participants = new Map<number, Acc>();
  private readonly minutes = new Map<number, Acc>();

  /** `decimals`: the job's DecimalsInPrice, the scale of its compared value in micro-AUD. */
  constructor(private readonly decimals: number) {}

  /** Adds one sweep order to its cell, its participant and its minute. */
  add(v: SweepValues): void {
    const compared = v.simulated ? comparedValue(v.realValueTicks, v.comparedQty, v.realFilled, this.decimals) : 0;
    // Every money value converted first, as BigInt() would (a non-integer throws before any sum changes).
    const real = whole(v.realValueTicks);
    const simValue = v.simulated ? whole(v.simValueHalfTicks) : 0;
    const savings = v.simulated ? whole(v.savingsMicroAud) : 0;
    const costMid = whole(v.costMidpointMicroAud);
    const costHalf = whole(v.costHalfSpreadMicroAud);
    const costImpact = whole(v.costImpactMicroAud);
    const minute = Math.floor(v.placedNs / NS_PER_MINUTE);
    const cell = this.cells[cellIndex(v.group, v.band)] as Acc;
    const group = v.group === 1 ? G1 : v.group === 2 ? G2 : G3;
    const costOrder = v.realFilled > 0 && v.hasMeanMid;
    for (let t = 0; t < 3; t++) {
      const a = t === 0 ? cell : entry(t === 1 ? this.participants : this.minutes, t === 1 ? v.participantId : minute);
      const c = a.counts;
      c[SWEEPS] = (c[SWEEPS] as number) + 1;
      c[group] = (c[group] as number) + 1;
      c[QTY] = (c[QTY] as number) + v.qty;
      c[REAL_FILLED] = (c[REAL_FILLED] as number) + v.realFilled;
      c[REAL_TRADES] = (c[REAL_TRADES] as number) + v.realTrades;
      if (costOrder) c[COST_ORDERS] = (c[COST_ORDERS] as number) + 1;
      a.add(REAL_VALUE, real);
      a.add(COST_MID, costMid);
      a.add(COST_HALF, costHalf);
      a.add(COST_IMPACT, costImpact);
      if (!v.simulated) continue;
      c[SIMULATED_SWEEPS] = (c[SIMULATED_SWEEPS] as number) + 1;
      c[SIMULATED_QTY] = (c[SIMULATED_QTY] as number) + v.qty;
      c[SIM_FILLED] = (c[SIM_FILLED] as number) + v.simFilled;
      c[SIM_FILLS] = (c[SIM_FILLS] as number) + v.simFills;
      c[COMPARED_QTY] = (c[COMPARED_QTY] as number) + v.comparedQty;
      a.add(SIM_VALUE, simValue);
      if (typeof compared === "number") a.add(COMPARED_VALUE, compared);
      else a.addBig(COMPARED_VALUE, compared);
      a.add(SAVINGS, savings);
    }
  }

  /** The sums of the sweeps added so far (participants and minutes ascending). */
  sums(): JobSums {
    const sorted = (m: Map<number, Acc>): [number, Acc][] => [...m].sort(([a], [b]) => a - b);
    return {
      cells: this.cells.map((a) => a.sums()),
      participants: sorted(this.participants).map(([participantId, a]) => ({ participantId, sums: a.sums() })),
      minutes: sorted(this.minutes).map(([minute, a]) => ({ minute, sums: a.sums() })),
    };
  }
}

function entry(m: Map<number, Acc>, key: number): Acc {
  let a = m.get(key);
  if (a === undefined) m.set(key, (a = new Acc()));
  return a;
}

/** The {@link JobSums} of a job's per-sweep metrics, at the job's price `decimals`. */
export function jobSums(m: SweepMetrics, decimals: number): JobSums {
  const b = new JobSumsBuilder(decimals);
  // One values object, refilled per sweep (add keeps nothing of it).
  const v: SweepValues = {
    group: 0,
    band: 0,
    participantId: 0,
    placedNs: 0,
    qty: 0,
    realFilled: 0,
    realValueTicks: 0,
    realTrades: 0,
    simulated: false,
    simFilled: 0,
    simValueHalfTicks: 0,
    simFills: 0,
    comparedQty: 0,
    savingsMicroAud: 0,
    hasMeanMid: false,
    costMidpointMicroAud: 0,
    costHalfSpreadMicroAud: 0,
    costImpactMicroAud: 0,
  };
  for (let i = 0; i < m.length; i++) {
    v.group = m.group[i] as number;
    v.band = m.band[i] as number;
    v.participantId = m.participantId[i] as number;
    v.placedNs = m.placedNs[i] as number;
    v.qty = m.qty[i] as number;
    v.realFilled = m.realFilled[i] as number;
    v.realValueTicks = m.realValueTicks[i] as number;
    v.realTrades = m.realTrades[i] as number;
    v.simulated = m.simulated[i] === 1;
    v.simFilled = m.simFilled[i] as number;
    v.simValueHalfTicks = m.simValueHalfTicks[i] as number;
    v.simFills = m.simFills[i] as number;
    v.comparedQty = m.comparedQty[i] as number;
    v.savingsMicroAud = m.savingsMicroAud[i] as number;
    v.hasMeanMid = !Number.isNaN(m.meanMidHalfTicks[i]);
    v.costMidpointMicroAud = m.costMidpointMicroAud[i] as number;
    v.costHalfSpreadMicroAud = m.costHalfSpreadMicroAud[i] as number;
    v.costImpactMicroAud = m.costImpactMicroAud[i] as number;
    b.add(v);
  }
  return b.sums();
}
