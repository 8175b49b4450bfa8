/**
 * orderstatus 3 (CODES.md): a trigger order not yet triggered. It cannot trade until it is
 * triggered (changereason 12, or 37 for a trigger-on-session order, with another status), so it is
 * no liquidity: neither the book replay nor the midpoint simulation holds it live before then.
 */
import { describe, expect, it } from "vitest";
import { replayBook, type BookReplay } from "../../src/core/book.js";
import { quotesOf } from "../../src/core/nbbo.js";
import { simulateMidpoint } from "../../src/core/simulate.js";
import { CENTRE_POINT_MASK, ORDER_STATUS_UNTRIGGERED } from "../../src/model/codes.js";
import { buildPartition, t, type EventSpec } from "../fixtures/partition.js";

const T0 = t("10:00:00");
const SWEEP = 2048;

/** The order columns of `events`, row i at 10:00:00 + i s (so rows keep their order). */
function orders(events: Omit<EventSpec, "t">[]) {
  return buildPartition({ events: events.map((e, i) => ({ ...e, t: T0 + i * 1e9 })) }).orders;
}

/** "bid/offer cpBuy/cpSell" after every row. */
function states(b: BookReplay): string[] {
  return Array.from(b.bestBidTicks, (bid, i) => `${bid}/${b.bestOfferTicks[i]} ${b.cpBuyQty[i]}/${b.cpSellQty[i]}`);
}

describe("replayBook: orderstatus 3 (trigger order not yet triggered)", () => {
  it("is the code CODES.md gives", () => {
    expect(ORDER_STATUS_UNTRIGGERED).toBe(3);
  });

  it("a lit trigger order enters the levels only when triggered (12), then trades and leaves", () => {
    const b = replayBook(
      orders([
        { orderId: 1, side: 1, price: 1000, qty: 100, status: 3, otype: 0 }, // 0: placed, not triggered → 0/0
        { orderId: 1, side: 1, price: 1001, qty: 100, status: 3, otype: 0, reason: 5 }, // 1: amended, still dormant
        { orderId: 1, side: 1, price: 1001, qty: 100, status: 1, otype: 0, reason: 12 }, // 2: triggered → bid 1001
        { orderId: 1, side: 1, price: 1001, qty: 100, matched: 40, status: 1, otype: 0, reason: 3 }, // 3: 60 left
        { orderId: 1, side: 1, price: 1001, qty: 100, matched: 40, status: 2, otype: 0, reason: 1 }, // 4: cancelled
      ]),
    );
    expect(states(b)).toEqual(["0/0 0/0", "0/0 0/0", "1001/0 0/0", "1001/0 0/0", "0/0 0/0"]);
    expect(b.warnings).toEqual([]);
  });

  it("a Centre Point trigger order is no resting depth, and a cancel before its trigger warns nothing", () => {
    const b = replayBook(
      orders([
        { orderId: 1, side: 2, qty: 300, status: 3 }, // 0: dormant sell → no depth
        { orderId: 2, side: 1, qty: 100 }, // 1: a live buy of 100
        { orderId: 1, side: 2, qty: 300, status: 2, reason: 1 }, // 2: cancelled while dormant
        { orderId: 3, side: 2, qty: 50, status: 3, reason: 37 }, // 3: still dormant at the end
      ]),
    );
    expect(states(b)).toEqual(["0/0 0/0", "0/0 100/0", "0/0 100/0", "0/0 100/0"]);
    expect(b.liveCentrePointOrders).toBe(1);
    expect(b.warningCounts.unknown_order_id).toBe(0);
  });

  it("a trigger order placed live and sent back to status 3 leaves the book", () => {
    const b = replayBook(
      orders([
        { orderId: 1, side: 1, price: 1000, qty: 100, otype: 0 },
        { orderId: 1, side: 1, price: 1000, qty: 100, otype: 0, status: 3, reason: 5 },
      ]),
    );
    expect(states(b)).toEqual(["1000/0 0/0", "0/0 0/0"]);
    expect(b.liveLitOrders).toBe(0);
  });
});

describe("simulateMidpoint: orderstatus 3", () => {
  const options = { centrePointMask: CENTRE_POINT_MASK, sessionStartNs: t("10:00:00"), sessionEndNs: t("16:00:00") };

  it("a dormant Centre Point order neither rests nor matches until triggered; then it arrives", () => {
    const p = buildPartition({
      events: [
        { orderId: 1, t: "10:00:01", side: 2, qty: 300, price: 990, status: 3 }, // dormant sell
        { orderId: 2, t: "10:00:02", side: 1, qty: 100, price: 1010, otype: SWEEP }, // finds nothing: rests
        { orderId: 1, t: "10:00:03", side: 2, qty: 300, price: 990, status: 1, reason: 12 }, // triggered: fills 2
        { orderId: 3, t: "10:00:04", side: 1, qty: 50, price: 1010, status: 3 }, // dormant buy: no fill
      ],
    });
    const r = simulateMidpoint(p.orders, quotesOf(p), options);
    const id = (row: number): number => Number(p.orders.orderId[row]);
    expect(r.fillList.map((f) => `${id(f.aggressorRow)}<-${id(f.restingRow)} ${f.qty}@${f.midHalfTicks}`)).toEqual([
      "1<-2 100@2000",
    ]);
    expect(Array.from(r.filledQty)).toEqual([100, 100, 0]);
  });
});
