import { describe, expect, it } from "vitest";
import {
  comparedValueMicroAud,
  emptySweepSums,
  JobSumsBuilder,
  type JobSums,
  type SweepSums,
  type SweepValues,
} from "../../src/core/job-sums.js";
import { cellIndex } from "../../src/core/cells.js";

/** The builder's arithmetic as it was: a BigInt per money value and per addition (the reference). */
function reference(values: SweepValues[], decimals: number): JobSums {
  const cells = Array.from({ length: 9 }, emptySweepSums);
  const participants = new Map<number, SweepSums>();
  const minutes = new Map<number, SweepSums>();
  const entry = (m: Map<number, SweepSums>, k: number): SweepSums => {
    if (!m.has(k)) m.set(k, emptySweepSums());
    return m.get(k)!;
  };
  for (const v of values) {
    const compared = v.simulated ? comparedValueMicroAud(v.realValueTicks, v.comparedQty, v.realFilled, decimals) : 0n;
    const minute = Math.floor(v.placedNs / 60e9);
    for (const s of [
      cells[cellIndex(v.group, v.band)]!,
      entry(participants, v.participantId),
      entry(minutes, minute),
    ]) {
      s.sweeps++;
      if (v.group === 1) s.group1Sweeps++;
      else if (v.group === 2) s.group2Sweeps++;
      else s.group3Sweeps++;
      s.qty += v.qty;
      s.realFilled += v.realFilled;
      s.realTrades += v.realTrades;
      if (v.realFilled > 0 && v.hasMeanMid) s.costOrders++;
      s.realValueTicks += BigInt(v.realValueTicks);
      s.costMidpointMicroAud += BigInt(v.costMidpointMicroAud);
      s.costHalfSpreadMicroAud += BigInt(v.costHalfSpreadMicroAud);
      s.costImpactMicroAud += BigInt(v.costImpactMicroAud);
      if (!v.simulated) continue;
      s.simulatedSweeps++;
      s.simulatedQty += v.qty;
      s.simFilled += v.simFilled;
      s.simFills += v.simFills;
      s.comparedQty += v.comparedQty;
      s.simValueHalfTicks += BigInt(v.simValueHalfTicks);
      s.comparedValueMicroAud += compared;
      s.savingsMicroAud += BigInt(v.savingsMicroAud);
    }
  }
  const sorted = (m: Map<number, SweepSums>) => [...m].sort(([a], [b]) => a - b);
  return {
    cells,
    participants: sorted(participants).map(([participantId, sums]) => ({ participantId, sums })),
    minutes: sorted(minutes).map(([minute, sums]) => ({ minute, sums })),
  };
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sweeps with money from small to near ±2^53 (so partial sums cross 2^53 both ways). */
function sweeps(n: number, seed: number, huge: boolean): SweepValues[] {
  const r = prng(seed);
  const int = (max: number): number => Math.floor(r() * max);
  const money = (): number => {
    const big = huge && r() < 0.3;
    const m = big ? Number.MAX_SAFE_INTEGER - int(1000) : int(10_000_000_000);
    return r() < 0.3 ? -m : m;
  };
  return Array.from({ length: n }, () => {
    const qty = 1 + int(huge && r() < 0.2 ? 2 ** 40 : 100_000);
    const realFilled = r() < 0.2 ? 0 : 1 + int(qty);
    return {
      group: 1 + int(3),
      band: int(3),
      participantId: 1000 + int(12),
      placedNs: 36_000e9 + int(21_600) * 1e9,
      qty,
      realFilled,
      realValueTicks:
        (r() < 0.1 ? -1 : 1) *
        (huge && r() < 0.3 ? Number.MAX_SAFE_INTEGER - int(99) : realFilled * (100 + int(50_000)) + int(7)),
      realTrades: int(5),
      simulated: r() < 0.8,
      simFilled: int(qty),
      simValueHalfTicks: money(),
      simFills: int(5),
      comparedQty: r() < 0.1 ? 0 : 1 + int(qty),
      savingsMicroAud: money(),
      hasMeanMid: r() < 0.9,
      costMidpointMicroAud: money(),
      costHalfSpreadMicroAud: money(),
      costImpactMicroAud: money(),
    };
  });
}

describe("JobSumsBuilder (money summed without a BigInt per addition)", () => {
  it.each([
    [0, false],
    [3, false],
    [6, false],
    [2, true],
    [4, true],
    [7, false],
  ])("equals the BigInt reference exactly, decimals %i, huge values %s", (decimals, huge) => {
    for (const seed of [1, 2, 3]) {
      const values = sweeps(3000, seed * 10 + decimals, huge);
      const b = new JobSumsBuilder(decimals);
      for (const v of values) b.add(v);
      expect(b.sums()).toEqual(reference(values, decimals));
    }
  });

  it("a sum past 2^53 is exact (a number sum would round)", () => {
    const b = new JobSumsBuilder(2);
    const v = sweeps(1, 5, false)[0]!;
    for (let i = 0; i < 4; i++) b.add({ ...v, costImpactMicroAud: Number.MAX_SAFE_INTEGER });
    b.add({ ...v, costImpactMicroAud: -3 });
    const cell = b.sums().cells[cellIndex(v.group, v.band)]!;
    expect(cell.costImpactMicroAud).toBe(4n * BigInt(Number.MAX_SAFE_INTEGER) - 3n);
  });

  it("a money value that is not an integer throws BigInt's RangeError before any sum changes", () => {
    const b = new JobSumsBuilder(2);
    const v = sweeps(1, 6, false)[0]!;
    b.add(v);
    const before = b.sums();
    expect(() => b.add({ ...v, costHalfSpreadMicroAud: 0.5 })).toThrow(RangeError);
    expect(() => b.add({ ...v, simulated: true, realFilled: 10, comparedQty: 3, realValueTicks: 1.5 })).toThrow(
      RangeError,
    );
    expect(b.sums()).toEqual(before);
  });
});
