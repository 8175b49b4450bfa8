import { describe, expect, it } from "vitest";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import type { FileReport } from "../../src/io/csv/reader.js";
import { mergeScans, scan, scanPart, type PartitionPart, type ScanPart } from "../../src/io/scan/scan.js";
import { formatScan, scanToJson } from "../../src/io/scan/scan-format.js";
import type { RowReject } from "../../src/model/errors.js";
import { FORMAT_EXAMPLES, FORMATS, ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";

describe("scan over the real format examples", () => {
  it("reports per (security, Sydney date) counts, participants and time range", async () => {
    const progress: number[] = [];
    const r = await scan([FORMAT_EXAMPLES], { onProgress: (p) => progress.push(p.rows) });
    expect(r.files.map((f) => [f.file.split("/").pop(), f.table, f.rowsRead, f.accepted, f.rejected])).toEqual([
      ["nbbo.csv", "nbbo", 2, 2, 0],
      ["orders-example.csv", "orders", 3, 3, 0],
      ["trades-example.csv", "trades", 4, 4, 0],
    ]);
    expect(r.partitions).toEqual([
      {
        securityCode: "110621",
        date: "2024-09-05",
        orderRows: 0,
        centrePointRows: 0,
        sweepRows: 0,
        sweepOrders: 0,
        tradeRows: 4,
        centrePointTradeRows: 0, // dealsource 20 = auction
        nbboRows: 2,
        participants: [8, 61],
        firstTsNs: 1725494536000532398n,
        lastTsNs: 1725515320122959614n,
        orderShape: "events", // no order rows
      },
      {
        securityCode: "85603",
        date: "2024-09-04",
        orderRows: 3,
        centrePointRows: 3,
        sweepRows: 3,
        sweepOrders: 3,
        tradeRows: 0,
        centrePointTradeRows: 0,
        nbboRows: 0,
        participants: [54],
        firstTsNs: 1725448941024284297n,
        lastTsNs: 1725448941029855785n,
        // Three orders on one row each, all reloads (changereason 30), no placement: a run's rule
        // (orderShapeOf) makes them final states.
        orderShape: "final_state",
        finalState: { rows: 3, placementRows: 0 },
      },
    ]);
    expect(r.totals).toMatchObject({ files: 3, rowsRead: 9, accepted: 9, rejected: 0 });
    expect(r.totals.rowsPerSecond).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("formats as a table and as exact JSON", async () => {
    const r = await scan([FORMAT_EXAMPLES]);
    const text = formatScan(r);
    expect(text).toContain("Partitions (security × Sydney trading date): 2");
    expect(text).toMatch(/85603\s+2024-09-04\s+3\s+3\s+3\s+3/);
    expect(text).toContain("9 rows read = 9 accepted + 0 rejected");
    const json = JSON.parse(scanToJson(r)) as { partitions: { firstTsNs: string }[] };
    expect(json.partitions[0]?.firstTsNs).toBe("1725494536000532398");
  });

  it("accepts globs and refuses a pattern that matches nothing", async () => {
    const r = await scan([`${FORMATS}/trades-*.csv`]);
    expect(r.totals.rowsRead).toBe(4);
    await expect(scan([`${FORMATS}/nothing-*.csv`])).rejects.toMatchObject({ code: "unreadable" });
  });
});

const report = (over: Partial<FileReport>): FileReport => ({
  file: "a.csv",
  table: "orders",
  bytes: 0,
  rowsRead: 0,
  accepted: 0,
  rejected: 0,
  blankLines: 0,
  rejectsByCode: {},
  ...over,
});

const part = (over: Partial<PartitionPart>): PartitionPart => ({
  securityCode: "BHP",
  date: "2024-10-02",
  orderRows: 0,
  centrePointRows: 0,
  sweepRows: 0,
  tradeRows: 0,
  centrePointTradeRows: 0,
  nbboRows: 0,
  participants: [],
  sweepOrderIds: new BigUint64Array(),
  firstTsNs: 0n,
  lastTsNs: 0n,
  orderKeys: {}, // an order met on two rows: the partition is "events"
  ...over,
});

describe("mergeScans", () => {
  it("sums a file's ranges and unions partitions exactly", () => {
    const big = 18_446_744_073_709_551_615n; // 2^64 − 1: ids stay exact u64
    const parts: ScanPart[] = [
      {
        report: report({
          range: { start: 0, end: 100 },
          bytes: 100,
          rowsRead: 5,
          accepted: 4,
          rejected: 1,
          rejectsByCode: { field_count: 1 },
        }),
        partitions: [
          part({
            orderRows: 4,
            sweepRows: 3,
            participants: [3, 7],
            sweepOrderIds: new BigUint64Array([5n, 9n, big]),
            firstTsNs: 20n,
            lastTsNs: 30n,
          }),
        ],
      },
      {
        report: report({
          range: { start: 100, end: 250 },
          bytes: 150,
          rowsRead: 4,
          accepted: 2,
          rejected: 2,
          blankLines: 1,
          rejectsByCode: { not_integer: 1, field_count: 1 },
        }),
        partitions: [
          // Order 9 (and 2^64 − 1) again: its amend fell in the second range; 4 sweep orders in all.
          part({
            orderRows: 2,
            sweepRows: 2,
            participants: [1, 7],
            sweepOrderIds: new BigUint64Array([2n, 9n, big]),
            firstTsNs: 10n,
            lastTsNs: 25n,
          }),
          part({ securityCode: "ANZ" }),
        ],
      },
      {
        report: report({
          file: "b.csv.gz",
          table: "trades",
          bytes: 40,
          rowsRead: 1,
          accepted: 1,
          error: { code: "truncated_gzip", message: "cut" },
        }),
        partitions: [part({ tradeRows: 1, centrePointTradeRows: 1, participants: [2], firstTsNs: 40n, lastTsNs: 40n })],
      },
    ];
    const r = mergeScans(parts, { seconds: 2 });
    expect(r.files).toEqual([
      // No range: the whole file. Codes in first-met order, as one reader would list them.
      report({
        bytes: 250,
        rowsRead: 9,
        accepted: 6,
        rejected: 3,
        blankLines: 1,
        rejectsByCode: { field_count: 2, not_integer: 1 },
      }),
      report({
        file: "b.csv.gz",
        table: "trades",
        bytes: 40,
        rowsRead: 1,
        accepted: 1,
        error: { code: "truncated_gzip", message: "cut" },
      }),
    ]);
    expect(Object.keys(r.files[0]?.rejectsByCode ?? {})).toEqual(["field_count", "not_integer"]);
    const { sweepOrderIds: _ids, orderKeys: _keys, ...zero } = part({});
    expect(r.partitions).toEqual([
      { ...zero, securityCode: "ANZ", sweepOrders: 0, orderShape: "events" },
      {
        ...zero,
        orderShape: "events",
        orderRows: 6,
        sweepRows: 5,
        sweepOrders: 4, // {2, 5, 9, 2^64 − 1}
        tradeRows: 1,
        centrePointTradeRows: 1,
        participants: [1, 2, 3, 7],
        firstTsNs: 10n,
        lastTsNs: 40n,
      },
    ]);
    expect(r.totals).toEqual({
      files: 2,
      bytes: 290,
      rowsRead: 10,
      accepted: 7,
      rejected: 3,
      seconds: 2,
      rowsPerSecond: 5,
      mbPerSecond: 290 / 1e6 / 2,
    });
  });

  it("over byte ranges decides the order shape as one reader does: rows resent across ranges count once", async () => {
    const dir = tmp("sweeplab-merge-shape-");
    // 40 orders on one row each (reloads, changereason 30), then rows 0..9 resent exactly: final_state.
    const row = (i: number): string =>
      stubOrder({
        order_id: String(5000 + i),
        timestamp: String(1725448941024284297n + BigInt(i) * 1_000_000n),
        sequence: 900 + i,
      });
    const rows = [...Array.from({ length: 40 }, (_, i) => row(i)), ...Array.from({ length: 10 }, (_, i) => row(i))];
    const file = writeFixture(dir, "orders.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    const expected = await scan([file], { chunkSize: 97 });
    expect(expected.partitions.map((p) => [p.orderRows, p.orderShape, p.finalState])).toEqual([
      [50, "final_state", { rows: 40, placementRows: 0 }],
    ]);
    // One of them again with another timestamp: an order on two rows, events (in either range).
    const twice = writeFixture(
      dir,
      "orders-2.csv",
      `${ORDERS_HEAD}\n${[...rows, stubOrder({ order_id: "5003" })].join("\n")}\n`,
    );
    expect((await scan([twice])).partitions[0]?.orderShape).toBe("events");
    for (const [f, want] of [
      [file, expected],
      [twice, await scan([twice], { chunkSize: 97 })],
    ] as const)
      for (const n of [2, 3, 7]) {
        const parts: ScanPart[] = [];
        for (const range of await splitByteRanges(f, n)) parts.push(await scanPart(f, { range, chunkSize: 97 }));
        expect(mergeScans(parts, { seconds: want.totals.seconds }).partitions).toEqual(want.partitions);
      }
  });

  it("over scanPart of a file's byte ranges equals scan of the file, rejects and their lines included", async () => {
    const dir = tmp("sweeplab-merge-");
    const rows: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = String(1000 + (i % 23)); // ids repeat across the file, so across ranges too
      rows.push(stubOrder({ order_id: id, timestamp: String(1725448941024284297n + BigInt(i) * 1_000_000n) }));
      if (i % 17 === 5) rows.push(stubOrder({ quantity: "-1" }), "");
    }
    const file = writeFixture(dir, "orders.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    const whole: RowReject[] = [];
    const expected = await scan([file], { onReject: (r) => whole.push(r), chunkSize: 97 });
    expect(expected.totals.rejected).toBe(4);
    expect(expected.partitions[0]?.sweepOrders).toBe(23);
    for (const n of [2, 3, 7]) {
      const got: RowReject[] = [];
      const parts: ScanPart[] = [];
      for (const range of await splitByteRanges(file, n))
        parts.push(await scanPart(file, { range, chunkSize: 97, onReject: (r) => got.push(r) }));
      const merged = mergeScans(parts, { seconds: expected.totals.seconds });
      expect(merged.files).toEqual(expected.files);
      expect(merged.partitions).toEqual(expected.partitions);
      expect(merged.totals).toEqual(expected.totals);
      expect(got).toEqual(whole);
    }
  });
});
