import { describe, expect, it } from "vitest";
import { ORDERS_HEAD, readAll, stubOrder, stubTrade, tmp, TRADES_HEAD, writeFixture } from "../helpers.js";

/**
 * Numbers as a spreadsheet or a formatting export writes them — a leading "+", thousands
 * separators, a price with a decimal point (converted to dollars), scientific notation (an id or
 * timestamp a spreadsheet rounded) — are not read (each would be a guess at the value): every one is
 * a reject naming file, line, column and column name, and its message says which format it is and
 * what to do. The rows around it are kept. General path and fast path (7-byte and 1 MiB chunks).
 */
const dir = tmp("sweeplab-number-formats-");
const READS = [{ fastPath: false }, { chunkSize: 7 }, { chunkSize: 1 << 20 }] as const;
const ID = 7898856358160837782n;

/** Orders: row i (file line i + 2) with the given field, the others valid. */
const ORDER_CASES: { column: string; at: number; text: string; code: string; message: RegExp }[] = [
  {
    column: "quantity",
    at: 9,
    text: "+200",
    code: "not_integer",
    message: /a leading "\+" is not read: export plain digits \(200\)/,
  },
  {
    column: "quantity",
    at: 9,
    text: '"1,200"',
    code: "not_integer",
    message: /thousands separators are not read: export plain digits \(1200, not 1,200\)/,
  },
  {
    column: "price",
    at: 5,
    text: "33.40",
    code: "not_integer",
    message:
      /prices are whole ticks with the security's DecimalsInPrice implied \(3340 = A\$33\.40 at 2 decimals\).*export the extract's raw integer prices/,
  },
  { column: "price", at: 5, text: "1345.105", code: "not_integer", message: /DecimalsInPrice implied/ },
  { column: "leavesquantity", at: 10, text: "12.5", code: "not_integer", message: /quantities are whole shares/ },
  {
    column: "order_id",
    at: 1,
    text: "7.89886E+18",
    code: "not_integer",
    message:
      /scientific notation, as a spreadsheet writes a long number: its last digits are lost; export the extract again without opening it in a spreadsheet/,
  },
  {
    column: "timestamp",
    at: 3,
    text: "1.72545E+18",
    code: "bad_timestamp",
    message: /scientific notation, as a spreadsheet writes a long number/,
  },
  {
    column: "sequence",
    at: 22,
    text: "72 467",
    code: "not_integer",
    message: /thousands separators are not read: export plain digits \(72467, not 72 467\)/,
  },
  {
    column: "changereason",
    at: 7,
    text: "+6",
    code: "not_integer",
    message: /a leading "\+" is not read: export plain digits \(6\)/,
  },
];

describe("numbers in a spreadsheet's formats: a reject saying which format and what to do", () => {
  it("orders: +200, 1,200, 33.40, 12.5, 7.89886E+18, 1.72545E+18, 72 467, +6", async () => {
    const rows = ORDER_CASES.map((c, i) => stubOrder({ order_id: ID + BigInt(i), [c.column]: c.text }));
    const ok = stubOrder({ order_id: ID + 100n });
    const file = writeFixture(dir, "orders-formatted.csv", `${ORDERS_HEAD}\n${ok}\n${rows.join("\n")}\n${ok}\n`);
    for (const read of READS) {
      const { rejects, report } = await readAll(file, read);
      expect(report, JSON.stringify(read)).toMatchObject({ rowsRead: ORDER_CASES.length + 2, accepted: 2 });
      expect(rejects.map((r) => [r.line, r.column, r.columnName, r.code])).toEqual(
        ORDER_CASES.map((c, i) => [i + 3, c.at, c.column, c.code]),
      );
      ORDER_CASES.forEach((c, i) => expect(rejects[i]?.message, `${c.column} ${c.text}`).toMatch(c.message));
    }
  });

  it("trades: a trade price in dollars and a quantity with a thousands separator", async () => {
    const rows = [stubTrade({ tradeprice: "33.40" }), stubTrade({ quantity: '"2,500"' })];
    const file = writeFixture(dir, "trades-formatted.csv", `${TRADES_HEAD}\n${rows.join("\n")}\n`);
    for (const read of READS) {
      const { rejects } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.columnName, r.code])).toEqual([
        [2, "tradeprice", "not_integer"],
        [3, "quantity", "not_integer"],
      ]);
      expect(rejects[0]?.message).toMatch(/DecimalsInPrice implied/);
      expect(rejects[1]?.message).toMatch(/export plain digits \(2500, not 2,500\)/);
    }
  });

  it("a database's NULL (or NaN, N/A) in a numeric column: says to export it as an empty field", async () => {
    const rows = ["NULL", "null", "NaN", "N/A"].map((v, i) => stubOrder({ order_id: ID + BigInt(i), national_bid: v }));
    const file = writeFixture(dir, "orders-null.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    for (const read of READS) {
      const { rejects } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.column, r.columnName, r.code])).toEqual(
        [2, 3, 4, 5].map((line) => [line, 13, "national_bid", "not_integer"]),
      );
      for (const r of rejects)
        expect(r.message).toMatch(
          /: a database's missing value: export it as an empty field \(an empty value of an optional column reads as 0\)$/,
        );
    }
  });

  it("a timestamp in µs, ms or s since the epoch, or as a date-time text: says which and that ns are needed", async () => {
    const cases: [string, RegExp][] = [
      [
        "1725448941024284",
        /: 16 digits: this looks like microseconds since the epoch; the extract's times must be nanoseconds \(19 digits\)$/,
      ],
      [
        "1725448941024",
        /: 13 digits: this looks like milliseconds since the epoch; the extract's times must be nanoseconds \(19 digits\)$/,
      ],
      [
        "1725448941",
        /: 10 digits: this looks like seconds since the epoch; the extract's times must be nanoseconds \(19 digits\)$/,
      ],
      [
        "2024-09-04 21:22:21.024284297",
        /: a date-time text: the extract's times must be nanoseconds since the epoch, UTC \(19 digits\)$/,
      ],
      ["2024-09-04T11:22:21Z", /: a date-time text/],
    ];
    const rows = cases.map(([v], i) => stubOrder({ order_id: ID + BigInt(i), timestamp: v }));
    const file = writeFixture(dir, "orders-times.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    for (const read of READS) {
      const { rejects } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.column, r.columnName, r.code])).toEqual(
        cases.map((_, i) => [i + 2, 3, "timestamp", "bad_timestamp"]),
      );
      cases.forEach(([v, m], i) => expect(rejects[i]?.message, v).toMatch(m));
    }
  });

  it("a trade date in a spreadsheet's form (05/09/2024, 20240905, 2024-09-05 00:00:00): says to export YYYY-MM-DD", async () => {
    const forms = ["05/09/2024", "5/9/2024", "20240905", "2024-09-05 00:00:00", "2024/09/05"];
    const rows = forms.map((v, i) => stubTrade({ orderid: ID + BigInt(i), tradedate: v }));
    const file = writeFixture(dir, "trades-dates.csv", `${TRADES_HEAD}\n${rows.join("\n")}\n`);
    for (const read of READS) {
      const { rejects } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.column, r.columnName, r.code])).toEqual(
        forms.map((_, i) => [i + 2, 3, "tradedate", "bad_date"]),
      );
      forms.forEach((v, i) =>
        expect(rejects[i]?.message, v).toBe(
          `expected a YYYY-MM-DD date, got "${v}": another date form (a spreadsheet's?): export dates as YYYY-MM-DD, e.g. 2024-09-05`,
        ),
      );
    }
  });

  it("a plain bad value keeps its short message (no hint to give)", async () => {
    const file = writeFixture(dir, "orders-word.csv", `${ORDERS_HEAD}\n${stubOrder({ quantity: "abc" })}\n`);
    const { rejects } = await readAll(file);
    expect(rejects[0]?.message).toBe('quantity must be a whole number, got "abc"');
  });
});
