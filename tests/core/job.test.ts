import { describe, expect, it } from "vitest";
import { runJob } from "../../src/core/job.js";
import { rollup } from "../../src/core/sums.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { sweepStatistics } from "../../src/stats/job-tests.js";
import { buildPartition, type EventSpec, type LegSpec } from "../fixtures/partition.js";

/*
 * One hand-built partition (2024-10-03, DecimalsInPrice 2: 1 tick = A$0.01 = 10,000 micro-AUD) with
 * eight sweeps that cover the cases of the study. Quotes (NBBO file):
 *   10:00:00  1000/1002  mid 2002 half ticks (1001 ticks)
 *   10:01:55  1000/1004  mid 2004 (1002 ticks)
 *   10:05:00     0/1004  gap: no midpoint
 *   10:05:15  1000/1004  mid 2004
 * Resting Centre Point liquidity R1..R6 (ids 11..16), sweeps S1..S8 (ids 1..8, exchangeordertype
 * 2048), a lit order L1 (id 21) and a Centre Point order R0 (id 10) placed before 10:00.
 */
const SWEEP = 2048;
const ev = (e: EventSpec): EventSpec => e;
const EVENTS: EventSpec[] = [
  ev({ orderId: 10, t: "09:59:00", side: 2, qty: 100, price: 990 }),
  ev({ orderId: 10, t: "10:00:00.5", side: 2, qty: 100, price: 990, reason: 1 }),
  // S1 fully filled: real 200 @1002 against R1 while the mid is 1001.
  ev({ orderId: 11, t: "10:00:01", side: 2, qty: 300, price: 990 }),
  ev({ orderId: 1, t: "10:00:02", side: 1, qty: 200, price: 1005, otype: SWEEP }),
  ev({
    orderId: 1,
    t: "10:00:02.000001",
    side: 1,
    qty: 200,
    price: 1005,
    otype: SWEEP,
    reason: 3,
    matched: 200,
    status: 2,
  }),
  ev({ orderId: 11, t: "10:00:02.000002", side: 2, qty: 300, price: 990, reason: 3, matched: 200 }),
  ev({ orderId: 21, t: "10:00:05", side: 1, qty: 100, price: 1000, otype: 0 }),
  // S3 unfilled: a sell limited at 1010, above every midpoint; cancelled.
  ev({ orderId: 3, t: "10:00:30", side: 2, qty: 1000, price: 1010, otype: SWEEP }),
  ev({ orderId: 3, t: "10:00:40", side: 2, qty: 1000, price: 1010, otype: SWEEP, reason: 1 }),
  // S2 partially filled: 100 of 500 from R1's rest, then cancelled.
  ev({ orderId: 2, t: "10:01:00", side: 1, qty: 500, price: 1005, otype: SWEEP }),
  ev({ orderId: 2, t: "10:01:00.000001", side: 1, qty: 500, price: 1005, otype: SWEEP, reason: 3, matched: 100 }),
  ev({ orderId: 11, t: "10:01:00.000002", side: 2, qty: 300, price: 990, reason: 3, matched: 300, status: 2 }),
  ev({ orderId: 2, t: "10:01:30", side: 1, qty: 500, price: 1005, otype: SWEEP, reason: 1, matched: 100 }),
  // S4, a SELL sweep: real 300 @1001 while the mid is 1002 — the simulation sells higher.
  ev({ orderId: 12, t: "10:01:50", side: 1, qty: 300, price: 1010 }),
  ev({ orderId: 4, t: "10:02:00", side: 2, qty: 300, price: 990, otype: SWEEP }),
  ev({
    orderId: 4,
    t: "10:02:00.000001",
    side: 2,
    qty: 300,
    price: 990,
    otype: SWEEP,
    reason: 3,
    matched: 300,
    status: 2,
  }),
  ev({ orderId: 12, t: "10:02:00.000002", side: 1, qty: 300, price: 1010, reason: 3, matched: 300, status: 2 }),
  // S5 limited by a counterparty's minimum: R3 (block, minimumquantity 500) is skipped, R4 fills 200.
  ev({ orderId: 13, t: "10:03:00", side: 1, qty: 1000, price: 1010, otype: 4096, minQty: 500 }),
  ev({ orderId: 14, t: "10:03:01", side: 1, qty: 200, price: 1010 }),
  ev({ orderId: 5, t: "10:03:10", side: 2, qty: 300, price: 990, otype: SWEEP }),
  ev({ orderId: 5, t: "10:03:10.000001", side: 2, qty: 300, price: 990, otype: SWEEP, reason: 3, matched: 200 }),
  ev({ orderId: 14, t: "10:03:10.000002", side: 1, qty: 200, price: 1010, reason: 3, matched: 200, status: 2 }),
  ev({ orderId: 5, t: "10:03:20", side: 2, qty: 300, price: 990, otype: SWEEP, reason: 1, matched: 200 }),
  ev({ orderId: 13, t: "10:03:30", side: 1, qty: 1000, price: 1010, otype: 4096, minQty: 500, reason: 1 }),
  // S6 and S7 compete for R5: time priority gives all 400 to S6; S7 is unfilled.
  ev({ orderId: 15, t: "10:04:00", side: 2, qty: 400, price: 995 }),
  ev({ orderId: 6, t: "10:04:10", side: 1, qty: 400, price: 1010, otype: SWEEP }),
  ev({
    orderId: 6,
    t: "10:04:10.000001",
    side: 1,
    qty: 400,
    price: 1010,
    otype: SWEEP,
    reason: 3,
    matched: 400,
    status: 2,
  }),
  ev({ orderId: 15, t: "10:04:10.000002", side: 2, qty: 400, price: 995, reason: 3, matched: 400, status: 2 }),
  ev({ orderId: 7, t: "10:04:11", side: 1, qty: 400, price: 1010, otype: SWEEP }),
  ev({ orderId: 7, t: "10:04:20", side: 1, qty: 400, price: 1010, otype: SWEEP, reason: 1 }),
  // S8 arrives in a quote gap: the real market filled it, the simulation cannot (no midpoint).
  ev({ orderId: 16, t: "10:04:50", side: 2, qty: 100, price: 990 }),
  ev({ orderId: 8, t: "10:05:10", side: 1, qty: 100, price: 1010, otype: SWEEP }),
  ev({ orderId: 8, t: "10:05:11", side: 1, qty: 100, price: 1010, otype: SWEEP, reason: 3, matched: 100, status: 2 }),
  ev({ orderId: 16, t: "10:05:11.000001", side: 2, qty: 100, price: 990, reason: 3, matched: 100, status: 2 }),
];

const legs = (
  t: string,
  g: number,
  buy: number,
  sell: number,
  qty: number,
  price: number,
  buyAggressive: boolean,
): LegSpec[] => [
  { orderId: buy, t, matchGroupId: g, price, qty, side: 1, aggressive: buyAggressive },
  { orderId: sell, t, matchGroupId: g, price, qty, side: 2, aggressive: !buyAggressive },
];
const TRADES: LegSpec[] = [
  ...legs("10:00:02.000001", 1, 1, 11, 200, 1002, true),
  ...legs("10:01:00.000001", 2, 2, 11, 100, 1001, true),
  ...legs("10:02:00.000001", 3, 12, 4, 300, 1001, false),
  ...legs("10:03:10.000001", 4, 14, 5, 200, 1002, false),
  ...legs("10:04:10.000001", 5, 6, 15, 400, 1002, true),
  ...legs("10:05:11", 6, 8, 16, 100, 1002, true),
  { orderId: 99, t: "10:06:00", matchGroupId: 7, price: 1002, qty: 50 }, // an order this partition never saw
];
const QUOTES = [
  { t: "10:00:00", bid: 1000, offer: 1002 },
  { t: "10:01:55", bid: 1000, offer: 1004 },
  { t: "10:05:00", bid: 0, offer: 1004 },
  { t: "10:05:15", bid: 1000, offer: 1004 },
];

const result = runJob(
  buildPartition({ events: EVENTS, trades: TRADES, quotes: QUOTES, decimals: 2 }),
  defaultAnalysisConfig(),
);
const m = result.sweeps;
const row = (id: number): number => [...m.orderId].indexOf(BigInt(id));
const pick = (id: number) => {
  const i = row(id);
  return {
    group: m.group[i],
    band: m.band[i],
    realFilled: m.realFilled[i],
    realValueTicks: m.realValueTicks[i],
    simFilled: m.simFilled[i],
    simValueHalfTicks: m.simValueHalfTicks[i],
    comparedQty: m.comparedQty[i],
    savingsMicroAud: m.savingsMicroAud[i],
    costMidpointMicroAud: m.costMidpointMicroAud[i],
    costHalfSpreadMicroAud: m.costHalfSpreadMicroAud[i],
    costImpactMicroAud: m.costImpactMicroAud[i],
  };
};

describe("runJob on a hand-built partition", () => {
  it("selects Centre Point orders in the session and counts what it removed", () => {
    // 16 orders: L1 is lit, R0 was placed at 09:59; the other 14 are selected.
    expect(result.selection).toEqual({
      orders: 16,
      rows: EVENTS.length,
      nonCentrePointOrders: 1,
      nonCentrePointRows: 1,
      outsideSessionOrders: 1,
      outsideSessionRows: 2,
      otherParticipantOrders: 0,
      otherParticipantRows: 0,
      selectedOrders: 14,
      selectedRows: EVENTS.length - 3,
    });
    expect([...m.orderId]).toEqual([1n, 3n, 2n, 4n, 5n, 6n, 7n, 8n]); // sweeps in placement order
    expect(result.sweepsByGroup).toEqual([4, 2, 2]);
  });

  it("S1, a fully filled buy: real 200 @1002 vs simulated 200 @ mid 1001 saves 1 tick × 200 = A$2", () => {
    expect(pick(1)).toEqual({
      group: 1,
      band: 0,
      realFilled: 200,
      realValueTicks: 200_400,
      simFilled: 200,
      simValueHalfTicks: 400_400, // 200 × 2002 half ticks
      comparedQty: 200,
      savingsMicroAud: 2_000_000, // +1 × (1002 − 1001) × 200 = 200 ticks = A$2.00
      costMidpointMicroAud: 2_000_000, // mean mid over its life = 1001
      costHalfSpreadMicroAud: 1_000_000, // half of it
      costImpactMicroAud: 0, // mid + 1 tick = 1002 = its VWAP
    });
    expect(m.savingsBps[row(1)]).toBeCloseTo(1e4 / 1002, 12);
  });

  it("S2, partially filled: 100 of 500, at the mid in both worlds", () => {
    expect(pick(2)).toMatchObject({
      group: 2,
      band: 0,
      realFilled: 100,
      simFilled: 100,
      simValueHalfTicks: 200_200,
      savingsMicroAud: 0,
    });
    expect(pick(2).costImpactMicroAud).toBe(-1_000_000); // 100100 − 1002 × 100 = −100 ticks
    expect(m.savingsBps[row(2)]).toBe(0);
  });

  it("S3, unfilled (its sell limit 1010 is above every mid): no saving, no bps, Medium band", () => {
    expect(pick(3)).toMatchObject({
      group: 3,
      band: 1,
      realFilled: 0,
      simFilled: 0,
      comparedQty: 0,
      savingsMicroAud: 0,
      costMidpointMicroAud: 0,
    });
    expect(m.savingsBps[row(3)]).toBeNaN();
  });

  it("S4, a sell filled higher in simulation is a saving (positive), not a loss", () => {
    // real 300 @1001, simulated 300 @ mid 1002: −1 × (1001 − 1002) × 300 = +300 ticks = A$3.
    expect(pick(4)).toMatchObject({
      group: 1,
      realValueTicks: 300_300,
      simFilled: 300,
      simValueHalfTicks: 601_200,
      savingsMicroAud: 3_000_000,
    });
    expect(m.savingsBps[row(4)]).toBeCloseTo(1e4 / 1001, 12);
    expect(pick(4).costImpactMicroAud).toBe(0); // mid − 1 tick = 1001 = its VWAP
  });

  it("S5 is limited by R3's minimum quantity: R3 is skipped, R4 fills 200", () => {
    expect(pick(5)).toMatchObject({
      group: 2,
      realFilled: 200,
      simFilled: 200,
      simValueHalfTicks: 400_800,
      savingsMicroAud: 0,
    });
    expect(pick(5).costImpactMicroAud).toBe(-2_000_000); // −1 × (200400 − 1001 × 200)
  });

  it("S6 and S7 compete for R5: time priority gives S6 everything", () => {
    expect(pick(6)).toMatchObject({
      group: 1,
      realFilled: 400,
      simFilled: 400,
      savingsMicroAud: 0,
      costImpactMicroAud: -4_000_000,
    });
    expect(pick(7)).toMatchObject({ group: 3, realFilled: 0, simFilled: 0, savingsMicroAud: 0 });
  });

  it("S8 arrives in a quote gap: no midpoint, no simulated fill, no cost scenario", () => {
    expect(pick(8)).toMatchObject({
      group: 1,
      realFilled: 100,
      simFilled: 0,
      comparedQty: 0,
      savingsMicroAud: 0,
      costMidpointMicroAud: 0,
    });
    expect(m.meanMidHalfTicks[row(8)]).toBeNaN();
    expect(m.savingsBps[row(8)]).toBeNaN();
  });

  it("sums per group are the additive totals of the rows above", () => {
    const { byGroup, byBand, overall } = rollup(result.cells);
    expect(byGroup[0]).toEqual({
      sweeps: 4, // S1, S4, S6, S8
      qty: 1000,
      realFilled: 1000,
      realValueTicks: 1_001_700,
      realTrades: 4,
      simFilled: 900,
      simValueHalfTicks: 1_803_200,
      simFills: 3,
      comparedQty: 900,
      savingsMicroAud: 5_000_000,
      costOrders: 3, // S8 has no midpoint
      costMidpointMicroAud: 5_000_000,
      costHalfSpreadMicroAud: 2_500_000,
      costImpactMicroAud: -4_000_000,
      simulatedSweeps: 4, // an event job: every sweep simulated
      simulatedQty: 1000,
    });
    expect(byGroup[1]).toMatchObject({
      sweeps: 2,
      qty: 800,
      realFilled: 300,
      realValueTicks: 300_500,
      simFilled: 300,
      simValueHalfTicks: 601_000,
      costOrders: 2,
      costImpactMicroAud: -3_000_000,
    });
    expect(byGroup[2]).toMatchObject({ sweeps: 2, qty: 1400, realFilled: 0, simFilled: 0, costOrders: 0 });
    expect(byBand.map((b) => b.sweeps)).toEqual([7, 1, 0]);
    expect(overall).toMatchObject({
      sweeps: 8,
      qty: 3200,
      realFilled: 1300,
      simFilled: 1200,
      savingsMicroAud: 5_000_000,
    });
  });

  it("reports the replay's fidelity on the resting orders, unknown trades and a clean book", () => {
    // R1..R6 really filled 300+300+0+200+400+100; the replay gives R6 nothing (S8 came in the gap).
    expect(result.simulation.fidelity).toEqual({
      orders: 6,
      realFilledQty: 1300,
      simFilledQty: 1200,
      ordersEqual: 5,
      absDiffQty: 100,
    });
    expect(result.simulation).toMatchObject({ fills: 5, matchedQty: 1200 });
    expect(result.trades).toMatchObject({ legs: 13, matchedLegs: 12, unknownOrderLegs: 1, unknownOrderQty: 50 });
    expect(result.trades.unknownSample[0]).toMatchObject({ orderId: 99n, qty: 50 });
    expect(Object.values(result.book.warningCounts).every((n) => n === 0)).toBe(true);
    expect(result.quoteSource).toBe("nbbo");
  });

  it("paired tests: matched quantity differs only for S8 (−100)", () => {
    const s = sweepStatistics(m).overall.matchedQty;
    // d = [0,0,0,0,0,0,0,−100]: mean −12.5, sd √(8750/7) = 35.355…, t = −12.5 / (sd/√8) = −1, df 7;
    // Two-sided p = 2·P(T₇ > 1) = 0.3506166628…, by Simpson integration of the t₇ density from 1 to 2000.
    expect(s.n).toBe(8);
    expect(s.meanDiff).toBe(-12.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(8750 / 7), 12);
    expect(s.t).toBeCloseTo(-1, 12);
    expect(s.pValue).toBeCloseTo(0.3506166628, 9);
  });

  it("a participant filter keeps only that participant's sweeps and counts the rest", () => {
    const events = EVENTS.map((e) => (e.orderId === 4 ? { ...e, participant: 2002 } : e));
    const r = runJob(buildPartition({ events, trades: TRADES, quotes: QUOTES }), {
      ...defaultAnalysisConfig(),
      participants: [2002],
    });
    expect([...r.sweeps.orderId]).toEqual([4n]);
    expect(r.selection).toMatchObject({ otherParticipantOrders: 13, selectedOrders: 1, selectedRows: 2 });
  });
});
