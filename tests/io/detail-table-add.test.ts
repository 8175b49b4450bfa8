import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { readSweepParquet } from "../../src/io/outputs/detail-parquet-read.js";
import { readDetailPlain, type PlainValues } from "../../src/io/outputs/detail-parquet-plain.js";
import type { JobResult } from "../../src/core/job.js";
import {
  ORDERS_TABLE,
  SIMULATION_TABLE,
  type OrderDetailColumn,
  type RowOf,
  type SweepDetailColumn,
} from "../../src/core/detail-tables/index.js";
import { columnNames } from "../../src/io/outputs/detail-format.js";
import { epochDays } from "../../src/io/outputs/detail-pages.js";
import { ordersTableParquet, sweepTableParquet } from "../../src/io/outputs/detail-parquet.js";
import { ordersCsvChunks } from "../../src/io/outputs/orders-csv.js";
import { allocOrderEvents, type OrderEvents } from "../../src/model/partition.js";
import { sweepTableCsv } from "../../src/io/outputs/job-csv.js";
import { camel, parseRecord } from "../../src/io/outputs/job-outputs-rows.js";
import { SweepLineParser } from "../../src/io/outputs/sweep-line-parser.js";
import { sweepRowSchema } from "../../src/io/outputs/sweep-row.js";
import { tmp } from "../helpers.js";
import { twoSweeps } from "./sweep-fixture.js";

// "Adding a column is one edit": a copy of the per-sweep declaration with one more entry (the
// first real trade's time, which the job computes but does not write today), and what every
// derivation makes of it (tests/io/sweep-table.test.ts pins the real table).
const TABLE = [
  ...SIMULATION_TABLE,
  // The one edit:
  {
    name: "real_first_trade_ns",
    type: "float64",
    nullable: true,
    doc: "time of the first real trade, ns since Sydney local midnight; null when there was none",
    value: { sweep: "realFirstTradeNs" },
    read: { field: "realFirstTradeNs", kind: "number" },
  },
] as const satisfies readonly SweepDetailColumn[];

const JOB = { securityCode: "XYZ", date: "2024-10-03", decimals: 3 };
const FIRST = 36_001_000_000_000; // sweep 0's first trade, 10:00:01; sweep 1 has none (NaN)

describe("adding a column to the per-sweep declaration", () => {
  it("follows one added column everywhere: header, row type, zod row, CSV and Parquet writers, both readers", async () => {
    const header = columnNames(TABLE);
    expect(header.at(-1)).toBe("real_first_trade_ns");
    expect(header.slice(0, -1)).toEqual(SIMULATION_TABLE.map((c) => c.name));
    expectTypeOf<RowOf<typeof TABLE>["realFirstTradeNs"]>().toEqualTypeOf<number | undefined>();

    // The CSV writer writes it last: its number, empty for NaN.
    const r = twoSweeps();
    const lines = new TextDecoder()
      .decode(sweepTableCsv(TABLE, header, r))
      .trimEnd()
      .split("\n");
    expect(lines[0]).toBe(header.join(","));
    expect(lines.slice(1).map((l) => l.split(",").at(-1))).toEqual([String(FIRST), ""]);

    // The Parquet writer: a nullable DOUBLE column of that name.
    const bytes = sweepTableParquet(TABLE, r);
    const col = readDetailPlain(bytes, header)?.columns.get("real_first_trade_ns");
    expect(col?.kind).toBe("f64");
    expect([col?.values[0], col?.present?.[0], col?.present?.[1]]).toEqual([FIRST, 1, 0]);

    // The zod row, the fast line parser and the Parquet reader all read it back.
    const schema = sweepRowSchema(TABLE);
    const record = (l: string): Record<string, string> =>
      Object.fromEntries(header.map((h, i) => [camel(h), l.split(",")[i] ?? ""]));
    const slow = lines.slice(1).map((l, k) => parseRecord("simulation.csv.gz", header, schema, record(l), k + 2));
    const parser = new SweepLineParser("simulation.csv.gz", lines[0]!, JOB, TABLE);
    const fast = lines.slice(1).map((l, k) => parser.parse(l, k + 2));
    const file = join(tmp("sweeplab-sweep-add-"), "simulation.parquet");
    writeFileSync(file, bytes);
    const parquet = await readSweepParquet(file, JOB, TABLE);
    for (const rows of [slow, fast, parquet]) {
      expect(rows.map((x) => (x as RowOf<typeof TABLE>).realFirstTradeNs)).toEqual([FIRST, undefined]);
      expect(rows[0]).toMatchObject({ orderId: 9_007_199_254_740_993n, simFilled: 2500 });
    }
    // A value that is not a number is the schema's bad_value, naming the column.
    const bad = lines[1]!.replace(/,[^,]*$/, ",soon");
    expect(() => parser.parse(bad, 2)).toThrow(/line 2|:2/);
    expect(() => parser.parse(bad, 2)).toThrow(/real_first_trade_ns/);
  });
});

// The same for the per-order `orders` table: a copy of its declaration with one more entry (the
// security's price decimals, a job value, placed after security_code), and every derivation
// checked column by column against what each entry declares, so that a writer that drops, moves or
// retypes a column, or ignores the declaration, fails here.
const ORDERS = [
  ...ORDERS_TABLE.slice(0, 3),
  // The one edit:
  { name: "decimals", type: "int32", doc: "price decimals of the security", value: { job: "decimals" } },
  ...ORDERS_TABLE.slice(3),
] as const satisfies readonly OrderDetailColumn[];

const ORDER_JOB = { securityCode: "XYZ", date: "2024-10-03", decimals: 3 } as JobResult;
const BIG_ID = 18_446_744_073_709_551_557n; // 2^64 − 59: beyond 2^53 and beyond Int64

/** Three order events, the middle one not Centre Point (exchangeordertype 1: not written). */
function threeOrders(): OrderEvents {
  const o = allocOrderEvents(3);
  o.orderId.set([9_007_199_254_740_993n, 5n, BIG_ID]);
  o.tsNs.set([1_727_913_600_123_456_789n, 1_727_913_600_500_000_000n, 1_727_913_601_000_000_001n]);
  o.priceTicks.set([10_250, 10_260, 0]);
  o.side.set([2, 1, 1]);
  o.changeReason.set([1, 4, 6]);
  o.orderStatus.set([1, 2, 3]);
  o.qty.set([5000, 100, 300]);
  o.leavesQty.set([3000, 100, 0]);
  o.orderType.set([1, 1, 2]);
  o.exchangeOrderType.set([2048 | 64, 1, 64]);
  o.nationalBidTicks.set([10_240, 10_250, 0]);
  o.nationalOfferTicks.set([10_260, 10_270, 0]);
  o.participantId.set([1234, 55, 77]);
  o.minQty.set([500, 0, 0]);
  o.singleFillMinQty.set([0, 0, 200]);
  o.sequence.set([9_007_199_254_740_991, 7, 8]); // 2^53 − 1: the largest sequence a number holds
  o.matchedQty.set([2000, 0, 300]);
  return o;
}

/** What column `c` declares for partition row `i`: the job's value or the order column's, as CSV text. */
function declaredText(c: OrderDetailColumn, o: OrderEvents, i: number): string {
  const v = c.value;
  return "job" in v ? String(ORDER_JOB[v.job]) : String(o[v.order][i]);
}

/** A Parquet value of `p` at row `k` as the CSV writes it (a date's days as YYYY-MM-DD, a u64 unsigned). */
function parquetText(c: OrderDetailColumn, p: PlainValues, k: number): string {
  const v = p.values[k];
  if (c.type === "u64") return String(BigInt.asUintN(64, v as bigint));
  if (c.type === "date") return new Date((v as number) * 86_400_000).toISOString().slice(0, 10);
  return String(v);
}

/** The plain reader's kind of each declared type. */
const PLAIN_KIND = {
  u64: "i64",
  timestamp_ns: "i64",
  int64: "i64",
  int32: "i32",
  float64: "f64",
  date: "i32",
  text: "text",
};

describe("adding a column to the orders declaration", () => {
  it("follows one added column everywhere: header, CSV.gz writer, Parquet writer and reader, column by column", () => {
    const header = columnNames(ORDERS);
    expect(header.slice(2, 5)).toEqual(["security_code", "decimals", "price"]);
    expect(header.filter((h) => h !== "decimals")).toEqual(ORDERS_TABLE.map((c) => c.name));
    const o = threeOrders();
    const kept = [0, 2]; // the Centre Point rows (mask 6464), in partition order

    // The CSV writer: the header, then per kept row each field as its column declares.
    const text = new TextDecoder().decode(Buffer.concat([...ordersCsvChunks(ORDERS, header, ORDER_JOB, o, 6464)]));
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(header.join(","));
    expect(lines).toHaveLength(1 + kept.length);
    // Pinned by hand: the added field is 4th, after the security code.
    expect(lines[1]).toBe(
      "9007199254740993,1727913600123456789,XYZ,3,10250,2,1,1,5000,3000,1,2112,10240,10260,1234,500,0,9007199254740991,2000,2024-10-03",
    );
    kept.forEach((i, k) =>
      expect(lines[k + 1]!.split(","), `row ${i}`).toEqual(ORDERS.map((c) => declaredText(c, o, i))),
    );

    // The Parquet writer, read back: each column by name, of its declared type, with the same values.
    const plain = readDetailPlain(ordersTableParquet(ORDERS, ORDER_JOB, o, 6464), header);
    expect(plain?.rows).toBe(kept.length);
    for (const c of ORDERS) {
      const p = plain!.columns.get(c.name);
      expect(p?.kind, c.name).toBe(PLAIN_KIND[c.type]);
      expect(p?.present, c.name).toBeUndefined(); // no orders column is nullable
      expect(
        kept.map((_, k) => parquetText(c, p!, k)),
        c.name,
      ).toEqual(kept.map((i) => declaredText(c, o, i)));
    }
    expect(plain!.columns.get("decimals")?.values).toEqual(Int32Array.of(3, 3));
    expect(plain!.columns.get("date")?.values).toEqual(Int32Array.of(epochDays("2024-10-03"), epochDays("2024-10-03")));
  });

  it("refuses a column whose partition array does not fit its declared type, in both writers", () => {
    const wrong = [
      ...ORDERS_TABLE,
      { name: "qty_as_id", type: "u64", doc: "a quantity declared as an id", value: { order: "qty" } },
    ] as const satisfies readonly OrderDetailColumn[];
    const o = threeOrders();
    expect(() => [...ordersCsvChunks(wrong, columnNames(wrong), ORDER_JOB, o, 6464)]).toThrow(/qty_as_id/);
    expect(() => ordersTableParquet(wrong, ORDER_JOB, o, 6464)).toThrow(/qty_as_id/);
  });

  it("one check for both writers: numbers declared as a date or text are refused too, with the same message", () => {
    const o = threeOrders();
    for (const type of ["date", "text"] as const) {
      const wrong = [
        ...ORDERS_TABLE,
        { name: "qty_as_x", type, doc: "a quantity declared as a non-number", value: { order: "qty" } },
      ] as const satisfies readonly OrderDetailColumn[];
      const message = `orders column qty_as_x: qty (Float64Array) does not fit its declared ${type}`;
      expect(() => [...ordersCsvChunks(wrong, columnNames(wrong), ORDER_JOB, o, 6464)]).toThrow(message);
      expect(() => ordersTableParquet(wrong, ORDER_JOB, o, 6464)).toThrow(message);
    }
  });
});
