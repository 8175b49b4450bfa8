import { describe, expect, it } from "vitest";
import { matchTrades } from "../../src/core/match.js";
import { orderStates } from "../../src/core/states.js";
import { buildPartition } from "../fixtures/partition.js";

const p = buildPartition({
  events: [
    { orderId: 1, t: "10:00:01", side: 2, qty: 300, price: 1000 },
    { orderId: 2, t: "10:00:02", side: 1, qty: 500, price: 1001 },
    { orderId: 3, t: "10:00:03", side: 1, qty: 100, price: 1001 },
  ],
  trades: [
    { orderId: 1, t: "10:00:02", price: 1000, qty: 200, side: 2, matchGroupId: 1 },
    { orderId: 2, t: "10:00:02", price: 1000, qty: 200, matchGroupId: 1 },
    { orderId: 9, t: "10:00:03", price: 1001, qty: 7, matchGroupId: 2 },
    { orderId: 3, t: "10:00:04", price: 1001, qty: 100, matchGroupId: 3 },
    { orderId: 2, t: "10:00:05", price: 1002, qty: 50, matchGroupId: 4 },
  ],
});
const table = orderStates(p.orders);

describe("matchTrades", () => {
  it("fills every order's columns by order number, counting and sampling the legs of unknown orders", () => {
    const m = matchTrades(p.trades, table);
    expect(m.fills.detailOf).toBeUndefined();
    expect(Array.from(m.fills.filledQty)).toEqual([200, 250, 100]);
    expect(Array.from(m.fills.valueTicks)).toEqual([200_000, 250_100, 100_100]);
    expect(Array.from(m.fills.trades)).toEqual([1, 2, 1]);
    expect(m.fills.lastTradeNs[1]! - m.fills.firstTradeNs[1]!).toBe(3e9);
    expect([m.legs, m.matchedLegs, m.unknownOrderLegs, m.unknownOrderQty]).toEqual([5, 4, 1, 7]);
    expect(m.unknownSample.map((u) => u.orderId)).toEqual([9n]);
  });

  it("keeps value, trades and times for the detail orders only, in their order, and the same filled quantities", () => {
    const all = matchTrades(p.trades, table);
    const some = matchTrades(p.trades, table, 100, Int32Array.from([2, 1]));
    expect(Array.from(some.fills.filledQty)).toEqual(Array.from(all.fills.filledQty));
    expect(Array.from(some.fills.detailOf ?? [])).toEqual([-1, 1, 0]);
    expect(Array.from(some.fills.valueTicks)).toEqual([100_100, 250_100]);
    expect(Array.from(some.fills.trades)).toEqual([1, 2]);
    expect(Array.from(some.fills.firstTradeNs)).toEqual([all.fills.firstTradeNs[2], all.fills.firstTradeNs[1]]);
    expect(Array.from(some.fills.lastTradeNs)).toEqual([all.fills.lastTradeNs[2], all.fills.lastTradeNs[1]]);
    expect([some.matchedLegs, some.unknownOrderLegs]).toEqual([4, 1]);
  });
});
