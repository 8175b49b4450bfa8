import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replayBook } from "../../src/core/book.js";
import { midAt, quotesOf } from "../../src/core/nbbo.js";
import { simulateMidpoint } from "../../src/core/simulate.js";
import { CENTRE_POINT_MASK } from "../../src/model/codes.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { openTable } from "../../src/io/csv/reader.js";
import { partitionFile, readPartition } from "../../src/io/store/index.js";
import { nsSinceLocalMidnight } from "../../src/model/time.js";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { mergeScans, scan, scanPart } from "../../src/io/scan/scan.js";
import { formatScan, scanToJson } from "../../src/io/scan/scan-format.js";
import type { NbboColumns, OrderColumns } from "../../src/model/schemas.js";
import type { Batch } from "../../src/io/csv/batch.js";
import { NO_PRICE } from "../../src/model/price.js";
import { FORMATS, ORDERS_HEAD, readAll, stubOrder, stubTrade, tmp, TRADES_HEAD, writeFixture } from "../helpers.js";

/**
 * Issue 13.1, "every real value is data": every code value of the exchange's tables (CODES.md,
 * written out here by hand, not taken from src/model/codes.ts) is read with zero rejects; a value
 * outside the tables keeps its row and is counted per column and value (or rejected under
 * `unknownCodes: "reject"`); the real extracts read with zero rejects, ids and ns times exact; the
 * NBBO's no-price text −2^63 is a missing side. Every read is done with the general path and with
 * the fast path (lines carried across 7-byte chunks, and whole lines of 1 MiB chunks).
 */
const dir = tmp("sweeplab-codes-");
const REAL = join(FORMATS, "real");
const READS = [{ fastPath: false }, { chunkSize: 7 }, { chunkSize: 1 << 20 }] as const;

/** CODES.md, table by table. */
const ORDER_STATUS = [1, 2, 3, 4];
const CHANGE_REASON = [
  0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 34, 35, 36, 37, 38, 39,
  40, 41, 42, 43, 48, 49, 50, 51,
];
const MIDTICK = [0, 1, 2, 3, 4, 5, 6];
const TIME_VALIDITY = [0, 256, 512, 1288, 1536, 8195, 16640, 49408];
const DEAL_SOURCE = [0, 1, 3, 4, 5, 6, 7, 20, 36, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52];
const PASSIVE_AGGRESSIVE = [0, 1, 2];

const T0 = 1725494536000532398n;
const orderRows = (column: string, values: number[]): string =>
  values
    .map((v, i) => stubOrder({ order_id: 7898856358160837782n + BigInt(i), timestamp: T0 + BigInt(i), [column]: v }))
    .join("\n");
const tradeRows = (column: string, values: number[]): string =>
  values
    .map((v, i) => stubTrade({ orderid: 7898856358160837782n + BigInt(i), tradetime: T0 + BigInt(i), [column]: v }))
    .join("\n");

async function expectAllAccepted(name: string, head: string, rows: string, n: number): Promise<void> {
  const file = writeFixture(dir, name, `${head}\n${rows}\n`);
  for (const read of READS) {
    const { rejects, report } = await readAll(file, read);
    expect(rejects, JSON.stringify(read)).toEqual([]);
    expect(report).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
    expect(report.unknownCodes).toBeUndefined();
  }
  const r = await scan([file]);
  expect(r.totals).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
  expect(r.totals.unknownCodes).toBeUndefined();
}

describe("every value of CODES.md scans with zero rejects", () => {
  it("orderstatus 1–4", () =>
    expectAllAccepted("orders-status.csv", ORDERS_HEAD, orderRows("orderstatus", ORDER_STATUS), 4));
  it("changereason (all 40 values)", () =>
    expectAllAccepted("orders-reason.csv", ORDERS_HEAD, orderRows("changereason", CHANGE_REASON), 40));
  it("midtick 0–6", () => expectAllAccepted("orders-midtick.csv", ORDERS_HEAD, orderRows("midtick", MIDTICK), 7));
  it("timevalidity (kinds, days, flags)", () =>
    expectAllAccepted("orders-validity.csv", ORDERS_HEAD, orderRows("timevalidity", TIME_VALIDITY), 8));
  it("dealsource (all 20 values); Centre Point trades are 46, 47, 48 and 50–52", async () => {
    await expectAllAccepted("trades-source.csv", TRADES_HEAD, tradeRows("dealsource", DEAL_SOURCE), 20);
    const r = await scan([join(dir, "trades-source.csv")]);
    expect(r.partitions.map((p) => [p.tradeRows, p.centrePointTradeRows])).toEqual([[20, 6]]);
  });
  it("passiveaggressive 0, 1, 2", () =>
    expectAllAccepted("trades-pa.csv", TRADES_HEAD, tradeRows("passiveaggressive", PASSIVE_AGGRESSIVE), 3));
});

describe("a code outside the tables", () => {
  const rows = [
    stubOrder({ order_id: 1, changereason: 99 }),
    stubOrder({ order_id: 2, changereason: 99, orderstatus: 7 }),
    stubOrder({ order_id: 3, changereason: 120 }),
    stubOrder({ order_id: 4, exchangeordertype: 2048 | 8 }),
    stubOrder({ order_id: 5, changereason: 99, side: 3 }), // rejected for its side: its code is not counted
    stubOrder({ order_id: 6 }),
  ].join("\n");
  const counted = { changereason: { "99": 2, "120": 1 }, exchangeordertype: { "2056": 1 }, orderstatus: { "7": 1 } };

  it("keeps its row and is counted per column and value, in the file report and the scan", async () => {
    const file = writeFixture(dir, "orders-unknown.csv", `${ORDERS_HEAD}\n${rows}\n`);
    for (const read of READS) {
      const { csv, rejects, report } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.columnName, r.code])).toEqual([[6, "side", "unknown_side"]]);
      expect(report).toMatchObject({ rowsRead: 6, accepted: 5, rejected: 1, unknownCodes: counted });
      // Row 2 (side, changereason, orderstatus): the values themselves are kept.
      expect(csv.split("\n")[1]?.split(",").slice(5, 8)).toEqual(["1", "99", "7"]);
    }
    const r = await scan([file]);
    expect(r.files[0]?.unknownCodes).toEqual(counted);
    expect(r.totals.unknownCodes).toEqual(counted);
    expect(formatScan(r)).toContain(
      "unknown code values (rows kept): changereason 99×2, 120×1; exchangeordertype 2056×1; orderstatus 7×1",
    );
    // Where they are and what to do.
    expect(formatScan(r)).toContain(
      `orderstatus 7×1 — in ${file} (outside the exchange's code tables, e.g. a later release's: kept and counted; ` +
        "--unknown-codes reject makes each a reject naming its file and line)",
    );
    const json = JSON.parse(scanToJson(r)) as { totals: { unknownCodes: unknown } };
    expect(json.totals.unknownCodes).toEqual(counted);
  });

  it('is an unknown_code reject under unknownCodes: "reject"', async () => {
    const file = join(dir, "orders-unknown.csv");
    for (const read of READS) {
      const { rejects, report } = await readAll(file, { ...read, unknownCodes: "reject" });
      expect(rejects.map((r) => [r.line, r.column, r.columnName, r.code, r.text])).toEqual([
        [2, 7, "changereason", "unknown_code", "99"],
        [3, 7, "changereason", "unknown_code", "99"],
        [4, 7, "changereason", "unknown_code", "120"],
        [5, 12, "exchangeordertype", "unknown_code", "2056"],
        [6, 6, "side", "unknown_side", "3"],
      ]);
      expect(rejects[0]?.message).toMatch(/unknown changereason 99; expected one of 0, 1, 3/);
      expect(report).toMatchObject({ accepted: 1, rejected: 5, rejectsByCode: { unknown_code: 4, unknown_side: 1 } });
      expect(report.unknownCodes).toBeUndefined();
    }
    const r = await scan([file], { unknownCodes: "reject" });
    expect(r.totals).toMatchObject({ accepted: 1, rejected: 5 });
  });
});

describe("a midtick outside CODES.md's table (0–6)", () => {
  // midtick is not read by the analysis, but it is a code table of CODES.md like the others: a value
  // outside it is kept and counted (or rejected under "reject"), never accepted without a word.
  const rows = [
    stubOrder({ order_id: 1, midtick: 7 }),
    stubOrder({ order_id: 2, midtick: 6 }),
    stubOrder({ order_id: 3, midtick: 200 }),
    stubOrder({ order_id: 4, midtick: 7 }),
  ].join("\n");

  it("keeps its row and is counted per value; a reject under unknownCodes: reject, naming file, line and column", async () => {
    const file = writeFixture(dir, "orders-midtick-unknown.csv", `${ORDERS_HEAD}\n${rows}\n`);
    const at = ORDERS_HEAD.split(",").indexOf("midtick") + 1;
    for (const read of READS) {
      const kept = await readAll(file, read);
      expect(kept.rejects).toEqual([]);
      expect(kept.report).toMatchObject({ accepted: 4, unknownCodes: { midtick: { "7": 2, "200": 1 } } });
      const refused = await readAll(file, { ...read, unknownCodes: "reject" });
      expect(refused.rejects.map((r) => [r.file, r.line, r.column, r.columnName, r.code, r.text])).toEqual([
        [file, 2, at, "midtick", "unknown_code", "7"],
        [file, 4, at, "midtick", "unknown_code", "200"],
        [file, 5, at, "midtick", "unknown_code", "7"],
      ]);
      expect(refused.report).toMatchObject({ accepted: 1, rejected: 3 });
    }
    const r = await scan([file]);
    expect(formatScan(r)).toContain("unknown code values (rows kept): midtick 7×2, 200×1");
  });

  it("a midtick beyond one byte or negative is no protocol value: out_of_range", async () => {
    const file = writeFixture(
      dir,
      "orders-midtick-range.csv",
      `${ORDERS_HEAD}\n${[stubOrder({ order_id: 1, midtick: 256 }), stubOrder({ order_id: 2, midtick: -1 })].join("\n")}\n`,
    );
    for (const read of READS) {
      const { rejects } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.columnName, r.code])).toEqual([
        [2, "midtick", "out_of_range"],
        [3, "midtick", "out_of_range"],
      ]);
    }
  });
});

/** The text of column `name` of every data line of a CSV file, exactly as written. */
function column(file: string, name: string): string[] {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const at = (head as string).split(",").indexOf(name);
  return lines.map((l) => l.split(",")[at] as string);
}

async function batches<T>(file: string, read: object): Promise<Batch<T & OrderColumns>[]> {
  const out: Batch<T & OrderColumns>[] = [];
  for await (const b of await openTable(file, read)) out.push(b as unknown as Batch<T & OrderColumns>);
  return out;
}

describe("the real extracts (tests/fixtures/formats/real)", () => {
  for (const name of ["orders-final-2024-09-04-85603.csv", "orders-final-2024-09-04-110621.csv"]) {
    it(`${name}: zero rejects, every id and ns time exact`, async () => {
      const file = join(REAL, name);
      const n = column(file, "order_id").length;
      for (const read of READS) {
        const { rejects, report } = await readAll(file, read);
        expect(rejects).toEqual([]);
        expect(report).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
        expect(report.unknownCodes).toBeUndefined();
        const ids: string[] = [];
        const times: string[] = [];
        for (const b of await batches(file, read))
          for (let i = 0; i < b.length; i++) {
            ids.push(String(b.columns.order_id[i]));
            times.push(String(b.columns.timestamp[i]));
          }
        expect(ids).toEqual(column(file, "order_id"));
        expect(times).toEqual(column(file, "timestamp"));
      }
    });
  }

  it("nbbo-no-price.csv: zero rejects; a side written -9223372036854775808 is NO_PRICE (−1), the other side kept", async () => {
    const file = join(REAL, "nbbo-no-price.csv");
    for (const read of READS) {
      const { rejects, report } = await readAll(file, read);
      expect(rejects).toEqual([]);
      expect(report).toMatchObject({ rowsRead: 8, accepted: 8, rejected: 0 });
      const quotes: [string, number, number][] = [];
      for await (const b of await openTable(file, read)) {
        const c = (b as Batch<NbboColumns>).columns;
        for (let i = 0; i < b.length; i++)
          quotes.push([String(c.timestamp[i]), c.bidprice[i] as number, c.offerprice[i] as number]);
      }
      expect(quotes).toEqual([
        ["1751328000085537948", NO_PRICE, 15],
        ["1751328000085567753", 14, 15],
        ["1751328000085666435", 110, NO_PRICE],
        ["1751328000085723671", 105, NO_PRICE],
        ["1751328000085781267", 1, NO_PRICE],
        ["1751328000085926855", 6, NO_PRICE],
        ["1751328000085956126", 280, NO_PRICE],
        ["1751328000086013434", 20, NO_PRICE],
      ]);
    }
  });

  it("only that exact text is a missing side: other negatives are still rejected as negative", async () => {
    const head = "partition,sequence,tradedate,bidprice,creationtime,offerprice,orderbookid,timestamp,userid,runid";
    const row = (bid: string): string =>
      `1,1,1751328000000000000,${bid},1751328000012753000,15,74150,1751328000085537948,262826,1751364092`;
    const file = writeFixture(
      dir,
      "nbbo-negatives.csv",
      [head, row("-9223372036854775808"), row("-9223372036854775807"), row("-1"), row("-09223372036854775808")].join(
        "\n",
      ) + "\n",
    );
    for (const read of READS) {
      const { rejects } = await readAll(file, read);
      expect(rejects.map((r) => [r.line, r.columnName, r.code])).toEqual([
        [3, "bidprice", "negative"],
        [4, "bidprice", "negative"],
        [5, "bidprice", "negative"],
      ]);
    }
  });

  it("order and trade snapshot columns read the no-price text as NO_PRICE too; the order price does not", async () => {
    const np = "-9223372036854775808";
    const orders = writeFixture(
      dir,
      "orders-np.csv",
      `${ORDERS_HEAD}\n${stubOrder({ national_bid: np, bid: np })}\n${stubOrder({ price: np })}\n`,
    );
    const o = await readAll(orders);
    expect(o.rejects.map((r) => [r.line, r.columnName, r.code])).toEqual([[3, "price", "negative"]]);
    expect(o.csv.split(",").slice(12, 16)).toEqual(["-1", "143500", "-1", "143500"]);
    const trades = writeFixture(
      dir,
      "trades-np.csv",
      `${TRADES_HEAD}\n${stubTrade({ nationalofferpricesnapshot: np })}\n`,
    );
    const t = await readAll(trades);
    expect(t.rejects).toEqual([]);
    expect(t.csv).toContain(",-1,");
  });
});

describe("an NBBO quote with a side of no price", () => {
  // Security 74150 on 2025-07-01 (10:00 Sydney): 14/15, then no bid/15, then 14/16.
  const head = "partition,sequence,tradedate,bidprice,creationtime,offerprice,orderbookid,timestamp,userid,runid";
  const quote = (seq: number, bid: string, offer: string, ts: bigint): string =>
    `1,${seq},1751328000000000000,${bid},1751328000012753000,${offer},74150,${ts},262826,1751364092`;
  const TS = [1751328000085537948n, 1751328001000000000n, 1751328002000000000n];
  const text = [
    head,
    quote(1, "14", "15", TS[0]!),
    quote(2, "-9223372036854775808", "15", TS[1]!),
    quote(3, "14", "16", TS[2]!),
  ].join("\n");

  /** The mid (half ticks) in force at each quote's time and between them, from a partition's quotes. */
  const mids = (q: Parameters<typeof midAt>[0]): (number | undefined)[] =>
    TS.flatMap((ts) => [midAt(q, nsSinceLocalMidnight(ts)), midAt(q, nsSinceLocalMidnight(ts) + 500_000_000)]);

  it("is kept as a one-sided quote that replaces the previous one and has no midpoint (loadPartitions and the store)", async () => {
    const file = writeFixture(dir, "nbbo-one-sided.csv", `${text}\n`);
    const { partitions, files } = await loadPartitions([file]);
    expect(files[0]).toMatchObject({ accepted: 3, rejected: 0 });
    const q = quotesOf(partitions[0]!);
    expect(Array.from(q.bidTicks)).toEqual([14, NO_PRICE, 14]);
    expect(Array.from(q.offerTicks)).toEqual([15, 15, 16]);
    expect(mids(q)).toEqual([29, 29, undefined, undefined, 30, 30]);

    // Through the Parquet store (Int64 price columns): NO_PRICE comes back exactly.
    const store = join(tmp("sweeplab-codes-store-"), "store");
    await partitionFile({ file, storeDir: store, tag: "0" });
    const back = await readPartition(store, "74150", "2025-07-01", 2);
    expect(Array.from(back.quotes!.bidTicks)).toEqual([14, NO_PRICE, 14]);
    expect(mids(quotesOf(back))).toEqual([29, 29, undefined, undefined, 30, 30]);
  });

  it("the real extract: each security's first quote without a side has no midpoint", async () => {
    const { partitions } = await loadPartitions([join(REAL, "nbbo-no-price.csv")]);
    const p = partitions.find((x) => x.securityCode === "74150")!;
    const q = quotesOf(p);
    expect(Array.from(q.bidTicks)).toEqual([NO_PRICE, 14]);
    expect(midAt(q, q.tNs[0]!)).toBeUndefined();
    expect(midAt(q, q.tNs[1]!)).toBe(29);
    expect(partitions.map((x) => x.quotes?.length)).toEqual([1, 1, 1, 1, 2, 1, 1]);
  });
});

describe("unknown-code counts across byte ranges", () => {
  it("the parts of a file, merged, count what one read of the whole file counts", async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      stubOrder({
        order_id: 1000 + i,
        timestamp: T0 + BigInt(i),
        changereason: i % 7 === 0 ? 99 : i % 11 === 0 ? 120 : 6,
        orderstatus: i % 13 === 0 ? 8 : 1,
      }),
    );
    const file = writeFixture(dir, "orders-ranges.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    const whole = await scan([file]);
    expect(whole.totals.unknownCodes).toEqual({ changereason: { "99": 9, "120": 5 }, orderstatus: { "8": 5 } });
    const parts = [];
    for (const range of await splitByteRanges(file, 4)) parts.push(await scanPart(file, { range, chunkSize: 100 }));
    expect(parts.filter((p) => p.report.unknownCodes !== undefined).length).toBeGreaterThan(1);
    const merged = mergeScans(parts, { seconds: 1 });
    expect(merged.files).toEqual(whole.files);
    expect(merged.totals.unknownCodes).toEqual(whole.totals.unknownCodes);
  });
});

describe("a real purge row read from a file (changereason 24, orderstatus 4)", () => {
  it("is kept, and ends its order in the book replay and the simulation's resting book", async () => {
    const T = 1725409800000000000n; // 2024-09-04 10:30:00 Sydney, inside the continuous session
    const row = (id: number, dt: bigint, over: Record<string, string | number>): string =>
      stubOrder({ order_id: id, timestamp: T + dt, sequence: 100 + Number(dt / 1_000_000n), ...over });
    const file = writeFixture(
      dir,
      "orders-purge.csv",
      [
        ORDERS_HEAD,
        row(1, 0n, { changereason: 6, side: 2, exchangeordertype: 64 }), // a resting Centre Point sell
        row(1, 1_000_000n, { changereason: 24, orderstatus: 4, side: 2, exchangeordertype: 64 }), // purged
        row(2, 2_000_000n, { changereason: 6, side: 1, exchangeordertype: 2048 }), // a sweep buy: nothing to meet
      ].join("\n") + "\n",
    );
    const { partitions, files } = await loadPartitions([file]);
    expect(files[0]).toMatchObject({ accepted: 3, rejected: 0 });
    const p = partitions[0]!;
    const book = replayBook(p.orders);
    expect(Array.from(book.cpSellQty)).toEqual([200, 0, 0]);
    expect(book.liveCentrePointOrders).toBe(1); // the sweep, resting
    expect(book.warnings).toEqual([]);
    const sim = simulateMidpoint(p.orders, quotesOf(p), {
      centrePointMask: CENTRE_POINT_MASK,
      sessionStartNs: 10 * 3600e9,
      sessionEndNs: 16 * 3600e9,
    });
    expect(sim.fillList).toEqual([]);
  });
});
