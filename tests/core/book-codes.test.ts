/**
 * Every changereason of CODES.md in the book replay: each code is exactly one of entry (places the
 * order with the row's state), exit (removes it), traded (3), an update of a live order's state in
 * place, or 29 (new inactive: not live). Written out here from CODES.md by hand, not taken from
 * src/model/codes.ts. A Direct Drop row carries its order's whole state after the event, so the
 * updates — 0 undefined, 5 updated, 7 and 8 market order converted (to the auction's equilibrium
 * price, to a limit order), 11 bait recalculated, 13 reserved order refreshed, 28 ownership
 * transferred, 39 undisclosed-quantity order converted — set the order's price, type and leaves;
 * they were ignored before, so a market order converted to a limit order (8) stayed out of the
 * lit book and a refreshed or converted Centre Point order kept its old depth.
 */
import { describe, expect, it } from "vitest";
import { replayBook, type BookReplay } from "../../src/core/book.js";
import { ENTRY_REASONS, EXIT_REASONS, UPDATE_REASONS } from "../../src/model/codes.js";
import { buildPartition, t, type EventSpec } from "../fixtures/partition.js";

const T0 = t("10:00:00");

/** CODES.md's changereason table, and its sentence on which reasons end an order's life. */
const CODES_MD_REASONS = [
  0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 34, 35, 36, 37, 38, 39,
  40, 41, 42, 43, 48, 49, 50, 51,
];
const CODES_MD_EXITS = [1, 4, 9, 10, 15, 19, 20, 21, 23, 24, 25, 26, 27, 34, 35, 38, 40, 41, 42, 43, 51];

function orders(events: Omit<EventSpec, "t">[]) {
  return buildPartition({ events: events.map((e, i) => ({ ...e, t: T0 + i * 1000 })) }).orders;
}
const lit = (e: Omit<EventSpec, "t" | "otype">): Omit<EventSpec, "t"> => ({ ...e, otype: 0 });
const quotes = (b: BookReplay): string[] => Array.from(b.bestBidTicks, (bid, i) => `${bid}/${b.bestOfferTicks[i]}`);
const codes = (b: BookReplay): string[] => b.warnings.map((w) => `${w.code}@${w.row}#${w.orderId}`);

describe("every changereason of CODES.md has one meaning in the book replay", () => {
  it("entry, exit, traded, update or 29 (new inactive): each code exactly one", () => {
    const kinds = CODES_MD_REASONS.map((r) => {
      const k = [
        ENTRY_REASONS.has(r) && "entry",
        EXIT_REASONS.has(r) && "exit",
        r === 3 && "traded",
        UPDATE_REASONS.has(r) && "update",
        r === 29 && "inactive",
      ].filter(Boolean);
      return `${r}:${k.join("+")}`;
    });
    expect(kinds.filter((k) => !/^\d+:[a-z]+$/.test(k))).toEqual([]);
    expect([...EXIT_REASONS].sort((a, b) => a - b)).toEqual(CODES_MD_EXITS);
    expect([...UPDATE_REASONS].sort((a, b) => a - b)).toEqual([0, 5, 7, 8, 11, 13, 28, 39]);
  });

  it("8 (market order converted to a limit order) puts a parked market order into its lit level", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 1, price: 0, qty: 100, orderType: 2 }), // 0: market buy, nothing to cross → 0/0
        lit({ orderId: 2, side: 2, price: 1010, qty: 50 }), // 1: an offer; 1 stays parked             → 0/1010
        lit({ orderId: 1, side: 1, price: 1005, qty: 100, orderType: 1, reason: 8 }), // 2: rests at 1005 → 1005/1010
        lit({ orderId: 1, side: 1, price: 1005, qty: 100, orderType: 1, reason: 1 }), // 3: cancelled     → 0/1010
      ]),
    );
    expect(quotes(b)).toEqual(["0/0", "0/1010", "1005/1010", "0/1010"]);
    expect(codes(b)).toEqual([]);
  });

  it("7 (converted at the auction's equilibrium price) and 11 (bait recalculated) move a lit order's price", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 2, price: 0, qty: 100, orderType: 2 }), // 0: market sell, parked   → 0/0
        lit({ orderId: 1, side: 2, price: 1012, qty: 100, orderType: 1, reason: 7 }), // 1: at 1012 → 0/1012
        lit({ orderId: 2, side: 1, price: 1000, qty: 10 }), // 2: a bid                            → 1000/1012
        lit({ orderId: 2, side: 1, price: 1003, qty: 10, reason: 11 }), // 3: bait moved to 1003   → 1003/1012
      ]),
    );
    expect(quotes(b)).toEqual(["0/0", "0/1012", "1000/1012", "1003/1012"]);
    expect(codes(b)).toEqual([]);
  });

  it("13, 39, 28 and 0 set a live Centre Point order's depth to the row's leaves", () => {
    const b = replayBook(
      orders([
        { orderId: 1, side: 1, qty: 500 }, // 0: CP buy 500                                 → depth 500/0
        { orderId: 2, side: 2, qty: 300 }, // 1: CP sell 300                                → 500/300
        { orderId: 1, side: 1, qty: 500, leaves: 400, reason: 13 }, // 2: refreshed to 400  → 400/300
        { orderId: 2, side: 2, qty: 200, reason: 39 }, // 3: converted, 200 left             → 400/200
        { orderId: 2, side: 2, qty: 200, reason: 28 }, // 4: ownership transferred, same     → 400/200
        { orderId: 1, side: 1, qty: 500, leaves: 350, reason: 0 }, // 5: undefined, 350      → 350/200
        { orderId: 1, side: 1, qty: 500, leaves: 0, reason: 13 }, // 6: leaves 0: gone      → 0/200
      ]),
    );
    expect(Array.from(b.cpBuyQty, (q, i) => `${q}/${b.cpSellQty[i]}`)).toEqual([
      "500/0",
      "500/300",
      "400/300",
      "400/200",
      "400/200",
      "350/200",
      "0/200",
    ]);
    expect(b.liveCentrePointOrders).toBe(1);
    expect(codes(b)).toEqual([]);
  });

  it("an update of an order that is not live is an unknown_order_id warning, as an amend (5) is", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 7, side: 1, price: 1000, qty: 10, reason: 13 }), // 0: never placed → warned, ignored
        lit({ orderId: 8, side: 1, price: 1000, qty: 10, reason: 29, status: 4 }), // 1: new inactive: not live, no warning
        lit({ orderId: 8, side: 1, price: 1000, qty: 10, reason: 28, status: 4 }), // 2: inactive row: nothing
      ]),
    );
    expect(quotes(b)).toEqual(["0/0", "0/0", "0/0"]);
    expect(codes(b)).toEqual(["unknown_order_id@0#7"]);
  });
});

describe("orderstatus 2 (not stored on the book) on an order's last row", () => {
  it("takes a fill-and-kill order off the book after its last row: no depth, no level, no crossed book", () => {
    const b = replayBook(
      orders([
        lit({ orderId: 1, side: 2, price: 1010, qty: 100 }), // 0: an offer                          → 0/1010
        { orderId: 2, side: 2, price: 1000, qty: 300, status: 2 }, // 1: CP sell, fill and kill: gone  → 0/1010
        lit({ orderId: 3, side: 1, price: 1012, qty: 150, status: 2 }), // 2: lit buy FAK crosses 1010
        lit({ orderId: 1, side: 2, price: 1010, qty: 100, matched: 100, reason: 3, status: 2 }), // 3: 1 filled
        lit({ orderId: 3, side: 1, price: 1012, qty: 150, matched: 100, reason: 3, status: 2 }), // 4: 50 killed
        lit({ orderId: 4, side: 2, price: 1011, qty: 10 }), // 5: an offer above no bid                → 0/1011
        { orderId: 5, side: 1, price: 1000, qty: 40, status: 2 }, // 6: CP buy incoming…
        { orderId: 5, side: 1, price: 1000, qty: 40, reason: 5 }, // 7: …then stored: it rests
      ]),
    );
    expect(quotes(b)).toEqual(["0/1010", "0/1010", "0/1010", "0/0", "0/0", "0/1011", "0/1011", "0/1011"]);
    expect(Array.from(b.cpSellQty)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(b.cpBuyQty)).toEqual([0, 0, 0, 0, 0, 0, 40, 40]);
    expect(codes(b)).toEqual([]);
    expect([b.liveLitOrders, b.liveCentrePointOrders]).toEqual([1, 1]);
  });
});
