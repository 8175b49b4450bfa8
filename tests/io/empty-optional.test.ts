import { describe, expect, it } from "vitest";
import { ORDER_HEADER, TRADE_HEADER } from "../../src/model/headers.js";
import { TABLES } from "../../src/model/schemas.js";
import { ORDERS_HEAD, TRADES_HEAD, readAll, stubOrder, stubTrade, tmp, writeFixture } from "../helpers.js";

// An empty value in an optional column (a database export writes NULL as nothing: no crossing key,
// no short-sell quantity, no minimum) means what the column's absence means: 0 / "" (model/
// table-spec.ts, `required`; errors.ts: `empty_field` is "a required value is empty"). Before,
// the whole row was an empty_field reject — an order lost for a column the analysis reads as 0.

const dir = tmp();
const optionalOrders = ORDER_HEADER.filter((n) => !TABLES.orders.required.has(n));
const optionalTrades = TRADE_HEADER.filter((n) => !TABLES.trades.required.has(n));

describe("an empty value in an optional column", () => {
  it("orders: every optional column empty reads as 0 / empty, the row kept", async () => {
    const empty = Object.fromEntries(optionalOrders.map((n) => [n, ""]));
    const file = writeFixture(dir, "orders-empty-optional.csv", `${ORDERS_HEAD}\n${stubOrder(empty)}\n`);
    const got = await readAll(file);
    expect(got.rejects).toEqual([]);
    expect(got.report).toMatchObject({ rowsRead: 1, accepted: 1, rejected: 0 });
    // The same row with those columns left out of the file altogether.
    const keep = ORDER_HEADER.filter((n) => TABLES.orders.required.has(n));
    const row = stubOrder().split(",");
    const absent = writeFixture(
      dir,
      "orders-absent-optional.csv",
      `${keep.join(",")}\n${keep.map((n) => row[ORDER_HEADER.indexOf(n)]).join(",")}\n`,
    );
    expect(got.csv).toBe((await readAll(absent)).csv);
    expect(got.csv.split(",")[ORDER_HEADER.indexOf("minimumquantity")]).toBe("0");
  });

  it("trades: an empty exchange, snapshot or passiveaggressive reads as 0, the leg kept", async () => {
    const file = writeFixture(
      dir,
      "trades-empty-optional.csv",
      `${TRADES_HEAD}\n${stubTrade({ EXCHANGE: "", nationalbidpricesnapshot: "", passiveaggressive: "" })}\n`,
    );
    const got = await readAll(file);
    expect(got.rejects).toEqual([]);
    const f = got.csv.trimEnd().split(",");
    expect([
      f[0],
      f[TRADE_HEADER.indexOf("nationalbidpricesnapshot")],
      f[TRADE_HEADER.indexOf("passiveaggressive")],
    ]).toEqual(["0", "0", "0"]);
    expect(optionalTrades).toContain("passiveaggressive");
  });

  it("an empty orderstatus is not an unknown code 0: no count, no unknown_code reject under unknownCodes: reject", async () => {
    const file = writeFixture(dir, "orders-empty-status.csv", `${ORDERS_HEAD}\n${stubOrder({ orderstatus: "" })}\n`);
    for (const unknownCodes of ["keep", "reject"] as const) {
      const got = await readAll(file, { unknownCodes });
      expect(got.rejects).toEqual([]);
      expect(got.report.unknownCodes).toBeUndefined();
    }
  });

  it("a required column empty is still an empty_field reject naming it", async () => {
    const file = writeFixture(dir, "orders-empty-qty.csv", `${ORDERS_HEAD}\n${stubOrder({ quantity: " " })}\n`);
    const got = await readAll(file);
    expect(got.rejects.map((r) => [r.code, r.columnName, r.line])).toEqual([["empty_field", "quantity", 2]]);
  });
});
