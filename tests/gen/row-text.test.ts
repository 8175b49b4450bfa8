import { describe, expect, expectTypeOf, it } from "vitest";
import { nbboValues } from "../../src/gen/day-event.js";
import { rowText, type OrderValues, type TradeValues } from "../../src/gen/row-text.js";
import { makeOrder, orderRowValues, tradeLegValues } from "../../src/gen/sim-order.js";
import {
  NBBO_HEADER,
  ORDER_HEADER,
  TRADE_HEADER,
  type OrderColumn,
  type TradeColumn,
} from "../../src/model/headers.js";

// The generator writes each input row from its values by header name, in the declared column order
// (model/tables/): these pin the text of one row of each file and follow an added column.

/** A partly filled Centre Point sweep sell (2048) of 5000 at 10 250 units, participant 1234. */
function sweep() {
  const o = makeOrder(
    { side: 2, price: 10_250, qty: 5000, ordertype: 1, eot: 2048, minQty: 500, sfMinQty: 0, crossingKey: 0, cp: true },
    "9007199254740993",
    1234,
  );
  o.leaves = 3000;
  o.matched = 2000;
  return o;
}
const QUOTE = { bid: 10_240, offer: 10_260 };
const TS = "1727913600123456789";

describe("input rows in the declared column order", () => {
  it("writes an orders row, a trade leg and an NBBO row field by field as their headers order them", () => {
    const order = rowText(ORDER_HEADER, ["row_num"]);
    const values = orderRowValues(sweep(), "2024-10-03", TS, 110621, 3, QUOTE, 184_166);
    // Worked out by hand from the header: id, exchange 2, time, code, price, side, changereason 3
    // (traded), status 1 (on book: leaves > 0), qty, leaves, type, eot, NBBO and lit bid/offer,
    // participant, preferenceonly 0, midtick 2 (Centre Point), single-fill min, min, sequence,
    // crossing key, matched, short-sell 0 (not bit 2), trigger 0, "Current Max", row_num, 1536, date.
    expect(order(values, { row_num: 7 })).toBe(
      "9007199254740993,2,1727913600123456789,110621,10250,2,3,1,5000,3000,1,2048,10240,10260,10240,10260," +
        "1234,0,2,0,500,184166,0,2000,0,0,Current Max,7,1536,2024-10-03\n",
    );
    const leg = tradeLegValues("2024-10-03", TS, 110621, sweep(), 1, "Continuous Lit", "77", QUOTE, 10_250, 2000, 0);
    expect(rowText(TRADE_HEADER, ["sequence", "row_num"])(leg, { sequence: 3_000_001, row_num: 1 })).toBe(
      "3,3000001,2024-10-03,1727913600123456789,110621,9007199254740993,1,Continuous Lit,ON Market,77," +
        "10240,10260,10250,2000,2,Sell,1234,0,1\n",
    );
    const nbbo = nbboValues(1_727_877_600_000_000_000n, { bid: 0, offer: 10_260 }, "5", 110621, TS, true);
    expect(rowText(NBBO_HEADER, ["sequence"])(nbbo, { sequence: 2_279_300 })).toBe(
      "1,2279300,1727877600000000000,-9223372036854775808,5,10260,110621,1727913600123456789,262826,1751364092\n",
    );
  });

  it("follows an added input column: its value lands at its place in the header, the rest unmoved", () => {
    // The one edit in model/tables/orders.ts would add the column to ORDER_HEADER; here a copy.
    const at = ORDER_HEADER.indexOf("sequence") + 1;
    const header = [...ORDER_HEADER.slice(0, at), "imbalancequantity", ...ORDER_HEADER.slice(at)];
    const values = orderRowValues(sweep(), "2024-10-03", TS, 110621, 3, QUOTE, 184_166);
    const before = rowText(ORDER_HEADER, ["row_num"])(values, { row_num: 7 }).trimEnd().split(",");
    const after = rowText(header, ["row_num"])({ ...values, imbalancequantity: 17 }, { row_num: 7 })
      .trimEnd()
      .split(",");
    expect(after[at]).toBe("17");
    expect([...after.slice(0, at), ...after.slice(at + 1)]).toEqual(before);
    // A header in another order writes the same values in that order.
    const reversed = [...ORDER_HEADER].reverse();
    expect(rowText(reversed, ["row_num"])(values, { row_num: 7 }).trimEnd().split(",")).toEqual([...before].reverse());
  });

  it("needs a value for every declared column but the writer's, and refuses a writer column not declared", () => {
    expectTypeOf<keyof OrderValues>().toEqualTypeOf<Exclude<OrderColumn, "row_num">>();
    expectTypeOf<keyof TradeValues>().toEqualTypeOf<Exclude<TradeColumn, "sequence" | "row_num">>();
    expect(() => rowText(ORDER_HEADER, ["row_number" as OrderColumn])).toThrow(/row_number is not a column/);
  });
});
