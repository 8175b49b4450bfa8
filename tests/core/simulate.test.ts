import { describe, expect, it } from "vitest";
import { quotesOf } from "../../src/core/nbbo.js";
import { simulateMidpoint, type SimulationOptions } from "../../src/core/simulate.js";
import { CENTRE_POINT_MASK } from "../../src/model/codes.js";
import { buildPartition, type PartitionSpec, t } from "../fixtures/partition.js";

// Every event defaults to a Centre Point (64) limit buy of 100 at 1000 ticks with quote 995/1005,
// so the midpoint is 2000 half ticks (1000 ticks) unless a test says otherwise.
const SWEEP = 2048;
const OPTIONS: SimulationOptions = {
  centrePointMask: CENTRE_POINT_MASK,
  sessionStartNs: t("10:00:00"),
  sessionEndNs: t("16:00:00"),
};

/** Simulates a hand-built partition; fills read "aggressor<-resting qty@midHalfTicks". */
function run(spec: PartitionSpec, options: SimulationOptions = OPTIONS) {
  const p = buildPartition(spec);
  const res = simulateMidpoint(p.orders, quotesOf(p), options);
  const id = (row: number): number => Number(p.orders.orderId[row]);
  const fills = res.fillList.map((f) => `${id(f.aggressorRow)}<-${id(f.restingRow)} ${f.qty}@${f.midHalfTicks}`);
  const at = (orderId: number): number => {
    const k = res.index.get(BigInt(orderId));
    if (k === undefined) throw new Error(`order ${orderId} not simulated`);
    return k;
  };
  const filled = (orderId: number): number => res.filledQty[at(orderId)] ?? NaN;
  const value = (orderId: number): number => res.valueHalfTicks[at(orderId)] ?? NaN;
  const count = (orderId: number): number => res.fills[at(orderId)] ?? NaN;
  return { res, fills, filled, value, count };
}

describe("simulateMidpoint: sweeps against resting liquidity", () => {
  it("fills a sweep fully from two resting orders in time priority", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300, price: 1000 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 300, price: 999 },
        { orderId: 3, t: "10:00:03", side: 1, qty: 500, price: 1001, otype: SWEEP },
        // A later buy finds only what the sweep left of order 2: 300 − 200 = 100.
        { orderId: 4, t: "10:00:04", side: 1, qty: 150, price: 1000 },
      ],
    });
    // Sweep 3 (500) takes order 1 (earlier, 300) then 200 of order 2, both at mid 2000.
    expect(r.fills).toEqual(["3<-1 300@2000", "3<-2 200@2000", "4<-2 100@2000"]);
    expect(r.filled(3)).toBe(500);
    expect(r.value(3)).toBe(1_000_000); // 2000 · 500 half ticks = 500 · 1000 ticks
    expect(r.count(3)).toBe(2);
    expect([r.filled(1), r.filled(2), r.filled(4)]).toEqual([300, 300, 100]);
    expect(r.count(2)).toBe(2);
    expect(Array.from(r.res.orderId)).toEqual([1n, 2n, 3n, 4n]);
    expect(Array.from(r.res.firstRow)).toEqual([0, 1, 2, 3]);
    expect(r.res.fillList[0]).toEqual({
      tNs: t("10:00:03"),
      aggressorRow: 2,
      restingRow: 0,
      qty: 300,
      midHalfTicks: 2000,
    });
  });

  it("partially fills a sweep, whose rest then rests as passive liquidity until its real exit", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 200 },
        { orderId: 2, t: "10:00:02", side: 1, qty: 500, price: 1001, otype: SWEEP },
        { orderId: 3, t: "10:00:03", side: 2, qty: 100, orderType: 2, price: 0 }, // market sell
        { orderId: 2, t: "10:00:04", side: 1, qty: 500, price: 1001, otype: SWEEP, reason: 1 }, // cancel
        { orderId: 4, t: "10:00:05", side: 2, qty: 100 },
      ],
    });
    // 2 takes 200 of 1; its 300 left rests; 3 (market sell) takes 100 of it; after the cancel, 4 finds nothing.
    expect(r.fills).toEqual(["2<-1 200@2000", "3<-2 100@2000"]);
    expect([r.filled(1), r.filled(2), r.filled(3), r.filled(4)]).toEqual([200, 300, 100, 0]);
  });

  it("leaves a sweep unfilled without opposite liquidity", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 1, qty: 300 }, // same side: no counterparty
        { orderId: 2, t: "10:00:02", side: 1, qty: 300, otype: SWEEP },
        { orderId: 3, t: "10:00:03", side: 2, qty: 300, otype: 0 }, // lit: not in the Centre Point book
        { orderId: 4, t: "10:00:04", side: 1, qty: 300, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual([]);
    expect(r.filled(2)).toBe(0);
    expect(r.filled(4)).toBe(0);
    expect(r.res.index.has(3n)).toBe(false);
    expect(r.res.orderId.length).toBe(3);
  });

  it("leaves a sweep unfilled when the mid is outside a limit", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300, price: 1001 }, // sell ≥ 1001 > 1000 mid
        { orderId: 2, t: "10:00:02", side: 1, qty: 300, price: 1000, otype: SWEEP }, // skips 1
        { orderId: 3, t: "10:00:03", side: 2, qty: 300, price: 999 },
        { orderId: 4, t: "10:00:04", side: 1, qty: 100, price: 999, otype: SWEEP }, // buy ≤ 999 < mid
      ],
    });
    // 3 arrives: sweep 2's rest (buy ≤ 1000) is in the book and accepts 1000, so 3 trades with it.
    expect(r.fills).toEqual(["3<-2 300@2000"]);
    expect(r.filled(4)).toBe(0);
    expect(r.filled(1)).toBe(0);
  });

  it("fills nothing without a midpoint (one-sided, crossed or no quote)", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300, price: 999 },
        { orderId: 2, t: "10:00:02", side: 1, qty: 100, otype: SWEEP }, // quote 0/1005
        { orderId: 3, t: "10:00:03", side: 1, qty: 100, otype: SWEEP }, // quote 1006/1005 crossed
        { orderId: 4, t: "10:00:04", side: 1, qty: 100, otype: SWEEP }, // quote 995/1004: mid 1999
      ],
      quotes: [
        { t: "10:00:01.5", bid: 0, offer: 1005 },
        { t: "10:00:03", bid: 1006, offer: 1005 },
        { t: "10:00:04", bid: 995, offer: 1004 },
      ],
    });
    // At 10:00:01 there is no quote yet, so nothing; 4 trades at the half tick 999.5 = 1999 half ticks
    // (buy ≤ 1000: 2000 ≥ 1999; sell ≥ 999: 1998 ≤ 1999).
    expect(r.fills).toEqual(["4<-1 100@1999"]);
    expect(r.value(4)).toBe(199_900);
  });
});

describe("simulateMidpoint: minimum quantities, competition, amends, exits", () => {
  it("skips a resting order whose minimum quantity the fill would not reach; it keeps its place", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 1000, minQty: 600 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 200 },
        { orderId: 3, t: "10:00:03", side: 1, qty: 400, otype: SWEEP },
        { orderId: 4, t: "10:00:04", side: 1, qty: 700 },
      ],
    });
    // 3: with 1, q = min(400, 1000) = 400 < min(600, 1000) → skip; with 2, q = 200 → fill.
    // 4 (700) arrives behind 3's rest (200, same side): 1 is still first, q = 700 ≥ 600 → fill.
    expect(r.fills).toEqual(["3<-2 200@2000", "4<-1 700@2000"]);
  });

  it("applies the arriving order's single-fill minimum too, capped at its quantity left", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 200 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 400 },
        { orderId: 3, t: "10:00:03", side: 2, qty: 50 },
        { orderId: 4, t: "10:00:04", side: 1, qty: 350, singleFillMinQty: 250, otype: SWEEP },
      ],
    });
    // with 1: q = 200 < 250 → skip; with 2: q = 350 → fill, nothing left.
    expect(r.fills).toEqual(["4<-2 350@2000"]);
    const r2 = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 40 },
        { orderId: 3, t: "10:00:03", side: 1, qty: 340, minQty: 100, otype: SWEEP },
      ],
    });
    // 300 ≥ 100 → fill; then 40 left, and min(100, 40) = 40 ≤ 40 → fill.
    expect(r2.fills).toEqual(["3<-1 300@2000", "3<-2 40@2000"]);
  });

  it("gives a contested counterparty to the earlier of two sweeps", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300 },
        { orderId: 2, t: "10:00:02", side: 1, qty: 300, otype: SWEEP, seq: 1 },
        { orderId: 3, t: "10:00:02", side: 1, qty: 300, otype: SWEEP, seq: 2 },
      ],
    });
    expect(r.fills).toEqual(["2<-1 300@2000"]);
    expect(r.filled(3)).toBe(0);
  });

  it("applies an amend that cuts a resting order's size, net of what the simulation filled", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 500 },
        { orderId: 2, t: "10:00:02", side: 1, qty: 100 },
        { orderId: 1, t: "10:00:03", side: 2, qty: 300, reason: 5 }, // qty 300: 300 − 100 filled = 200 left
        { orderId: 3, t: "10:00:04", side: 1, qty: 500, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual(["2<-1 100@2000", "3<-1 200@2000"]);
    expect(r.filled(1)).toBe(300);
  });

  it("applies the other updates of a live order (0, 7, 8, 11, 13, 28, 39) as an amend, as the book replay does", () => {
    for (const reason of [0, 7, 8, 11, 13, 28, 39]) {
      const r = run({
        events: [
          { orderId: 1, t: "10:00:01", side: 2, qty: 500 },
          { orderId: 2, t: "10:00:02", side: 1, qty: 100 },
          { orderId: 1, t: "10:00:03", side: 2, qty: 300, reason }, // qty 300: 300 − 100 filled = 200 left
          { orderId: 3, t: "10:00:04", side: 1, qty: 500, otype: SWEEP },
        ],
      });
      expect(r.fills, `changereason ${reason}`).toEqual(["2<-1 100@2000", "3<-1 200@2000"]);
    }
  });

  it("applies an amended limit, keeping time priority", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 100, price: 1002 }, // does not accept 1000
        { orderId: 2, t: "10:00:02", side: 2, qty: 100, price: 1000 },
        { orderId: 1, t: "10:00:03", side: 2, qty: 100, price: 1000, reason: 5 }, // now it does
        { orderId: 3, t: "10:00:04", side: 1, qty: 100, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual(["3<-1 100@2000"]);
  });

  it("ignores the real market's executions and removes an order at its exit", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 300 },
        { orderId: 1, t: "10:00:03", side: 2, qty: 300, matched: 300, reason: 3, status: 2 }, // real fill
        { orderId: 2, t: "10:00:04", side: 2, qty: 300, reason: 10 }, // cancel on behalf
        { orderId: 3, t: "10:00:05", side: 1, qty: 600, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual(["3<-1 300@2000"]);
  });

  it("removes an order that exits before the sweep arrives", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300 },
        { orderId: 1, t: "10:00:02", side: 2, qty: 300, reason: 1 },
        { orderId: 2, t: "10:00:03", side: 1, qty: 300, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual([]);
  });

  it("removes a resting order at a purge or any orderstatus 4 row, and never rests a new inactive order (issue 13.1)", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 100 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 100 },
        { orderId: 3, t: "10:00:03", side: 2, qty: 100, reason: 29, status: 4 }, // new inactive
        { orderId: 4, t: "10:00:04", side: 2, qty: 100 },
        { orderId: 1, t: "10:00:05", side: 2, qty: 100, reason: 24, status: 4 }, // rest-of-day purge
        { orderId: 2, t: "10:00:06", side: 2, qty: 100, reason: 5, status: 4 }, // amended while inactive
        { orderId: 4, t: "10:00:07", side: 2, qty: 100, reason: 4, status: 2 }, // lost connection
        { orderId: 5, t: "10:00:08", side: 1, qty: 400, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual([]);
    expect(r.filled(5)).toBe(0);
  });

  it("never rests an order whose last row says it is not on the book (orderstatus 2: fill and kill)", () => {
    // Orders 1 and 6 arrive fill-and-kill (timevalidity 0, CODES.md: "not stored unless fully
    // matched"): the exchange writes orderstatus 2 (not stored on the book) on their one row and no
    // cancel. 1 finds no buy and is gone; 6 takes the 100 that 5 has left as it arrives, and its other
    // 300 are gone. 5's first row has orderstatus 2 too (incoming), but a later row stores it: it rests.
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300, status: 2 },
        { orderId: 2, t: "10:00:02", side: 1, qty: 100 },
        { orderId: 5, t: "10:00:03", side: 2, qty: 200, status: 2 },
        { orderId: 5, t: "10:00:03.5", side: 2, qty: 200, reason: 5 },
        { orderId: 6, t: "10:00:03.7", side: 1, qty: 400, status: 2 },
        { orderId: 3, t: "10:00:04", side: 1, qty: 600, otype: SWEEP },
      ],
    });
    // Resting as its rows say, 1 sold 100 to 2 and 200 to 6, and 5 its 200 to 6.
    expect(r.fills).toEqual(["5<-2 100@2000", "6<-5 100@2000"]);
    expect([1, 2, 5, 6, 3].map(r.filled)).toEqual([0, 100, 200, 100, 0]);
  });

  it("fills a sell sweep against resting buys", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 1, qty: 200, price: 1000 },
        { orderId: 2, t: "10:00:02", side: 1, qty: 300, price: 999 }, // buy ≤ 999 < mid: skipped
        { orderId: 3, t: "10:00:03", side: 1, qty: 300, orderType: 2, price: 0 }, // market buy
        { orderId: 4, t: "10:00:04", side: 2, qty: 400, price: 999, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual(["4<-1 200@2000", "4<-3 200@2000"]);
    expect(r.value(4)).toBe(800_000);
  });
});

describe("simulateMidpoint: session window", () => {
  it("rests arrivals before the start without matching and ignores arrivals at or after the end", () => {
    const r = run({
      events: [
        { orderId: 1, t: "09:59:00", side: 2, qty: 100 },
        { orderId: 2, t: "09:59:30", side: 1, qty: 100 }, // would match 1, but before 10:00
        { orderId: 3, t: "10:00:00", side: 2, qty: 100, otype: SWEEP }, // at the start: matches 2
        { orderId: 4, t: "10:00:01", side: 1, qty: 100, otype: SWEEP }, // matches 1
        { orderId: 5, t: "15:59:00", side: 2, qty: 100 }, // rests
        { orderId: 6, t: "16:00:00", side: 1, qty: 100, otype: SWEEP }, // at the end: ignored
      ],
    });
    expect(r.fills).toEqual(["3<-2 100@2000", "4<-1 100@2000"]);
    expect(r.filled(6)).toBe(0);
    expect(r.filled(5)).toBe(0);
  });

  it("uses the first row's available quantity (qty − matched) and ignores a first row that is an exit", () => {
    const r = run({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 500, matched: 350, reason: 3 }, // 150 available
        { orderId: 2, t: "10:00:02", side: 2, qty: 500, reason: 9 }, // first seen as an exit
        { orderId: 3, t: "10:00:03", side: 1, qty: 600, otype: SWEEP },
      ],
    });
    expect(r.fills).toEqual(["3<-1 150@2000"]);
    expect(r.filled(2)).toBe(0);
  });
});

describe("simulateMidpoint: fillList option", () => {
  it("counts the fills without keeping them when fillList is false; every other column is the same", () => {
    const spec: PartitionSpec = {
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300, price: 1000 },
        { orderId: 2, t: "10:00:02", side: 2, qty: 300, price: 999 },
        { orderId: 3, t: "10:00:03", side: 1, qty: 500, price: 1001, otype: SWEEP },
        { orderId: 4, t: "10:00:04", side: 1, qty: 400, price: 1001 },
      ],
    };
    const kept = run(spec);
    const counted = run(spec, { ...OPTIONS, fillList: false });
    expect(kept.fills).toEqual(["3<-1 300@2000", "3<-2 200@2000", "4<-2 100@2000"]);
    expect(kept.res.fillCount).toBe(3);
    expect(counted.res.fillList).toEqual([]);
    expect(counted.res.fillCount).toBe(3);
    const columns = (r: typeof kept.res): unknown[] => [
      Array.from(r.orderId),
      ...[r.firstRow, r.filledQty, r.valueHalfTicks, r.fills, r.slotOfOrder].map((c) => Array.from(c)),
    ];
    expect(columns(counted.res)).toEqual(columns(kept.res));
    expect(Array.from(counted.res.filledQty)).toEqual([300, 300, 500, 100]);
  });
});
