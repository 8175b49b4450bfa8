import { describe, expect, it } from "vitest";
import { runJob } from "../../src/core/job.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition, type EventSpec } from "../fixtures/partition.js";

/*
 * One buy sweep S (id 1) of 100 filled at `fill` against a resting Centre Point sell R (id 11), while
 * the NBBO is bid/offer around `mid` the whole time: the mean mid over S's life is exactly `mid`.
 * impact_k_ticks re-prices the real fill at mid + k·step: cost = +1·(100·fill − 100·(mid + k·step)).
 */
function impactCost(decimals: number, mid: number, fill: number, impactTicks: number): number {
  const SWEEP = 2048;
  const events: EventSpec[] = [
    { orderId: 11, t: "10:00:01", side: 2, qty: 100, price: mid - 10, bid: mid - 5, offer: mid + 5 },
    { orderId: 1, t: "10:00:02", side: 1, qty: 100, price: fill, otype: SWEEP, bid: mid - 5, offer: mid + 5 },
    {
      orderId: 1,
      t: "10:00:02.000001",
      side: 1,
      qty: 100,
      price: fill,
      otype: SWEEP,
      reason: 3,
      matched: 100,
      status: 2,
      bid: mid - 5,
      offer: mid + 5,
    },
    {
      orderId: 11,
      t: "10:00:02.000002",
      side: 2,
      qty: 100,
      price: mid - 10,
      reason: 3,
      matched: 100,
      status: 2,
      bid: mid - 5,
      offer: mid + 5,
    },
  ];
  const p = buildPartition({
    decimals,
    events,
    trades: [
      { orderId: 1, t: "10:00:02.000001", matchGroupId: 1, price: fill, qty: 100, side: 1, aggressive: true },
      { orderId: 11, t: "10:00:02.000002", matchGroupId: 1, price: fill, qty: 100, side: 2 },
    ],
    quotes: [{ t: "09:59:00", bid: mid - 5, offer: mid + 5 }],
  });
  const r = runJob(p, { ...defaultAnalysisConfig(), impactTicks });
  expect(r.sweeps.length).toBe(1);
  expect(r.sweeps.meanMidHalfTicks[0]).toBe(2 * mid);
  expect(r.sweeps.realValueTicks[0]).toBe(100 * fill);
  return r.sweeps.costImpactMicroAud[0] as number;
}

describe("impactTicks counts exchange ticks of the instrument, not price units", () => {
  it("3 decimals at A$1.50: one tick is A$0.005 = 5 units", () => {
    // fill A$1.510 = 1510 units, mid A$1.500: 100·1510 − 100·(1500 + 1·5) = 500 units = A$0.50.
    // (Counting k in price units gave 100·1510 − 100·1501 = 900 units = A$0.90.)
    expect(impactCost(3, 1500, 1510, 1)).toBe(500_000);
    // k = 2: 100·1510 − 100·(1500 + 10) = 0.
    expect(impactCost(3, 1500, 1510, 2)).toBe(0);
  });
  it("2 decimals at A$33.40: one tick is A$0.01 = 1 unit", () => {
    // 100·3345 − 100·(3340 + 1) = 400 units = A$4.00.
    expect(impactCost(2, 3340, 3345, 1)).toBe(4_000_000);
  });
  it("3 decimals at A$2.50: one tick is A$0.01 = 10 units", () => {
    // 100·2520 − 100·(2500 + 10) = 1000 units = A$1.00.
    expect(impactCost(3, 2500, 2520, 1)).toBe(1_000_000);
  });
});
