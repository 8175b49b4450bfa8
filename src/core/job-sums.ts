import { CELL_COUNT, cellIndex } from "./cells.js";
import type { SweepMetrics } from "./metrics.js";

/**
 * A job's complete additive sums: everything the aggregated tables need, so that aggregation
 * merges sums and never reads a job's per-sweep rows. Every field is a count, a sum of integer
 * shares, a sum of integer ticks or a sum of whole micro-AUD, so the sums of disjoint sets of sweeps
 * add up exactly to the sums of their union; ratios are derived only when a table is printed.
 */

/** The count and quantity fields of {@link SweepSums} (JS numbers: integer shares and counts), in a stable order. */
export const SWEEP_COUNT_FIELDS = [
  "sweeps",
  "group1Sweeps",
  "group2Sweeps",
  "group3Sweeps",
  "qty",
  "realFilled",
  "realTrades",
  "simFilled",
  "simFills",
  "comparedQty",
  "costOrders",
  "simulatedSweeps",
  "simulatedQty",
] as const;

/** The money fields of {@link SweepSums} (bigint: ticks, half ticks and micro-AUD), in a stable order. */
export const SWEEP_MONEY_FIELDS = [
  "realValueTicks",
  "simValueHalfTicks",
  "comparedValueMicroAud",
  "savingsMicroAud",
  "costMidpointMicroAud",
  "costHalfSpreadMicroAud",
  "costImpactMicroAud",
] as const;

/**
 * Additive sums over a set of sweep orders of ONE job (one security, so one price scale): counts
 * and shares as integers; `realValueTicks` in ticks and `simValueHalfTicks` in half ticks of the
 * job's decimals; `comparedValueMicroAud` (Σ real VWAP × compared qty, rounded half up once per
 * order), savings and the cost scenarios in whole micro-AUD. The simulated fields, `simulatedSweeps`
 * and `simulatedQty` count only sweeps that were simulated (a final-state job's are not).
 */
export type SweepSums = Record<(typeof SWEEP_COUNT_FIELDS)[number], number> &
  Record<(typeof SWEEP_MONEY_FIELDS)[number], bigint>;

/**
 * The sums of one job, by every grouping the aggregated tables use: `cells[(group − 1)·3 + band]`
 * (9 cells, always); per participant id (ascending; within a job this is also the (date,
 * security, participant) series of `time_series_analysis`); per minute of the Sydney day the sweep
 * was placed in (⌊placedNs / 60 s⌋, ascending, only minutes with sweeps), the finest grain of the
 * `time_of_day` buckets, so any session window and bucket width can be summed from it later.
 */
export interface JobSums {
  cells: SweepSums[];
  participants: { participantId: number; sums: SweepSums }[];
  minutes: { minute: number; sums: SweepSums }[];
}

/** One sweep order's values, as {@link JobSumsBuilder.add} sums them. */
export interface SweepValues {
  group: number;
  /** Size band index 0..2 (Small, Medium, Large). */
  band: number;
  participantId: number;
  /** ns since Sydney local midnight. */
  placedNs: number;
  qty: number;
  realFilled: number;
  realValueTicks: number;
  realTrades: number;
  /** False: not simulated (a final-state job); the simulated values below are then ignored. */
  simulated: boolean;
  simFilled: number;
  simValueHalfTicks: number;
  simFills: number;
  comparedQty: number;
  savingsMicroAud: number;
  /** Whether the order has a mean NBBO midpoint (a cost-scenario order when it also has a real fill). */
  hasMeanMid: boolean;
  costMidpointMicroAud: number;
  costHalfSpreadMicroAud: number;
  costImpactMicroAud: number;
}

/** All-zero sums. */
export function emptySweepSums(): SweepSums {
  const s: Record<string, number | bigint> = {};
  for (const f of SWEEP_COUNT_FIELDS) s[f] = 0;
  for (const f of SWEEP_MONEY_FIELDS) s[f] = 0n;
  return s as SweepSums;
}

/** a += b, field by field; returns a. */
export function addSweepSums(a: SweepSums, b: SweepSums): SweepSums {
  for (const f of SWEEP_COUNT_FIELDS) a[f] += b[f];
  for (const f of SWEEP_MONEY_FIELDS) a[f] += b[f];
  return a;
}

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

/** Builds a job's {@link JobSums} one sweep at a time, in any order. */
export class JobSumsBuilder {
  private readonly cells = Array.from({ length: CELL_COUNT }, emptySweepSums);
  private readonly participants = new Map<number, SweepSums>();
  private readonly minutes = new Map<number, SweepSums>();

  /** `decimals`: the job's DecimalsInPrice, the scale of its compared value in micro-AUD. */
  constructor(private readonly decimals: number) {}

  /** Adds one sweep order to its cell, its participant and its minute. */
  add(v: SweepValues): void {
    const compared = v.simulated
      ? comparedValueMicroAud(v.realValueTicks, v.comparedQty, v.realFilled, this.decimals)
      : 0n;
    const real = BigInt(v.realValueTicks);
    const simValue = v.simulated ? BigInt(v.simValueHalfTicks) : 0n;
    const savings = v.simulated ? BigInt(v.savingsMicroAud) : 0n;
    const costMid = BigInt(v.costMidpointMicroAud);
    const costHalf = BigInt(v.costHalfSpreadMicroAud);
    const costImpact = BigInt(v.costImpactMicroAud);
    const minute = Math.floor(v.placedNs / NS_PER_MINUTE);
    const targets = [
      this.cells[cellIndex(v.group, v.band)] as SweepSums,
      entry(this.participants, v.participantId),
      entry(this.minutes, minute),
    ];
    for (const s of targets) {
      s.sweeps++;
      if (v.group === 1) s.group1Sweeps++;
      else if (v.group === 2) s.group2Sweeps++;
      else s.group3Sweeps++;
      s.qty += v.qty;
      s.realFilled += v.realFilled;
      s.realTrades += v.realTrades;
      if (v.realFilled > 0 && v.hasMeanMid) s.costOrders++;
      s.realValueTicks += real;
      s.costMidpointMicroAud += costMid;
      s.costHalfSpreadMicroAud += costHalf;
      s.costImpactMicroAud += costImpact;
      if (!v.simulated) continue;
      s.simulatedSweeps++;
      s.simulatedQty += v.qty;
      s.simFilled += v.simFilled;
      s.simFills += v.simFills;
      s.comparedQty += v.comparedQty;
      s.simValueHalfTicks += simValue;
      s.comparedValueMicroAud += compared;
      s.savingsMicroAud += savings;
    }
  }

  /** The sums of the sweeps added so far (participants and minutes ascending). */
  sums(): JobSums {
    const sorted = (m: Map<number, SweepSums>): [number, SweepSums][] => [...m].sort(([a], [b]) => a - b);
    return {
      cells: this.cells,
      participants: sorted(this.participants).map(([participantId, sums]) => ({ participantId, sums })),
      minutes: sorted(this.minutes).map(([minute, sums]) => ({ minute, sums })),
    };
  }
}

function entry(m: Map<number, SweepSums>, key: number): SweepSums {
  let s = m.get(key);
  if (s === undefined) m.set(key, (s = emptySweepSums()));
  return s;
}

/** The {@link JobSums} of a job's per-sweep metrics, at the job's price `decimals`. */
export function jobSums(m: SweepMetrics, decimals: number): JobSums {
  const b = new JobSumsBuilder(decimals);
  for (let i = 0; i < m.length; i++)
    b.add({
      group: m.group[i] as number,
      band: m.band[i] as number,
      participantId: m.participantId[i] as number,
      placedNs: m.placedNs[i] as number,
      qty: m.qty[i] as number,
      realFilled: m.realFilled[i] as number,
      realValueTicks: m.realValueTicks[i] as number,
      realTrades: m.realTrades[i] as number,
      simulated: m.simulated[i] === 1,
      simFilled: m.simFilled[i] as number,
      simValueHalfTicks: m.simValueHalfTicks[i] as number,
      simFills: m.simFills[i] as number,
      comparedQty: m.comparedQty[i] as number,
      savingsMicroAud: m.savingsMicroAud[i] as number,
      hasMeanMid: !Number.isNaN(m.meanMidHalfTicks[i]),
      costMidpointMicroAud: m.costMidpointMicroAud[i] as number,
      costHalfSpreadMicroAud: m.costHalfSpreadMicroAud[i] as number,
      costImpactMicroAud: m.costImpactMicroAud[i] as number,
    });
  return b.sums();
}
