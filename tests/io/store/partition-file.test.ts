import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPartitions } from "../../../src/io/store/load-partitions.js";
import { scan } from "../../../src/io/scan/scan.js";
import {
  fingerprintPartition,
  listStore,
  listStoreKeys,
  partitionFile,
  readPartition,
} from "../../../src/io/store/index.js";
import { readPartitionWithFingerprint } from "../../../src/io/store/read-partition.js";
import type { RowReject } from "../../../src/model/errors.js";
import type { Partition } from "../../../src/model/partition.js";
import { readAll, tmp } from "../../helpers.js";
import { ABOVE_2_63_ID, expectSamePartition, filesUnder, HUGE_ID, makeDataSet, partitionAll } from "./fixture.js";

let data: string;
let store: string;
let expected: Partition[];

beforeAll(async () => {
  data = await makeDataSet();
  store = join(tmp(), "store");
  await partitionAll([data], store);
  expected = (await loadPartitions([data])).partitions;
});

async function expectSamePartitions(storeDir: string, want: readonly Partition[]): Promise<void> {
  const listed = await listStore(storeDir);
  expect(listed.map((p) => [p.securityCode, p.date])).toEqual(want.map((p) => [p.securityCode, p.date]));
  // The keys alone (no piece opened) are the same list.
  expect(await listStoreKeys(storeDir)).toEqual(listed.map((p) => ({ securityCode: p.securityCode, date: p.date })));
  for (const p of want) expectSamePartition(await readPartition(storeDir, p.securityCode, p.date, p.decimals), p);
}

describe("partitionFile + readPartition", () => {
  it("gives exactly the Partitions of loadPartitions (6 partitions, ids above 2^63, ties by value)", async () => {
    expect(expected).toHaveLength(6);
    expect(new Set(expected.map((p) => p.date))).toEqual(new Set(["2024-10-04", "2024-10-07"]));
    await expectSamePartitions(store, expected);
    const p = expected.find((q) => q.orders.orderId.includes(HUGE_ID))!;
    const back = await readPartition(store, p.securityCode, p.date, p.decimals);
    expect(back.orders.orderId).toContain(HUGE_ID);
    expect(back.orders.orderId).toContain(ABOVE_2_63_ID);
    // Rows 5 and 4 of the extra file tie on (time, sequence) with the first generated row, which
    // sits in another piece read before them: the three are ordered by their other values,
    // order_id first (4, 5, then the generated id), not by file (REFERENCE "The analysis").
    // (Before, file order put them after it, as 5 then 4.)
    const ids = [...back.orders.orderId];
    const i = ids.indexOf(4n);
    expect(ids[i + 1]).toBe(5n);
    expect([back.orders.tNs[i + 2], back.orders.sequence[i + 2]]).toEqual([
      back.orders.tNs[i],
      back.orders.sequence[i],
    ]);
    expect(ids[i + 2]).toBeGreaterThan(1_000_000n);
    expect(back.quotes?.length).toBeGreaterThan(0);
  });

  it("reads each partition once for a job: the same Partition as readPartition and fingerprintPartition's hash", async () => {
    for (const p of expected) {
      const { partition, fingerprint } = await readPartitionWithFingerprint(store, p.securityCode, p.date, p.decimals);
      expectSamePartition(partition, p);
      expect(fingerprint).toBe(await fingerprintPartition(store, p.securityCode, p.date));
    }
    const distinct = new Set(
      await Promise.all(expected.map((p) => fingerprintPartition(store, p.securityCode, p.date))),
    );
    expect(distinct.size).toBe(expected.length);
  });

  it("counts the same rows per table and partition as scan, and every row read is accounted", async () => {
    const s = await scan([data]);
    const listed = await listStore(store);
    expect(listed.map((p) => ({ securityCode: p.securityCode, date: p.date, ...p.rows }))).toEqual(
      s.partitions.map((p) => ({
        securityCode: p.securityCode,
        date: p.date,
        orders: p.orderRows,
        trades: p.tradeRows,
        nbbo: p.nbboRows,
      })),
    );
    const out = tmp();
    const { reports } = await partitionAll([data], out);
    expect(reports.reduce((n, r) => n + r.rowsRead, 0)).toBe(s.totals.rowsRead);
    expect(reports.reduce((n, r) => n + r.accepted, 0)).toBe(s.totals.accepted);
    expect(reports.filter((r) => r.range !== undefined)).toHaveLength(9); // 3 orders files × 3 ranges
  });

  it("writes byte-identical pieces when rerun, in a new store or over the old one", async () => {
    const before = filesUnder(store);
    expect(
      Object.keys(before).every((k) =>
        /^(orders|trades|nbbo)\/security=\w+\/date=[\d-]+\/part-\d+-\d+-\d+\.parquet$/.test(k),
      ),
    ).toBe(true);
    const other = join(tmp(), "store");
    await partitionAll([data], other);
    expect(filesUnder(other)).toEqual(before);
    await partitionAll([data], store);
    expect(filesUnder(store)).toEqual(before);
  });

  it("reads a gzip input like the plain one", async () => {
    const gz = tmp();
    mkdirSync(join(gz, "orders"));
    mkdirSync(join(gz, "trades"));
    for (const rel of Object.keys(filesUnder(data))) {
      const bytes = readFileSync(join(data, rel));
      if (rel.startsWith("orders/")) writeFileSync(join(gz, `${rel}.gz`), gzipSync(bytes));
      else if (/(trades|nbbo)[^/]*\.csv$/.test(rel)) writeFileSync(join(gz, rel), bytes);
    }
    const out = join(tmp(), "store");
    const { reports } = await partitionAll([gz], out);
    expect(reports.filter((r) => r.file.endsWith(".gz"))).toHaveLength(3);
    await expectSamePartitions(out, (await loadPartitions([gz])).partitions);
  });

  it("with flushRows 100 writes many pieces and the same partitions; a rerun with the default removes the extra pieces", async () => {
    const out = join(tmp(), "store");
    const { pieces } = await partitionAll([data], out, { flushRows: 100 });
    expect(pieces.length).toBeGreaterThan(250);
    expect(Math.max(...pieces.map((p) => p.rows))).toBe(100);
    // Some table's partition has more pieces than readTableRows keeps open at once (32): the rest
    // are opened again to be read.
    const perTable = new Map<string, number>();
    for (const p of pieces)
      perTable.set(
        `${p.table}|${p.securityCode}|${p.date}`,
        (perTable.get(`${p.table}|${p.securityCode}|${p.date}`) ?? 0) + 1,
      );
    expect(Math.max(...perTable.values())).toBeGreaterThan(32);
    await expectSamePartitions(out, expected);
    const again = await partitionAll([data], out);
    expect(again.pieces.length).toBeLessThan(60);
    expect(filesUnder(out)).toEqual(filesUnder(store));
  });

  it("bounds the rows buffered across partitions with maxBufferedRows, same partitions", async () => {
    const out = join(tmp(), "store");
    for (const [fi, f] of ["nbbo.csv", "orders/orders-2024-10-04.csv"].entries()) {
      const { pieces } = await partitionFile({
        file: join(data, f),
        storeDir: out,
        tag: `${fi}`,
        maxBufferedRows: 500,
      });
      expect(pieces.length).toBeGreaterThan(6);
    }
    const want = (await loadPartitions([join(data, "nbbo.csv"), join(data, "orders/orders-2024-10-04.csv")]))
      .partitions;
    await expectSamePartitions(out, want);
  });

  it("passes rejects through with the same accounting as reading the whole file", async () => {
    const bad = tmp();
    const lines = readFileSync(join(data, "orders", "orders-2024-10-04.csv"), "utf8").split("\n");
    lines.splice(5, 0, "1,2,3"); // field_count
    lines.splice(3000, 1, lines[3000]!.replace(/^(\d+),(\d+),(\d+),(\w+),(\d+)/, "$1,$2,$3,$4,12a")); // not_integer price
    lines.splice(6000, 1, lines[6000]!.replace(/^\d+/, "-7")); // negative id
    const file = join(bad, "orders-bad.csv");
    writeFileSync(file, lines.join("\n"));
    const whole = await readAll(file);
    expect(whole.report.rejected).toBe(3);
    const rejects: RowReject[] = [];
    const out = join(tmp(), "store");
    const { reports } = await partitionAll([file], out, { onReject: (r) => rejects.push(r) });
    expect(rejects).toEqual(whole.rejects);
    const sum = (k: "rowsRead" | "accepted" | "rejected"): number => reports.reduce((n, r) => n + r[k], 0);
    expect([sum("rowsRead"), sum("accepted"), sum("rejected")]).toEqual([
      whole.report.rowsRead,
      whole.report.accepted,
      whole.report.rejected,
    ]);
    const byCode: Record<string, number> = {};
    for (const r of reports) for (const [c, n] of Object.entries(r.rejectsByCode)) byCode[c] = (byCode[c] ?? 0) + n;
    expect(byCode).toEqual(whole.report.rejectsByCode);
    await expectSamePartitions(out, (await loadPartitions([file])).partitions);
  });
});
