import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openTable, type ReadProgress } from "../../src/io/csv/reader.js";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { FORMATS, ORDERS_HEAD, readAll, stubOrder, tmp, writeFixture } from "../helpers.js";

const dir = tmp();

/** A file of `n` distinct, valid order rows (ids and timestamps above 2^53 all differ). */
function ordersText(n: number, eol = "\n"): string {
  const rows = [ORDERS_HEAD];
  for (let i = 0; i < n; i++) {
    rows.push(
      stubOrder({
        order_id: 7898856358160837782n + BigInt(i),
        timestamp: 1725448941024284297n + BigInt(i * 1000),
        sequence: 72467 + i,
        quantity: 100 + i,
        leavesquantity: 100 + i,
      }),
    );
  }
  return rows.join(eol) + eol;
}

describe("round trip of ids and timestamps (parse → columns → CSV)", () => {
  it("reproduces the real trades example digit for digit", async () => {
    const text = readFileSync(join(FORMATS, "trades-example.csv"), "utf8");
    const { csv, rejects, report } = await readAll(join(FORMATS, "trades-example.csv"));
    expect(rejects).toEqual([]);
    expect(csv).toBe(text.split("\n").slice(1).join("\n"));
    expect(csv).toContain("7904794000124046634");
    expect(csv).toContain("1725494536001032398");
    expect(report).toMatchObject({ rowsRead: 4, accepted: 4, rejected: 0 });
  });
  it("reproduces the real orders example", async () => {
    const text = readFileSync(join(FORMATS, "orders-example.csv"), "utf8");
    const { csv } = await readAll(join(FORMATS, "orders-example.csv"));
    expect(csv).toBe(text.split("\n").slice(1).join("\n"));
  });
  it("keeps bigint columns exact", async () => {
    const reader = await openTable(join(FORMATS, "trades-example.csv"));
    for await (const b of reader) {
      const cols = b.columns as Record<string, ArrayLike<unknown>>;
      expect(cols.orderid?.[0]).toBe(7904794000124046634n);
      expect(cols.tradetime?.[0]).toBe(1725494536001032398n);
      expect(b.tradingDate[0]).toBe("2024-09-05");
    }
  });
});

describe("chunked reading", () => {
  const plain = writeFixture(dir, "orders-chunks.csv", ordersText(40));
  const gz = writeFixture(dir, "orders-chunks.csv.gz", ordersText(40));
  const size = statSync(plain).size;

  it("gives identical rows for chunk sizes 1, 7, 4096 and larger than the file, plain and gzip", async () => {
    const ref = await readAll(plain, { chunkSize: size * 2 });
    expect(ref.rows).toBe(40);
    for (const chunkSize of [1, 7, 4096, size * 2]) {
      for (const f of [plain, gz]) {
        const got = await readAll(f, { chunkSize, batchRows: 3 });
        expect(got.csv).toBe(ref.csv);
        expect(got.report).toMatchObject({ rowsRead: 40, accepted: 40, rejected: 0 });
      }
    }
  });

  it("reports bytes read, rows and position as progress events", async () => {
    const events: ReadProgress[] = [];
    const reader = await openTable(plain, { chunkSize: 1000, onProgress: (p) => events.push(p) });
    for await (const _ of reader) void _;
    expect(events.length).toBeGreaterThanOrEqual(Math.ceil(size / 1000));
    const last = events.at(-1);
    expect(last).toMatchObject({ bytesRead: size, bytesTotal: size, position: size, rows: 40, rejected: 0 });
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.bytesRead).toBeGreaterThanOrEqual(events[i - 1]!.bytesRead);
      expect(events[i]!.rows).toBeGreaterThanOrEqual(events[i - 1]!.rows);
    }
  });

  it("accepts CRLF line ends, a UTF-8 BOM, quoted fields and a missing final newline", async () => {
    const ref = await readAll(plain);
    const crlf = writeFixture(dir, "orders-crlf.csv", "\uFEFF" + ordersText(40, "\r\n"));
    const quoted = writeFixture(
      dir,
      "orders-quoted.csv",
      ordersText(40)
        .replace(/,Current Max,/g, ',"Current Max",')
        .trimEnd(),
    );
    for (const f of [crlf, quoted]) {
      for (const chunkSize of [1, 7, 1 << 20]) {
        const got = await readAll(f, { chunkSize });
        expect(got.csv).toBe(ref.csv);
        expect(got.rejects).toEqual([]);
      }
    }
  });

  it("keeps a quoted field with a comma and a newline in one record", async () => {
    const row = stubOrder({ timevaliditydecoded: '"Good, till\nCancel"' });
    const f = writeFixture(dir, "orders-multiline.csv", `${ORDERS_HEAD}\n${row}\n${stubOrder()}\n`);
    for (const chunkSize of [1, 7, 1 << 20]) {
      const got = await readAll(f, { chunkSize });
      expect(got.report).toMatchObject({ rowsRead: 2, accepted: 2, rejected: 0 });
      expect(got.csv.split("\n")[0]).toContain(',"Good, till\nCancel",'.split("\n")[0]);
    }
  });
});

describe("byte ranges aligned to row starts", () => {
  const text = ordersText(23);
  const plain = writeFixture(dir, "orders-ranges.csv", text);

  it("splits into N ranges whose rows' union is the file's rows, for N = 1..8", async () => {
    const whole = await readAll(plain);
    for (let n = 1; n <= 8; n++) {
      const ranges = await splitByteRanges(plain, n);
      expect(ranges).toHaveLength(n);
      expect(ranges[0]!.start).toBe(0);
      expect(ranges.at(-1)!.end).toBe(text.length);
      let csv = "";
      let rows = 0;
      for (const [i, r] of ranges.entries()) {
        if (i > 0) {
          expect(r.start).toBe(ranges[i - 1]!.end);
          expect(text[r.start - 1]).toBe("\n");
        }
        const got = await readAll(plain, { range: r, chunkSize: 7 });
        csv += got.csv;
        rows += got.report.rowsRead;
      }
      expect(rows).toBe(23);
      expect(csv).toBe(whole.csv);
    }
  });

  it("gives rejects in a range their absolute line number", async () => {
    const lines = text.split("\n");
    lines[20] = stubOrder({ side: "7" });
    const bad = writeFixture(dir, "orders-ranges-bad.csv", lines.join("\n"));
    const ranges = await splitByteRanges(bad, 4);
    const rejects = [];
    for (const r of ranges) rejects.push(...(await readAll(bad, { range: r })).rejects);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 21, column: 6, columnName: "side", code: "unknown_side", text: "7" });
  });

  it("refuses to split a gzip file", async () => {
    const gz = writeFixture(dir, "orders-ranges.csv.gz", text);
    await expect(splitByteRanges(gz, 2)).rejects.toMatchObject({ code: "range_on_gzip" });
  });
});
