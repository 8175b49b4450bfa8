import { describe, expect, it } from "vitest";
import { compareNumericText } from "../../src/model/numeric-text.js";
import { compareTied, tieColumnsOf } from "../../src/model/table-spec.js";
import { NBBO_TABLE } from "../../src/model/tables/nbbo.js";
import { ORDER_TABLE } from "../../src/model/tables/orders.js";
import { TRADE_TABLE } from "../../src/model/tables/trades.js";

// The rule that orders a partition's rows tied on (time, sequence) (REFERENCE "The analysis", Row
// order): the exact timestamp, then every other stored column in store order; never the files.

describe("tieColumnsOf", () => {
  it("is the exact time, then the stored columns but the sequence, in store order", () => {
    expect(tieColumnsOf(ORDER_TABLE).slice(0, 5)).toEqual(["timestamp", "order_id", "price", "side", "changereason"]);
    expect(tieColumnsOf(TRADE_TABLE).slice(0, 3)).toEqual(["tradetime", "orderid", "matchgroupid"]);
    expect(tieColumnsOf(NBBO_TABLE)).toEqual(["timestamp", "bidprice", "offerprice"]);
    for (const t of [ORDER_TABLE, TRADE_TABLE, NBBO_TABLE]) expect(tieColumnsOf(t)).not.toContain("sequence");
  });
});

describe("compareTied", () => {
  const cmp = (a: (bigint | number | undefined)[], b: (bigint | number | undefined)[]): number =>
    Math.sign(compareTied(a.length, (c, row) => (row === 0 ? a : b)[c]));

  it("compares column by column, the first difference deciding", () => {
    expect(cmp([1n, 5], [1n, 7])).toBe(-1);
    expect(cmp([2n, 5], [1n, 7])).toBe(1);
    expect(cmp([1n, 7], [1n, 7])).toBe(0);
  });

  it("compares ids above 2^63 exactly, and an absent value as 0", () => {
    expect(cmp([18_446_744_073_709_551_615n], [18_446_744_073_709_551_614n])).toBe(1);
    expect(cmp([undefined, 1], [0, 1])).toBe(0);
    expect(cmp([undefined], [1])).toBe(-1);
  });
});

describe("compareNumericText", () => {
  it("orders digit strings by value, exactly beyond 2^53, and anything else after them by text", () => {
    const sorted = ["10", "", "9", "x", "0009", "18446744073709551616", "18446744073709551615"].sort(
      compareNumericText,
    );
    expect(sorted).toEqual(["9", "0009", "10", "18446744073709551615", "18446744073709551616", "", "x"]);
    expect(compareNumericText(" 12 ", "12")).toBe(0);
  });
});
