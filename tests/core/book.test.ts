/**
 * Golden tests of the order book replay: hand-built partitions with the book after every row
 * worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { replayBook, type BookReplay } from "../../src/core/book.js";
import { buildPartition, t, type EventSpec } from "../fixtures/partition.js";

const T0 = t("10:00:00");

/** Builds the order columns of `events`, row i at 10:00:00 + i µs (so rows keep their order). */
function orders(events: Omit<EventSpec, "t">[]) {
  return buildPartition({ events: events.map((e, i) => ({ ...e, t: T0 + i * 1000 })) }).orders;
}

/** A lit limit order row (exchangeordertype 0); the fixture's default is Centre Point. */
function lit(e: Omit<EventSpec, "t" | "otype">): Omit<EventSpec, "t"> {
  return { ...e, otype: 0 };
}

/** "bid/offer" after every row. */
function quotes(b: BookReplay): string[] {
  return Array.from(b.bestBidTicks, (bid, i) => `${bid}/${b.bestOfferTicks[i]}`);
}

/** code@row#orderId of every kept warning. */
function codes(b: BookReplay): string[] {
  return b.warnings.map((w) => `${w.code}@${w.row}#${w.orderId}`);
}

describe("replayBook: lit adds, amends, cancels and executions", () => {
  it("tracks the best bid and offer after every row", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0: bids {1000:100}            → 1000/0
        lit({ orderId: 2, side: 2, price: 1010, qty: 200 }), // 1: offers {1010:200}          → 1000/1010
        lit({ orderId: 3, side: 1, price: 1002, qty: 50 }), // 2: bids {1002, 1000}           → 1002/1010
        lit({ orderId: 3, side: 1, price: 1001, qty: 50, reason: 5 }), // 3: 3 moves to 1001  → 1001/1010
        lit({ orderId: 4, side: 2, price: 1008, qty: 100 }), // 4: offers {1008, 1010}        → 1001/1008
        lit({ orderId: 3, side: 1, price: 1001, qty: 50, reason: 1 }), // 5: 3 cancelled      → 1000/1008
        lit({ orderId: 4, side: 2, price: 1008, qty: 100, matched: 40, reason: 3 }), // 6: 60 left → 1000/1008
        lit({ orderId: 4, side: 2, price: 1008, qty: 100, matched: 100, reason: 3 }), // 7: filled → 1000/1010
        lit({ orderId: 1, side: 1, price: 1000, qty: 30, reason: 5 }), // 8: 1 reduced to 30  → 1000/1010
        lit({ orderId: 1, side: 1, price: 1000, qty: 30, reason: 23 }), // 9: 1 purged        → 0/1010
        lit({ orderId: 5, side: 2, price: 1009, qty: 10, reason: 30 }), // 10: 5 reloaded     → 0/1009
        lit({ orderId: 2, side: 2, price: 1010, qty: 200, reason: 9 }), // 11: 2 cancelled    → 0/1009
      ]),
    );
    expect(quotes(b)).toEqual([
      "1000/0",
      "1000/1010",
      "1002/1010",
      "1001/1010",
      "1001/1008",
      "1000/1008",
      "1000/1008",
      "1000/1010",
      "1000/1010",
      "0/1010",
      "0/1009",
      "0/1009",
    ]);
    expect(b.warnings).toEqual([]);
    expect(b.liveLitOrders).toBe(1); // order 5
    expect(b.liveCentrePointOrders).toBe(0);
    expect(Array.from(b.cpBuyQty)).toEqual(new Array(12).fill(0));
  });

  it("keeps a level while another order rests at its price, and removes any row with leaves 0", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0: {1000: 1 order}         → 1000/0
        lit({ orderId: 2, side: 1, price: 1000, qty: 50 }), // 1: {1000: 2 orders}          → 1000/0
        lit({ orderId: 1, side: 1, price: 1000, qty: 100, reason: 10 }), // 2: one left     → 1000/0
        lit({ orderId: 2, side: 1, price: 1000, qty: 50, leaves: 0, reason: 5 }), // 3: leaves 0 → 0/0
        lit({ orderId: 3, side: 2, price: 1005, qty: 10, leaves: 0 }), // 4: enters empty   → 0/0
      ]),
    );
    expect(quotes(b)).toEqual(["1000/0", "1000/0", "1000/0", "0/0", "0/0"]);
    expect(b.liveLitOrders).toBe(0);
    expect(b.warnings).toEqual([]);
  });

  it("returns empty columns for an empty partition", () => {
    const b = replayBook(orders([]));
    expect(b.bestBidTicks).toEqual(new Float64Array(0));
    expect(b.cpSellQty).toEqual(new Float64Array(0));
    expect(b.warningCounts).toEqual({ book_crossed: 0, unknown_order_id: 0, negative_leaves: 0, duplicate_add: 0 });
    expect(b.liveLitOrders).toBe(0);
  });
});

describe("replayBook: aggressive lit orders", () => {
  /** Offers 100@1010, 50@1011, 200@1013 and a bid 100@1000 (rows 0–3). */
  const book = [
    lit({ orderId: 11, side: 2, price: 1010, qty: 100 }),
    lit({ orderId: 12, side: 2, price: 1011, qty: 50 }),
    lit({ orderId: 13, side: 2, price: 1013, qty: 200 }),
    lit({ orderId: 14, side: 1, price: 1000, qty: 100 }),
  ];

  it("holds a buy that sweeps two levels out of the book until its remainder rests", () => {
    const b = replayBook(
      orders([
        ...book, // rows 0–3                                                                → 1000/1010
        lit({ orderId: 20, side: 1, price: 1011, qty: 200 }), // 4: crosses 1010: incoming  → 1000/1010
        lit({ orderId: 11, side: 2, price: 1010, qty: 100, matched: 100, reason: 3 }), // 5  → 1000/1011
        lit({ orderId: 20, side: 1, price: 1011, qty: 200, matched: 100, reason: 3 }), // 6: still crosses → 1000/1011
        lit({ orderId: 12, side: 2, price: 1011, qty: 50, matched: 50, reason: 3 }), // 7    → 1000/1013
        lit({ orderId: 20, side: 1, price: 1011, qty: 200, matched: 150, reason: 3 }), // 8: 50 rest → 1011/1013
        lit({ orderId: 20, side: 1, price: 1011, qty: 200, matched: 150, reason: 1 }), // 9  → 1000/1013
      ]),
    );
    expect(quotes(b).slice(3)).toEqual([
      "1000/1010",
      "1000/1010",
      "1000/1011",
      "1000/1011",
      "1000/1013",
      "1011/1013",
      "1000/1013",
    ]);
    expect(b.warnings).toEqual([]);
    expect(b.liveLitOrders).toBe(2); // 13 and 14
  });

  it("drops an aggressive order filled in full and parks a market order with nothing left to cross", () => {
    const b = replayBook(
      orders([
        ...book, // rows 0–3                                                                → 1000/1010
        lit({ orderId: 21, side: 2, price: 1000, qty: 30 }), // 4: crosses 1000: incoming   → 1000/1010
        lit({ orderId: 14, side: 1, price: 1000, qty: 100, matched: 30, reason: 3 }), // 5: 70 left → 1000/1010
        lit({ orderId: 21, side: 2, price: 1000, qty: 30, matched: 30, reason: 3 }), // 6: filled → 1000/1010
        lit({ orderId: 22, side: 2, price: 0, qty: 100, orderType: 2 }), // 7: market: incoming → 1000/1010
        lit({ orderId: 14, side: 1, price: 1000, qty: 100, matched: 100, reason: 3 }), // 8 → 0/1010
        lit({ orderId: 22, side: 2, price: 0, qty: 100, matched: 70, reason: 3 }), // 9: 30 left, parked → 0/1010
        lit({ orderId: 15, side: 1, price: 1001, qty: 10 }), // 10: a bid; the parked order stays out → 1001/1010
        lit({ orderId: 22, side: 2, price: 0, qty: 100, matched: 70, reason: 9 }), // 11: killed → 1001/1010
      ]),
    );
    expect(quotes(b).slice(4)).toEqual([
      "1000/1010",
      "1000/1010",
      "1000/1010",
      "1000/1010",
      "0/1010",
      "0/1010",
      "1001/1010",
      "1001/1010",
    ]);
    expect(b.warnings).toEqual([]);
    expect(b.liveLitOrders).toBe(4); // 11, 12, 13, 15
  });

  it("takes an order amended through the opposite best out of the levels until its executions are written", () => {
    const b = replayBook(
      orders([
        ...book, // rows 0–3                                                                → 1000/1010
        lit({ orderId: 14, side: 1, price: 1010, qty: 100, reason: 5 }), // 4: crosses: incoming → 0/1010
        lit({ orderId: 11, side: 2, price: 1010, qty: 100, matched: 100, reason: 3 }), // 5 → 0/1011
        lit({ orderId: 14, side: 1, price: 1010, qty: 100, matched: 100, reason: 3 }), // 6: filled → 0/1011
      ]),
    );
    expect(quotes(b).slice(4)).toEqual(["0/1010", "0/1011", "0/1011"]);
    expect(b.warnings).toEqual([]);
  });

  it("rests an aggressive limit order whose executions stop while it still crosses, and reports the crossed book", () => {
    const b = replayBook(
      orders([
        ...book, // rows 0–3                                                                → 1000/1010
        lit({ orderId: 23, side: 1, price: 1012, qty: 500 }), // 4: incoming                → 1000/1010
        lit({ orderId: 11, side: 2, price: 1010, qty: 100, matched: 100, reason: 3 }), // 5 → 1000/1011
        lit({ orderId: 23, side: 1, price: 1012, qty: 500, matched: 100, reason: 3 }), // 6: crosses 1011 → 1000/1011
        lit({ orderId: 30, side: 2, price: 1020, qty: 5 }), // 7: not part of the sweep: 23 rests → 1012/1011, crossed
        lit({ orderId: 31, side: 2, price: 1021, qty: 5 }), // 8: same episode, no new warning → 1012/1011
        lit({ orderId: 12, side: 2, price: 1011, qty: 50, reason: 1 }), // 9: uncrossed      → 1012/1013
      ]),
    );
    expect(quotes(b).slice(6)).toEqual(["1000/1011", "1012/1011", "1012/1011", "1012/1013"]);
    expect(codes(b)).toEqual(["book_crossed@7#30"]);
    expect(b.warnings[0]?.tNs).toBe(T0 + 7000);
    expect(b.warnings[0]?.message).toContain("best bid 1012 ticks is at or above the best offer 1011 ticks");
  });
});

describe("replayBook: Centre Point depth", () => {
  it("sums Centre Point leaves per side, outside the lit levels", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0: lit 1000/0; cp 0/0
        { orderId: 2, side: 1, price: 1010, qty: 300 }, // 1: cp buy 300 (price above the bid, not lit)
        { orderId: 3, side: 1, price: 0, qty: 200, orderType: 2 }, // 2: cp market buy: 500
        { orderId: 4, side: 2, price: 990, qty: 150, otype: 4098 }, // 3: cp block sell 150
        { orderId: 5, side: 2, price: 995, qty: 400, otype: 2048 }, // 4: sweep sell 550
        { orderId: 2, side: 1, price: 1010, qty: 300, matched: 250, reason: 3 }, // 5: buys 250
        { orderId: 5, side: 2, price: 995, qty: 400, matched: 250, reason: 3 }, // 6: sells 300
        { orderId: 5, side: 2, price: 995, qty: 400, matched: 250, reason: 9 }, // 7: sweep killed: 150
        { orderId: 3, side: 1, price: 0, qty: 120, orderType: 2, reason: 5 }, // 8: amended to 120: buys 170
        { orderId: 4, side: 2, price: 990, qty: 150, otype: 4098, reason: 1 }, // 9: sells 0
      ]),
    );
    expect(Array.from(b.cpBuyQty)).toEqual([0, 300, 500, 500, 500, 250, 250, 250, 170, 170]);
    expect(Array.from(b.cpSellQty)).toEqual([0, 0, 0, 150, 550, 550, 300, 150, 150, 0]);
    expect(quotes(b)).toEqual(new Array(10).fill("1000/0"));
    expect(b.liveCentrePointOrders).toBe(2); // 2 and 3
    expect(b.liveLitOrders).toBe(1);
    expect(b.warnings).toEqual([]);
  });

  it("follows the Centre Point mask: with mask 2048 only sweeps are Centre Point", () => {
    const events = [
      { orderId: 1, side: 1 as const, price: 1000, qty: 100, otype: 64 }, // lit under mask 2048
      { orderId: 2, side: 1 as const, price: 1001, qty: 40, otype: 2048 },
    ];
    const b = replayBook(orders(events), { centrePointMask: 2048 });
    expect(quotes(b)).toEqual(["1000/0", "1000/0"]);
    expect(Array.from(b.cpBuyQty)).toEqual([0, 40]);
    const d = replayBook(orders(events));
    expect(quotes(d)).toEqual(["0/0", "0/0"]);
    expect(Array.from(d.cpBuyQty)).toEqual([100, 140]);
  });

  it("updates an order on a sweep conversion (48–50) and enters an unseen one without a warning", () => {
    const b = replayBook(
      orders([
        { orderId: 1, side: 2, price: 1000, qty: 500, otype: 64 }, // 0: sells 500
        { orderId: 1, side: 2, price: 1000, qty: 300, otype: 2048, reason: 48 }, // 1: converted, 300
        { orderId: 2, side: 2, price: 1000, qty: 70, otype: 2048, reason: 50 }, // 2: 370
      ]),
    );
    expect(Array.from(b.cpSellQty)).toEqual([500, 300, 370]);
    expect(b.liveCentrePointOrders).toBe(2);
    expect(b.warnings).toEqual([]);
  });
});

describe("replayBook: warnings", () => {
  const big = 7904794000124046634n; // above 2^53: must stay exact

  it("reports an amend, execution or cancel of an unknown order and ignores the row", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0
        lit({ orderId: big, side: 1, price: 1005, qty: 10, reason: 5 }), // 1: unknown amend
        lit({ orderId: 1, side: 1, price: 1000, qty: 100, reason: 1 }), // 2: cancelled
        lit({ orderId: 1, side: 1, price: 1000, qty: 100, matched: 10, reason: 3 }), // 3: already gone
        lit({ orderId: 3, side: 2, price: 1010, qty: 10, reason: 27 }), // 4: never placed
      ]),
    );
    expect(codes(b)).toEqual([`unknown_order_id@1#${big}`, "unknown_order_id@3#1", "unknown_order_id@4#3"]);
    expect(b.warnings[0]).toMatchObject({ row: 1, orderId: big, tNs: T0 + 1000 });
    expect(b.warnings[0]?.message).toContain(`changereason 5 for order ${big}, which is not live`);
    expect(quotes(b)).toEqual(["1000/0", "1000/0", "0/0", "0/0", "0/0"]);
    expect(b.warningCounts.unknown_order_id).toBe(3);
  });

  it("reports a new-order row for a live id and takes the new row as its state", () => {
    const b = replayBook(
      orders([
        lit({ orderId: big, side: 1, price: 1000, qty: 100 }), // 0                         → 1000/0
        lit({ orderId: big, side: 1, price: 998, qty: 40 }), // 1: again: moves to 998       → 998/0
        { orderId: 5, side: 1, price: 1000, qty: 60 }, // 2: cp 60
        { orderId: 5, side: 1, price: 1000, qty: 25 }, // 3: cp again: 25
      ]),
    );
    expect(codes(b)).toEqual([`duplicate_add@1#${big}`, "duplicate_add@3#5"]);
    expect(b.warnings[0]?.message).toContain(`new order ${big} (changereason 6) while it is still live with 100`);
    expect(quotes(b)).toEqual(["1000/0", "998/0", "998/0", "998/0"]);
    expect(Array.from(b.cpBuyQty)).toEqual([0, 0, 60, 25]);
    expect(b.liveLitOrders).toBe(1);
  });

  it("reports an execution above the open quantity and a negative leaves quantity", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0                           → 1000/0
        lit({ orderId: 1, side: 1, price: 1000, qty: 150, matched: 150, reason: 3 }), // 1: 150 > 100 open → 0/0
        { orderId: 2, side: 2, price: 1000, qty: 80 }, // 2: cp sells 80
        { orderId: 2, side: 2, price: 1000, qty: 80, leaves: -5, matched: 20, reason: 3 }, // 3: leaves −5 → 0
        { orderId: 3, side: 2, price: 1000, qty: 10, leaves: -1, reason: 5 }, // 4: unknown first
      ]),
    );
    expect(codes(b)).toEqual(["negative_leaves@1#1", "negative_leaves@3#2", "unknown_order_id@4#3"]);
    expect(b.warnings[0]?.message).toContain("totalmatchedquantity 0 → 150 executes 150 shares but only 100 were open");
    expect(quotes(b)).toEqual(["1000/0", "0/0", "0/0", "0/0", "0/0"]);
    expect(Array.from(b.cpSellQty)).toEqual([0, 0, 80, 0, 0]);
  });

  it("reports negative leaves on an amend and removes the order", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 2, price: 1000, qty: 100 }),
        lit({ orderId: 1, side: 2, price: 1000, qty: 100, leaves: -3, reason: 5 }),
      ]),
    );
    expect(codes(b)).toEqual(["negative_leaves@1#1"]);
    expect(b.warnings[0]?.message).toContain("has leavesquantity -3 < 0");
    expect(quotes(b)).toEqual(["0/1000", "0/0"]);
  });

  it("reports a crossed book once per episode, and again after it uncrossed", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0                           → 1000/0
        lit({ orderId: 2, side: 2, price: 1000, qty: 100 }), // 1: crosses: incoming         → 1000/0
        { orderId: 9, side: 1, qty: 10 }, // 2: cp row ends the sweep: 2 rests, crossed      → 1000/1000 warn
        { orderId: 9, side: 1, qty: 10, reason: 1 }, // 3: still crossed, same episode       → 1000/1000
        lit({ orderId: 2, side: 2, price: 1000, qty: 100, reason: 1 }), // 4: uncrossed       → 1000/0
        lit({ orderId: 3, side: 2, price: 999, qty: 100, reason: 30 }), // 5: reloaded, crosses: incoming → 1000/0
        lit({ orderId: 4, side: 2, price: 1005, qty: 1 }), // 6: 3 rests: crossed again      → 1000/999 warn
      ]),
    );
    expect(quotes(b)).toEqual(["1000/0", "1000/0", "1000/1000", "1000/1000", "1000/0", "1000/0", "1000/999"]);
    expect(codes(b)).toEqual(["book_crossed@2#9", "book_crossed@6#4"]);
    expect(b.warningCounts.book_crossed).toBe(2);
  });

  it("keeps the first maxWarnings warnings and counts them all", () => {
    const cancels = [1, 2, 3, 4, 5].map((id) => lit({ orderId: id, side: 1, price: 1000, qty: 1, reason: 1 }));
    const b = replayBook(orders(cancels), { maxWarnings: 2 });
    expect(codes(b)).toEqual(["unknown_order_id@0#1", "unknown_order_id@1#2"]);
    expect(b.warningCounts).toEqual({ book_crossed: 0, unknown_order_id: 5, negative_leaves: 0, duplicate_add: 0 });
    expect(replayBook(orders(cancels), { maxWarnings: 0 }).warnings).toEqual([]);
    expect(replayBook(orders(cancels)).warnings).toHaveLength(5);
  });
});

describe("replayBook: purges and inactive orders (issue 13.1)", () => {
  it("ends an order at a purge or inactivation row, and at any row with orderstatus 4", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 1000, qty: 100 }), // 0: bids {1000}                     → 1000/0
        lit({ orderId: 2, side: 2, price: 1010, qty: 100 }), // 1: offers {1010}                   → 1000/1010
        lit({ orderId: 3, side: 1, price: 1002, qty: 100 }), // 2: bids {1002, 1000}               → 1002/1010
        lit({ orderId: 1, side: 1, price: 1000, qty: 100, reason: 24, status: 4 }), // 3: rest-of-day purge → 1002/1010
        lit({ orderId: 3, side: 1, price: 1002, qty: 100, reason: 5, status: 4 }), // 4: inactive amend → 0/1010
        lit({ orderId: 2, side: 2, price: 1010, qty: 100, reason: 4, status: 2 }), // 5: lost connection → 0/0
        lit({ orderId: 4, side: 2, price: 1008, qty: 50, reason: 29, status: 4 }), // 6: new inactive: not live → 0/0
        lit({ orderId: 4, side: 2, price: 1008, qty: 50, reason: 36 }), // 7: activated              → 0/1008
        { orderId: 5, side: 1, qty: 70 }, // 8: Centre Point buy 70                                    → 0/1008
        { orderId: 5, side: 1, qty: 70, reason: 21, status: 4 }, // 9: halted: inactivated            → 0/1008
      ]),
    );
    expect(quotes(b)).toEqual([
      "1000/0",
      "1000/1010",
      "1002/1010",
      "1002/1010",
      "0/1010",
      "0/0",
      "0/0",
      "0/1008",
      "0/1008",
      "0/1008",
    ]);
    expect(Array.from(b.cpBuyQty)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 70, 0]);
    expect(b.warnings).toEqual([]);
    expect(b.liveLitOrders).toBe(1); // order 4
    expect(b.liveCentrePointOrders).toBe(0);
  });
});
