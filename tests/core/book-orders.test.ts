import { describe, expect, it } from "vitest";
import { LiveBook } from "../../src/core/book-orders.js";

describe("LiveBook slots", () => {
  it("keeps each live order's state through slot growth and reuse, and forgets orders that left", () => {
    const n = 5000;
    const book = new LiveBook(n);
    // 3000 lit bids live at once (more than the initial slots), at 100 + k % 7 ticks, k + 1 shares.
    for (let k = 0; k < 3000; k++) book.place(k, 1, 100 + (k % 7), false, false, k + 1, 0);
    // Every even order leaves; their slots are taken again by orders 3000 … 4499 (Centre Point sells).
    for (let k = 0; k < 3000; k += 2) book.remove(k);
    for (let k = 3000; k < 4500; k++) book.place(k, 2, 0, false, true, 10, 0);
    // An execution and an amend of a kept order, and a place with no leaves (it leaves).
    book.execute(1, 1, 1);
    book.place(3, 1, 50, false, false, 40, 0);
    book.place(5, 1, 105, false, false, 0, 6);
    const live = Array.from({ length: n }, (_, k) => k).filter((k) => book.isLive(k));
    expect(live.length).toBe(1499 + 1500);
    expect(live.some((k) => k < 3000 && k % 2 === 0)).toBe(false);
    expect([book.leavesOf(1), book.matchedOf(1), book.priceOf(1)]).toEqual([1, 1, 101]);
    expect([book.leavesOf(3), book.priceOf(3)]).toEqual([40, 50]);
    expect(book.leavesOf(2999)).toBe(3000);
    expect(book.isLive(5)).toBe(false);
    expect([book.cpOrders, book.cpSellQty, book.cpBuyQty]).toEqual([1500, 15_000, 0]);
    expect(book.bids.orderCount).toBe(1499);
    // Σ leaves at 101 ticks: odd k with k % 7 = 1, order 1 now 1 share.
    let at101 = 0;
    for (let k = 1; k < 3000; k += 2) if (k % 7 === 1) at101 += k === 1 ? 1 : k + 1;
    expect(book.bids.qtyAt(101)).toBe(at101);
    expect(book.bids.best()).toBe(106);
  });
});
