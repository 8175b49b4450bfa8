import { describe, expect, it } from "vitest";
import { tradingDates } from "../../src/gen/calendar.js";
import { fillQuantity, minFill, wholeMidpoint } from "../../src/gen/cp-book.js";
import { IdSource } from "../../src/gen/ids.js";
import { LitBook } from "../../src/gen/lit-book.js";
import { deriveSeed, Rng } from "../../src/gen/rng.js";
import type { SimOrder } from "../../src/gen/sim-order.js";
import { makeSecurities, planBudgets } from "../../src/gen/universe.js";

function stubOrder(o: Partial<SimOrder>): SimOrder {
  const qty = o.qty ?? 100;
  return {
    idStr: "7904794000000000001",
    side: 1,
    price: 20000,
    qty,
    leaves: qty,
    matched: 0,
    ordertype: 1,
    eot: 64,
    participant: 1001,
    minQty: 0,
    sfMinQty: 0,
    crossingKey: 0,
    cp: true,
    cancelAt: -1,
    liveIdx: -1,
    prefer: false,
    activateAt: -1,
    ...o,
  };
}

describe("Rng", () => {
  it("is a pure function of its seed", () => {
    const draw = (seed: number): number[] => {
      const r = new Rng(seed);
      return Array.from({ length: 5 }, () => r.u32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(deriveSeed(42, 1, 2)).toBe(deriveSeed(42, 1, 2));
    expect(deriveSeed(42, 1, 2)).not.toBe(deriveSeed(42, 2, 1));
  });

  it("draws integers inside their inclusive bounds", () => {
    const r = new Rng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.int(3, 7);
      expect(x >= 3 && x <= 7).toBe(true);
      seen.add(x);
      const y = r.logInt(10, 500);
      expect(y >= 10 && y <= 500).toBe(true);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });
});

describe("calendar", () => {
  it("counts weekdays and rolls weekends forward", () => {
    expect(tradingDates("2024-10-02", 4)).toEqual(["2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"]);
    expect(tradingDates("2024-10-05", 2)).toEqual(["2024-10-07", "2024-10-08"]);
    expect(() => tradingDates("2024-02-30", 1)).toThrow(RangeError);
  });
});

describe("Centre Point rules", () => {
  it("has a midpoint only for a two-sided, uncrossed quote with an even sum", () => {
    expect(wholeMidpoint(20000, 20010)).toBe(20005);
    expect(wholeMidpoint(4692, 4694)).toBe(4693);
    expect(wholeMidpoint(4692, 4693)).toBeUndefined();
    expect(wholeMidpoint(0, 4693)).toBeUndefined();
    expect(wholeMidpoint(4693, 4693)).toBeUndefined();
  });

  it("fills min(leaves) when both limits accept the mid and both minimums are met", () => {
    const buy = stubOrder({ side: 1, price: 20010, qty: 300 });
    const sell = stubOrder({ side: 2, price: 20000, qty: 500, idStr: "2" });
    expect(fillQuantity(buy, sell, 20005)).toBe(300);
    expect(fillQuantity(buy, sell, 20015)).toBe(0); // above the buy limit
    expect(fillQuantity(buy, stubOrder({ side: 2, ordertype: 2, price: 0, qty: 50 }), 20015 - 10)).toBe(50);
    expect(fillQuantity(buy, stubOrder({ side: 1 }), 20005)).toBe(0); // same side
    const block = stubOrder({ side: 2, price: 20000, qty: 5000, minQty: 1000, eot: 4096 });
    expect(fillQuantity(buy, block, 20005)).toBe(0); // 300 < block minimum
    expect(fillQuantity(stubOrder({ side: 1, price: 20010, qty: 1200 }), block, 20005)).toBe(1200);
    expect(minFill(stubOrder({ qty: 400, minQty: 1000 }))).toBe(400);
    expect(fillQuantity(stubOrder({ side: 1, price: 20010, qty: 250, sfMinQty: 300 }), sell, 20005)).toBe(250);
  });
});

describe("LitBook", () => {
  it("keeps price-time priority and reports 0 for an empty side", () => {
    const b = new LitBook();
    expect([b.bestBid(), b.bestOffer()]).toEqual([0, 0]);
    const b1 = stubOrder({ idStr: "1", side: 1, price: 100 });
    const b2 = stubOrder({ idStr: "2", side: 1, price: 110 });
    const b3 = stubOrder({ idStr: "3", side: 1, price: 110 });
    const s1 = stubOrder({ idStr: "4", side: 2, price: 120, qty: 7 });
    for (const o of [b1, b2, b3, s1]) b.insert(o);
    expect([b.bestBid(), b.bestOffer()]).toEqual([110, 120]);
    expect(b.head(1)).toBe(b2);
    expect(b.bestLevelQty(2)).toBe(7);
    b.remove(b2);
    expect(b.head(1)).toBe(b3);
    b.remove(b3);
    expect(b.bestBid()).toBe(100);
    expect(() => b.remove(b3)).toThrow(/not at price/);
  });
});

describe("universe and ids", () => {
  it("splits the order target exactly over the partitions", () => {
    const secs = makeSecurities(5, new Rng(1));
    const budgets = planBudgets(100_003, secs, 3, new Rng(2));
    expect(budgets).toHaveLength(3);
    expect(budgets.flat().reduce((a, b) => a + b, 0)).toBe(100_003);
    expect(secs.map((s) => s.decimals)).toEqual([3, 3, 3, 3, 2]);
    expect(secs.map((s) => s.code)).toEqual([110621, 110622, 110623, 110624, 110625]);
    for (const s of secs) expect(s.startPriceUnits % s.tickUnits).toBe(0);
    expect(makeSecurities(1, new Rng(1)).map((s) => s.decimals)).toEqual([3]);
  });

  it("issues increasing ids beyond 2^53 as exact text, one id space per date", () => {
    const a = new IdSource(0);
    const x = a.next(5);
    const y = a.next(1);
    expect(x).toBe("7904794000000000005");
    expect(y).toBe("7904794000000000006");
    expect(new IdSource(1).next(1)).toBe("7904795000000000001");
  });
});
