import { describe, expect, it } from "vitest";
import { findRepeatedOrderEvents } from "../../src/core/duplicates.js";
import { runJob, type JobResult } from "../../src/core/job.js";
import { rollup } from "../../src/core/sums.js";
import { AnalysisConfig, defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition, type EventSpec, type LegSpec } from "../fixtures/partition.js";

/*
 * A partition with one sweep S (id 1, buy 200, exchangeordertype 2048) that takes 200 from the
 * resting Centre Point sell R (id 11, 300): one match, group 1, two legs. Every event has its own
 * sequence number, so a second copy of the file repeats each (order_id, timestamp, sequence).
 */
const SWEEP = 2048;
const EVENTS: EventSpec[] = [
  { orderId: 11, t: "10:00:01", seq: 1, side: 2, qty: 300, price: 990 },
  { orderId: 1, t: "10:00:02", seq: 2, side: 1, qty: 200, price: 1005, otype: SWEEP },
  { orderId: 1, t: "10:00:02.000001", seq: 3, side: 1, qty: 200, price: 1005, otype: SWEEP, reason: 3, matched: 200 },
  { orderId: 11, t: "10:00:02.000001", seq: 4, side: 2, qty: 300, price: 990, reason: 3, matched: 200 },
];
const TRADES: LegSpec[] = [
  { orderId: 1, t: "10:00:02.000001", seq: 1, matchGroupId: 7, price: 1000, qty: 200, side: 1, aggressive: true },
  { orderId: 11, t: "10:00:02.000001", seq: 2, matchGroupId: 7, price: 1000, qty: 200, side: 2 },
];
const QUOTES = [{ t: "10:00:00", bid: 995, offer: 1005 }];

const run = (events: EventSpec[], trades: LegSpec[], over: Partial<AnalysisConfig> = {}): JobResult =>
  runJob(buildPartition({ events, trades, quotes: QUOTES }), { ...defaultAnalysisConfig(), ...over });
/** Quantity-weighted real fill ratio of the job's sweeps. */
const realFillRatio = (r: JobResult): number => {
  const all = rollup(r.cells).overall;
  return all.realFilled / all.qty;
};

describe("repeated trade legs and order events (the same trades delivered twice)", () => {
  const once = run(EVENTS, TRADES);
  const twice = run([...EVENTS, ...EVENTS], [...TRADES, ...TRADES]);
  const kept = run([...EVENTS, ...EVENTS], [...TRADES, ...TRADES], { duplicates: "keep" });

  it("the file once: real fill ratio 100 %, nothing repeated", () => {
    expect(realFillRatio(once)).toBe(1);
    expect(once.dataQuality.counts).toMatchObject({
      repeatedOrderEvents: 0,
      repeatedTradeLegs: 0,
      overfilledOrders: 0,
    });
  });

  it("drop (the default): the copy is dropped, the fill ratio is back to 100 %, and 4 events and 2 legs are counted", () => {
    expect(realFillRatio(twice)).toBe(1); // 200 / 200, not 400 / 200
    expect(twice.cells).toEqual(once.cells);
    expect(twice.dataQuality.duplicates).toBe("drop");
    expect(twice.dataQuality.counts).toMatchObject({
      repeatedOrderEvents: 4,
      conflictingOrderEvents: 0,
      repeatedTradeLegs: 2,
      tradeLegs: 4, // read, repeats included
      overfilledOrders: 0,
    });
    expect(twice.trades.legs).toBe(2); // analysed
    expect(twice.rows.orders).toBe(4);
    expect(twice.dataQuality.samples.repeatedTradeLegs).toEqual([
      { matchGroupId: 7n, orderId: 1n, side: 1, tNs: 36_002_000_001_000 },
      { matchGroupId: 7n, orderId: 11n, side: 2, tNs: 36_002_000_001_000 },
    ]);
    expect(twice.dataQuality.samples.repeatedOrderEvents.map((e) => [e.orderId, e.sequence])).toEqual([
      [11n, 1],
      [1n, 2],
      [1n, 3],
      [11n, 4],
    ]);
  });

  it("keep: the copies stay (fill ratio 200 %), still counted, and both orders are reported as overfilled", () => {
    expect(realFillRatio(kept)).toBe(2);
    expect(kept.dataQuality.duplicates).toBe("keep");
    expect(kept.dataQuality.counts).toMatchObject({
      repeatedOrderEvents: 4,
      repeatedTradeLegs: 2,
      overfilledOrders: 2,
      overfilledQty: 200 + 100, // S: 400 of 200; R: 400 of 300
    });
    expect(kept.dataQuality.samples.overfilledOrders).toEqual([
      { orderId: 11n, qty: 300, filledQty: 400 },
      { orderId: 1n, qty: 200, filledQty: 400 },
    ]);
  });

  it("one leg resent (overlapping inputs): 125 % becomes 100 %", () => {
    // S buys 200 in four matches of 50 against R; the last match's buy leg comes again, with other
    // values (a later extract): it is still the same leg of match 10.
    const legs: LegSpec[] = [7, 8, 9, 10].flatMap((g): LegSpec[] => [
      { orderId: 1, t: "10:00:02.000001", seq: 2 * g, matchGroupId: g, price: 1000, qty: 50, side: 1 },
      { orderId: 11, t: "10:00:02.000001", seq: 2 * g + 1, matchGroupId: g, price: 1000, qty: 50, side: 2 },
    ]);
    const resent = [...legs, { ...legs[6]!, seq: 99, price: 1001 }];
    const kept = run(EVENTS, resent, { duplicates: "keep" });
    expect(realFillRatio(kept)).toBe(1.25); // 250 / 200
    expect(kept.dataQuality.samples.overfilledOrders).toEqual([{ orderId: 1n, qty: 200, filledQty: 250 }]);
    const dropped = run(EVENTS, resent);
    expect(realFillRatio(dropped)).toBe(1);
    expect(dropped.sweeps.realValueTicks[0]).toBe(200_000); // the first copy's price is kept
    expect(dropped.dataQuality.counts).toMatchObject({ repeatedTradeLegs: 1, overfilledOrders: 0 });
  });

  it("an event with an earlier event's key but other values is conflicting: counted, sampled and kept", () => {
    const other = { ...EVENTS[3]!, matched: 250 }; // same order 11, time and sequence 4
    const r = run([...EVENTS, other], TRADES);
    expect(r.dataQuality.counts).toMatchObject({ repeatedOrderEvents: 0, conflictingOrderEvents: 1 });
    expect(r.dataQuality.samples.conflictingOrderEvents).toEqual([
      { orderId: 11n, tNs: 36_002_000_001_000, sequence: 4 },
    ]);
    expect(r.rows.orders).toBe(5);
  });

  it("two events of one order at one time with different sequences are not repeats", () => {
    const r = run([...EVENTS, { ...EVENTS[3]!, seq: 5 }], TRADES);
    expect(r.dataQuality.counts).toMatchObject({ repeatedOrderEvents: 0, conflictingOrderEvents: 0 });
  });

  it("the option is validated: duplicates must be drop or keep, default drop", () => {
    expect(defaultAnalysisConfig().duplicates).toBe("drop");
    expect(AnalysisConfig.safeParse({ duplicates: "merge" }).success).toBe(false);
  });
});

describe("orders filled beyond their quantity", () => {
  it("a sweep of 200 with legs of 300 is a warning naming the order, its quantity and its fills", () => {
    const legs: LegSpec[] = [
      { orderId: 1, t: "10:00:02.000001", matchGroupId: 7, price: 1000, qty: 300, side: 1 },
      { orderId: 11, t: "10:00:02.000001", matchGroupId: 7, price: 1000, qty: 300, side: 2 },
    ];
    const r = run(EVENTS, legs);
    expect(realFillRatio(r)).toBe(1.5);
    expect(r.dataQuality.counts).toMatchObject({ overfilledOrders: 1, overfilledQty: 100, repeatedTradeLegs: 0 });
    expect(r.dataQuality.samples.overfilledOrders).toEqual([{ orderId: 1n, qty: 200, filledQty: 300 }]);
  });
});

describe("the rest of the data-quality block", () => {
  it("counts Centre Point orders outside the session with their placement times, unknown legs and missing midpoints", () => {
    const events: EventSpec[] = [
      ...EVENTS,
      { orderId: 30, t: "09:59:00", seq: 10, side: 2, qty: 100 },
      { orderId: 31, t: "16:30:00", seq: 11, side: 2, qty: 100 },
      { orderId: 40, t: "10:00:03", seq: 12, side: 2, qty: 100, otype: 0 }, // lit: not counted
    ];
    const legs = [...TRADES, { orderId: 99, t: "10:00:05", matchGroupId: 9, price: 1000, qty: 50 }];
    const r = runJob(buildPartition({ events, trades: legs, quotes: [{ t: "10:00:00", bid: 0, offer: 1005 }] }), {
      ...defaultAnalysisConfig(),
    });
    expect(r.dataQuality.counts).toMatchObject({
      centrePointOrders: 4,
      selectedOrders: 2,
      outsideSessionOrders: 2,
      tradeLegs: 3,
      unknownOrderLegs: 1,
      quotesWithoutMidpoint: 1,
      sweepsWithoutMidpoint: 1,
    });
    expect(r.dataQuality.outsideSessionPlacedNs).toEqual({ first: 35_940e9, last: 59_400e9 });
  });
});

describe("findRepeatedOrderEvents: the sorted fast path and the hashed path agree", () => {
  // 100 orders with one event each at one time and sequence 0 (an extract without sequence
  // numbers): a run of 100 equal (tNs, sequence), longer than the pairwise search takes.
  const base: EventSpec[] = Array.from({ length: 100 }, (_v, i) => ({ orderId: 1000 + i, t: "10:00:00", seq: 0 }));
  const copies = [base[3]!, base[50]!, base[99]!, base[3]!];

  it("a long run of one (time, sequence) is hashed: the copies are found", () => {
    const p = buildPartition({ events: [...base, ...copies] });
    const r = findRepeatedOrderEvents(p.orders);
    expect([r.repeated, r.conflicting]).toEqual([4, 0]);
    expect(r.repeatedSample.map((e) => e.orderId)).toEqual([1003n, 1050n, 1099n, 1003n]);
    expect([...r.keep.keys()].filter((i) => r.keep[i] === 0)).toEqual([100, 101, 102, 103]);
  });

  it("rows out of time order are hashed: the same copies are found as when sorted", () => {
    const sorted = buildPartition({ events: [...EVENTS, ...EVENTS] }).orders;
    const reversed = Object.fromEntries(
      Object.entries(sorted).map(([k, v]) => [k, typeof v === "number" ? v : (v as Float64Array).slice().reverse()]),
    ) as unknown as typeof sorted;
    expect(reversed.orderId[0]).toBe(sorted.orderId[sorted.length - 1]);
    const a = findRepeatedOrderEvents(sorted);
    const b = findRepeatedOrderEvents(reversed);
    expect([a.repeated, b.repeated]).toEqual([4, 4]);
    expect(b.repeatedSample.map((e) => e.sequence).sort()).toEqual(a.repeatedSample.map((e) => e.sequence).sort());
  });
});
