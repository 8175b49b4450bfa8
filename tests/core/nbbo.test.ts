import { describe, expect, it } from "vitest";
import { AsOfCursor, asOfIndex, meanMidHalfTicks, midAt, midHalfTicks, quotesOf } from "../../src/core/nbbo.js";
import { allocQuoteSeries, type QuoteSeries } from "../../src/model/partition.js";
import { buildPartition, t } from "../fixtures/partition.js";

/** A quote series from (time, bid, offer) triples, in the given (sorted) order. */
function series(rows: [string, number, number][]): QuoteSeries {
  const q = allocQuoteSeries(rows.length);
  rows.forEach(([time, bid, offer], i) => {
    q.tNs[i] = t(time);
    q.bidTicks[i] = bid;
    q.offerTicks[i] = offer;
  });
  return q;
}

// quote 0 10:00:00 995/1005 → mid 2000 half ticks (1000.0 ticks)
// quote 1 10:00:02 996/1005 → mid 2001 (1000.5 ticks: a half tick)
// quote 2 10:00:04   0/1005 → gap (no bid)
// quote 3 10:00:05 1000/999 → gap (crossed)
// quote 4 10:00:06 1000/1000 → mid 2000 (locked quotes have a mid)
const Q = series([
  ["10:00:00", 995, 1005],
  ["10:00:02", 996, 1005],
  ["10:00:04", 0, 1005],
  ["10:00:05", 1000, 999],
  ["10:00:06", 1000, 1000],
]);

describe("midHalfTicks", () => {
  it("is bid + offer in half ticks only for a two-sided, uncrossed quote", () => {
    expect(midHalfTicks(995, 1005)).toBe(2000);
    expect(midHalfTicks(995, 1004)).toBe(1999); // 999.5 ticks
    expect(midHalfTicks(1000, 1000)).toBe(2000);
    expect(midHalfTicks(0, 1005)).toBeUndefined();
    expect(midHalfTicks(995, 0)).toBeUndefined();
    expect(midHalfTicks(0, 0)).toBeUndefined();
    expect(midHalfTicks(1001, 1000)).toBeUndefined();
  });
});

describe("asOfIndex / midAt", () => {
  it("finds the last quote at or before t", () => {
    expect(asOfIndex(Q, t("09:59:59"))).toBe(-1); // before the first quote
    expect(asOfIndex(Q, t("10:00:00"))).toBe(0); // exactly at a quote
    expect(asOfIndex(Q, t("10:00:01.999999999"))).toBe(0); // between quotes
    expect(asOfIndex(Q, t("10:00:02"))).toBe(1);
    expect(asOfIndex(Q, t("15:00:00"))).toBe(4); // after the last
    expect(asOfIndex(allocQuoteSeries(0), t("10:00:00"))).toBe(-1);
  });

  it("takes the last of several quotes sharing a time", () => {
    const dup = series([
      ["10:00:00", 990, 1010],
      ["10:00:01", 991, 1010],
      ["10:00:01", 992, 1010],
      ["10:00:02", 993, 1010],
    ]);
    expect(asOfIndex(dup, t("10:00:01"))).toBe(2);
    expect(midAt(dup, t("10:00:01.5"))).toBe(2002);
  });

  it("gives the mid in force, undefined before the first quote and in gaps", () => {
    expect(midAt(Q, t("09:59:59"))).toBeUndefined();
    expect(midAt(Q, t("10:00:01"))).toBe(2000);
    expect(midAt(Q, t("10:00:03"))).toBe(2001);
    expect(midAt(Q, t("10:00:04"))).toBeUndefined(); // bid 0
    expect(midAt(Q, t("10:00:05.5"))).toBeUndefined(); // crossed
    expect(midAt(Q, t("10:00:06"))).toBe(2000);
  });
});

describe("AsOfCursor", () => {
  it("answers like asOfIndex for non-decreasing times, and still for a step back", () => {
    const c = new AsOfCursor(Q);
    expect(c.index(t("09:00:00"))).toBe(-1);
    expect(c.mid(t("10:00:00"))).toBe(2000);
    expect(c.index(t("10:00:00"))).toBe(0); // same time again
    expect(c.mid(t("10:00:04.5"))).toBeUndefined();
    expect(c.index(t("10:00:04.5"))).toBe(2);
    expect(c.index(t("16:00:00"))).toBe(4);
    expect(c.index(t("10:00:02"))).toBe(1); // backwards: binary search
    expect(c.index(t("10:00:05"))).toBe(3);
  });
});

describe("meanMidHalfTicks", () => {
  it("weights each mid by its time in force and leaves gaps out", () => {
    // [10:00:01, 10:00:07]: 2000 for 1 s, 2001 for 2 s, gap 2 s (bid 0, crossed), 2000 for 1 s
    // → (2000·1 + 2001·2 + 2000·1) / 4 = 8002 / 4 = 2000.5
    expect(meanMidHalfTicks(Q, t("10:00:01"), t("10:00:07"))).toBe(2000.5);
    // [09:59:58, 10:00:01]: no quote for 2 s (left out), then 2000 for 1 s → 2000
    expect(meanMidHalfTicks(Q, t("09:59:58"), t("10:00:01"))).toBe(2000);
    // [10:00:01, 10:00:03]: 2000 for 1 s, 2001 for 1 s → 2000.5
    expect(meanMidHalfTicks(Q, t("10:00:01"), t("10:00:03"))).toBe(2000.5);
    // [10:00:00, 10:00:05]: 2000·2 s + 2001·2 s, then 1 s gap → 2000.5
    expect(meanMidHalfTicks(Q, t("10:00:00"), t("10:00:05"))).toBe(2000.5);
  });

  it("is the mid at the instant when from === to, undefined without any valid mid", () => {
    expect(meanMidHalfTicks(Q, t("10:00:03"), t("10:00:03"))).toBe(2001);
    expect(meanMidHalfTicks(Q, t("10:00:04.5"), t("10:00:04.5"))).toBeUndefined();
    // Only gaps, and the valid quote at 10:00:06 is in force for no time inside the interval.
    expect(meanMidHalfTicks(Q, t("10:00:04"), t("10:00:06"))).toBeUndefined();
    expect(meanMidHalfTicks(Q, t("09:00:00"), t("09:30:00"))).toBeUndefined();
    expect(meanMidHalfTicks(Q, t("10:00:03"), t("10:00:02"))).toBeUndefined(); // from > to
    expect(meanMidHalfTicks(allocQuoteSeries(0), t("10:00:00"), t("10:00:01"))).toBeUndefined();
  });

  it("keeps the last mid in force after the last quote", () => {
    // [10:00:06, 10:01:06]: 2000 the whole minute
    expect(meanMidHalfTicks(Q, t("10:00:06"), t("10:01:06"))).toBe(2000);
  });
});

describe("quotesOf", () => {
  it("uses the NBBO file's quotes when present", () => {
    const p = buildPartition({
      events: [{ orderId: 1, t: "10:00:00", bid: 900, offer: 910 }],
      quotes: [
        { t: "10:00:00", bid: 995, offer: 1005 },
        { t: "10:00:01", bid: 996, offer: 1005 },
      ],
    });
    const q = quotesOf(p);
    expect(Array.from(q.tNs)).toEqual([t("10:00:00"), t("10:00:01")]);
    expect(Array.from(q.bidTicks)).toEqual([995, 996]);
    expect(Array.from(q.offerTicks)).toEqual([1005, 1005]);
  });

  it("otherwise merges the order and trade snapshots: no-quote rows skipped, repeats collapsed", () => {
    const spec = {
      events: [
        { orderId: 1, t: "10:00:00", bid: 995, offer: 1005 },
        { orderId: 2, t: "10:00:01", bid: 995, offer: 1005 }, // same quote: collapsed
        { orderId: 3, t: "10:00:02", bid: 0, offer: 0 }, // no snapshot: skipped
        { orderId: 4, t: "10:00:03", bid: 996, offer: 1005 }, // same as the leg at 10:00:02: collapsed
        { orderId: 5, t: "10:00:04", bid: 0, offer: 1005 }, // one-sided: kept (a gap)
      ],
      trades: [
        { orderId: 1, t: "10:00:02", price: 1000, qty: 10, bid: 996, offer: 1005 },
        // Same time as order 5's row: order rows first, so this is the quote in force at 10:00:04.
        { orderId: 1, t: "10:00:04", price: 1000, qty: 10, bid: 997, offer: 1004 },
      ],
    };
    for (const p of [buildPartition(spec), buildPartition({ ...spec, quotes: [] })]) {
      const q = quotesOf(p);
      expect(q.length).toBe(4);
      expect(Array.from(q.tNs)).toEqual([t("10:00:00"), t("10:00:02"), t("10:00:04"), t("10:00:04")]);
      expect(Array.from(q.bidTicks)).toEqual([995, 996, 0, 997]);
      expect(Array.from(q.offerTicks)).toEqual([1005, 1005, 1005, 1004]);
      expect(midAt(q, t("10:00:04"))).toBe(2001); // 997 + 1004
    }
  });

  it("is empty for a partition without rows", () => {
    expect(quotesOf(buildPartition({})).length).toBe(0);
  });
});
