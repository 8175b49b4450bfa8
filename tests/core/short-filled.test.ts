import { describe, expect, it } from "vitest";
import { reportedMatchedQty, shortFilledOrders } from "../../src/core/fill-checks.js";
import { runJob } from "../../src/core/job.js";
import { matchTrades } from "../../src/core/match.js";
import { orderStates } from "../../src/core/states.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition, type EventSpec, type LegSpec } from "../fixtures/partition.js";

const SWEEP = 2048; // a Centre Point sweep (exchangeordertype), in the default centrePointMask
const LIT = 0;
const BIG = 7904794000124046634n; // beyond 2^53: the id must stay exact

/*
 * One event partition (2024-10-03), every order a Centre Point sweep unless said otherwise:
 *   BIG  placed 100, traded 60 then 40 (totalmatchedquantity 60 → 100); the trades file holds only
 *        the 60 leg: 100 − 60 = 40 shares missing.
 *   2    placed 50, traded 50; one leg of 50: complete, not counted.
 *   3    placed 70, cancelled, never traded (totalmatchedquantity 0 on every row), no leg: not counted.
 *   4    placed 200, traded 80, amended (row repeats 80), cancelled by a row reporting 0: the order's
 *        matched is its largest value, 80; legs 30: 50 missing.
 *   5    reloaded from an earlier day (changereason 30) with 200 already matched, then traded to
 *        250: 50 matched today; legs 50: complete, not counted (the 200 were another day's trades).
 *   6    reloaded like 5, traded to 250, but legs 20: 50 − 20 = 30 missing.
 *   7    a lit order (not Centre Point) traded 90 with no leg: not counted.
 */
const EVENTS: EventSpec[] = [
  { orderId: BIG, t: "10:00:00", qty: 100, otype: SWEEP },
  { orderId: BIG, t: "10:00:10", qty: 100, matched: 60, reason: 3, otype: SWEEP },
  { orderId: BIG, t: "10:00:20", qty: 100, matched: 100, reason: 3, status: 2, otype: SWEEP },
  { orderId: 2, t: "10:01:00", qty: 50, otype: SWEEP },
  { orderId: 2, t: "10:01:10", qty: 50, matched: 50, reason: 3, status: 2, otype: SWEEP },
  { orderId: 3, t: "10:02:00", qty: 70, otype: SWEEP },
  { orderId: 3, t: "10:02:10", qty: 70, leaves: 0, reason: 1, status: 4, otype: SWEEP },
  { orderId: 4, t: "10:03:00", qty: 200, otype: SWEEP },
  { orderId: 4, t: "10:03:10", qty: 200, matched: 80, reason: 3, otype: SWEEP },
  { orderId: 4, t: "10:03:20", qty: 150, matched: 80, reason: 5, otype: SWEEP },
  { orderId: 4, t: "10:03:30", qty: 150, leaves: 0, matched: 0, reason: 1, status: 4, otype: SWEEP },
  { orderId: 5, t: "09:59:00", qty: 300, matched: 200, reason: 30, otype: SWEEP },
  { orderId: 5, t: "10:04:00", qty: 300, matched: 250, reason: 3, otype: SWEEP },
  { orderId: 6, t: "09:59:01", qty: 300, matched: 200, reason: 30, otype: SWEEP },
  { orderId: 6, t: "10:05:00", qty: 300, matched: 250, reason: 3, otype: SWEEP },
  { orderId: 7, t: "10:06:00", qty: 90, otype: LIT },
  { orderId: 7, t: "10:06:10", qty: 90, matched: 90, reason: 3, status: 2, otype: LIT },
];
const LEGS: LegSpec[] = [
  { orderId: BIG, t: "10:00:10", price: 1000, qty: 60, matchGroupId: 1 },
  { orderId: 2, t: "10:01:10", price: 1000, qty: 50, matchGroupId: 2 },
  { orderId: 4, t: "10:03:10", price: 1000, qty: 30, matchGroupId: 3 },
  { orderId: 5, t: "10:04:00", price: 1000, qty: 50, matchGroupId: 4 },
  { orderId: 6, t: "10:05:00", price: 1000, qty: 20, matchGroupId: 5 },
];

const checked = (events: EventSpec[], legs: LegSpec[]) => {
  const p = buildPartition({ events, trades: legs });
  const { index, ...table } = orderStates(p.orders);
  const { fills } = matchTrades(p.trades, { length: table.length, index });
  return { p, table, short: shortFilledOrders(p.orders, table, fills, defaultAnalysisConfig().centrePointMask) };
};

describe("shortFilledOrders: orders whose rows report more matched than their trade legs", () => {
  it("takes each order's largest totalmatchedquantity, less what a reload row brought from an earlier day", () => {
    const { p, table } = checked(EVENTS, LEGS);
    const reported = reportedMatchedQty(p.orders, table);
    // In order of first appearance (by time): 5, 6 (09:59), BIG, 2, 3, 4, 7.
    expect(Array.from(table.orderId)).toEqual([5n, 6n, BIG, 2n, 3n, 4n, 7n]);
    expect(Array.from(reported)).toEqual([50, 50, 100, 50, 0, 80, 90]);
  });

  it("counts the Centre Point orders short of their legs with the missing shares, ids exact", () => {
    const { short } = checked(EVENTS, LEGS);
    // 6: 50 − 20 = 30; BIG: 100 − 60 = 40; 4: 80 − 30 = 50. Not 5 or 2 (equal), 3 (0), 7 (lit).
    expect(short).toEqual({
      count: 3,
      missingQty: 30 + 40 + 50,
      sample: [
        { orderId: 6n, matchedQty: 50, filledQty: 20 },
        { orderId: BIG, matchedQty: 100, filledQty: 60 },
        { orderId: 4n, matchedQty: 80, filledQty: 30 },
      ],
    });
  });

  it("counts nothing when every order's legs add up to what its rows report", () => {
    const complete: LegSpec[] = [
      ...LEGS,
      { orderId: BIG, t: "10:00:20", price: 1000, qty: 40, matchGroupId: 6 },
      { orderId: 4, t: "10:03:11", price: 1000, qty: 50, matchGroupId: 7 },
      { orderId: 6, t: "10:05:01", price: 1000, qty: 30, matchGroupId: 8 },
    ];
    expect(checked(EVENTS, complete).short).toEqual({ count: 0, missingQty: 0, sample: [] });
  });

  it("reads a final-state row's totalmatchedquantity as the order's filled quantity", () => {
    // One row per order (no placement): 1 traded 200 of 200 (legs 120), 2 traded 50 (legs 50),
    // 3 cancelled unfilled (no value: 0, no leg).
    const FINAL: EventSpec[] = [
      { orderId: 1, t: "10:01:00", qty: 200, matched: 200, reason: 3, status: 2, otype: SWEEP },
      { orderId: 2, t: "10:02:00", qty: 300, matched: 50, reason: 1, status: 4, otype: SWEEP },
      { orderId: 3, t: "10:03:00", qty: 40, reason: 9, status: 4, otype: SWEEP },
    ];
    const legs: LegSpec[] = [
      { orderId: 1, t: "10:00:30", price: 1000, qty: 120, matchGroupId: 1 },
      { orderId: 2, t: "10:01:30", price: 1000, qty: 50, matchGroupId: 2 },
    ];
    const r = runJob(buildPartition({ events: FINAL, trades: legs }), defaultAnalysisConfig());
    expect(r.orderShape).toBe("final_state");
    expect(r.dataQuality.counts).toMatchObject({ shortFilledOrders: 1, shortFilledQty: 80, overfilledOrders: 0 });
    expect(r.dataQuality.samples.shortFilledOrders).toEqual([{ orderId: 1n, matchedQty: 200, filledQty: 120 }]);
  });
});

describe("runJob's data-quality block", () => {
  it("reports the short-filled orders as a warning, with a sample", () => {
    const r = runJob(buildPartition({ events: EVENTS, trades: LEGS }), defaultAnalysisConfig());
    expect(r.dataQuality.counts).toMatchObject({
      shortFilledOrders: 3,
      shortFilledQty: 120,
      noTradeFilledOrders: 0,
      noTradeFilledQty: 0,
    });
    expect(r.dataQuality.samples.shortFilledOrders.map((o) => o.orderId)).toEqual([6n, BIG, 4n]);
  });

  it("counts a job without any trade leg apart (no trades given for it), not as short-filled", () => {
    const r = runJob(buildPartition({ events: EVENTS, trades: [] }), defaultAnalysisConfig());
    // Centre Point orders reporting shares matched today: 5 (50), 6 (50), BIG (100), 2 (50), 4 (80).
    expect(r.dataQuality.counts).toMatchObject({
      tradeLegs: 0,
      shortFilledOrders: 0,
      shortFilledQty: 0,
      noTradeFilledOrders: 5,
      noTradeFilledQty: 330,
    });
    expect(r.dataQuality.samples.shortFilledOrders).toEqual([]);
  });
});
