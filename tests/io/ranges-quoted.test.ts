import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { scanPart } from "../../src/io/scan/scan.js";
import type { ByteRange } from "../../src/io/csv/source.js";
import { removePiecesOfTags } from "../../src/io/store/index.js";
import { mulberry32 } from "../fixtures/prng.js";
import { ORDERS_HEAD, readAll, stubOrder, tmp, writeFixture } from "../helpers.js";

// Issue 12: byte ranges and quoted records spanning lines.

const TYPED = '"Good till\ncancelled, on Monday"';

/** Rows of `n` orders, those in `quoted` with a timevaliditydecoded spanning lines. */
function orders(n: number, quoted: ReadonlySet<number>, value = TYPED): string {
  const rows = Array.from({ length: n }, (_, i) =>
    stubOrder({ order_id: String(100 + i), ...(quoted.has(i) ? { timevaliditydecoded: value } : {}) }),
  );
  return `${ORDERS_HEAD}\n${rows.join("\n")}\n`;
}

/** Reads each range alone: rows, rejects and cut flags. */
async function readRanges(file: string, ranges: readonly ByteRange[]) {
  const parts = [];
  for (const range of ranges) parts.push((await scanPart(file, { range })).report);
  return {
    rowsRead: parts.reduce((s, r) => s + r.rowsRead, 0),
    rejected: parts.reduce((s, r) => s + r.rejected, 0),
    cut: parts.map((r) => r.cutRecord === true),
  };
}

describe("FileReport.cutRecord", () => {
  it("is set on a range that ends inside a quoted record, and on no other", async () => {
    const dir = tmp("sweeplab-cut-");
    const text = orders(6, new Set([2]));
    const file = writeFixture(dir, "orders.csv", text);
    const inside = text.indexOf("Good till\n") + "Good till\n".length; // a line start inside the record
    const rowStart = text.indexOf("\n", inside) + 1; // the row after the quoted one
    const size = Buffer.byteLength(text);
    expect(
      await readRanges(file, [
        { start: 0, end: inside },
        { start: inside, end: size },
      ]),
    ).toMatchObject({
      cut: [true, false],
    });
    expect(
      await readRanges(file, [
        { start: 0, end: rowStart },
        { start: rowStart, end: size },
      ]),
    ).toEqual({
      rowsRead: 6,
      rejected: 0,
      cut: [false, false],
    });
    // A quote left open at the end of the file ends the last range: nothing follows, nothing is cut.
    const open = writeFixture(
      dir,
      "open.csv",
      `${orders(3, new Set())}${stubOrder({ timevaliditydecoded: '"never' })}\n`,
    );
    const whole = await readAll(open);
    expect(whole.report.rejectsByCode).toEqual({ csv_syntax: 1 });
    const at = Buffer.byteLength(orders(2, new Set()));
    const sizeOpen = Buffer.byteLength(`${orders(3, new Set())}${stubOrder({ timevaliditydecoded: '"never' })}\n`);
    expect(
      (
        await readRanges(open, [
          { start: 0, end: at },
          { start: at, end: sizeOpen },
        ])
      ).cut,
    ).toEqual([false, false]);
  });
});

describe("FileReport.cutRecord, property", () => {
  it("when no range but the last reports a cut record, the ranges read exactly the whole file", async () => {
    // Random files mixing plain rows, values spanning lines, quotes never closed, stray quotes,
    // blank lines, CRLF and short rows, cut at random line starts (any line start, not only those
    // splitByteRanges picks): the claim the partition's redo rests on (see partition-plan.ts).
    const dir = tmp("sweeplab-cut-prop-");
    const next = mulberry32(12);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const lineKinds = [
      (i: number) => stubOrder({ order_id: String(i) }),
      (i: number) => stubOrder({ order_id: String(i) }),
      (i: number) => stubOrder({ order_id: String(i), timevaliditydecoded: '"Good till\ncancelled, ""now"""' }),
      (i: number) => stubOrder({ order_id: String(i), timevaliditydecoded: '"a\nb\nc"' }),
      (i: number) => stubOrder({ order_id: String(i), timevaliditydecoded: '"Current Max"' }),
      (i: number) => stubOrder({ order_id: String(i), timevaliditydecoded: '"never closed' }),
      (i: number) => stubOrder({ order_id: String(i), timevaliditydecoded: 'stray"quote' }),
      (i: number) => `${stubOrder({ order_id: String(i) })}\r`,
      () => "",
      () => "1,2,3",
    ];
    let same = 0;
    let cut = 0;
    for (let c = 0; c < 100; c++) {
      const rows = Array.from({ length: 5 + Math.floor(next() * 30) }, (_, i) => pick(lineKinds)(100 + i));
      const text = `${ORDERS_HEAD}\n${rows.join("\n")}\n`;
      const file = writeFixture(dir, `case-${c}.csv`, text);
      const starts = [...text.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1).filter((s) => s < text.length);
      const bounds = [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(starts)))].sort(
        (a, b) => a - b,
      );
      const edges = [0, ...bounds, Buffer.byteLength(text)];
      const ranges = edges.slice(1).map((end, k) => ({ start: edges[k] as number, end }));
      const whole = await readAll(file, { chunkSize: 4096 });
      const parts = [];
      for (const range of ranges) parts.push(await readAll(file, { range, chunkSize: 4096 }));
      if (parts.slice(0, -1).some((p) => p.report.cutRecord === true)) {
        cut++;
        continue;
      }
      same++;
      expect(parts.at(-1)?.report.cutRecord, `case ${c}`).toBeUndefined();
      expect(
        {
          csv: parts.map((p) => p.csv).join(""),
          rejects: parts.flatMap((p) => p.rejects),
          rowsRead: parts.reduce((s, p) => s + p.report.rowsRead, 0),
          blank: parts.reduce((s, p) => s + p.report.blankLines, 0),
        },
        `case ${c}: ${JSON.stringify(ranges)}`,
      ).toEqual({
        csv: whole.csv,
        rejects: whole.rejects,
        rowsRead: whole.report.rowsRead,
        blank: whole.report.blankLines,
      });
    }
    expect(same).toBeGreaterThan(10);
    expect(cut).toBeGreaterThan(10);
  });
});

describe("splitByteRanges with avoidQuotedRecords", () => {
  it("steps over a typed value spanning lines that the plain split cuts", async () => {
    const dir = tmp("sweeplab-avoid-");
    // Every 2nd row from the 10th on is quoted over 2 lines, so plain boundaries land in some.
    const quoted = new Set(Array.from({ length: 40 }, (_, i) => i).filter((i) => i >= 10 && i % 2 === 0));
    const text = orders(40, quoted);
    const file = writeFixture(dir, "orders.csv", text);
    let plainCut = false;
    for (const n of [2, 3, 4, 5]) {
      const plain = await readRanges(file, await splitByteRanges(file, n));
      plainCut ||= plain.cut.includes(true);
      const avoided = await splitByteRanges(file, n, { avoidQuotedRecords: true });
      expect(await readRanges(file, avoided), `${n} ranges`).toEqual({
        rowsRead: 40,
        rejected: 0,
        cut: Array(n).fill(false),
      });
      // Contiguous, from 0 to the end.
      expect(avoided[0]?.start).toBe(0);
      expect(avoided.at(-1)?.end).toBe(Buffer.byteLength(text));
      for (let i = 1; i < n; i++) expect(avoided[i]?.start).toBe(avoided[i - 1]?.end);
    }
    expect(plainCut).toBe(true); // the data does put plain boundaries inside quoted records
  });

  it("falls back to the row start when no line looks like a row (every row holds a quote)", async () => {
    const dir = tmp("sweeplab-avoid-");
    const all = new Set(Array.from({ length: 30 }, (_, i) => i));
    const file = writeFixture(dir, "orders.csv", orders(30, all, '"Current Max"'));
    expect(await splitByteRanges(file, 3, { avoidQuotedRecords: true })).toEqual(await splitByteRanges(file, 3));
  });
});

describe("removePiecesOfTags", () => {
  it("removes the pieces of the given tags in every partition, and the folders left empty", async () => {
    const store = tmp("sweeplab-store-");
    const put = (rel: string): void => {
      mkdirSync(join(store, rel, ".."), { recursive: true });
      writeFileSync(join(store, rel), "x");
    };
    const keep = [
      "orders/security=AAA/date=2024-09-04/part-0001-00-0.parquet",
      "orders/security=AAA/date=2024-09-04/part-0002-01-0.parquet",
      "orders/security=AAA/date=2024-09-04/notes.txt",
    ];
    const drop = [
      "orders/security=AAA/date=2024-09-04/part-0001-01-0.parquet",
      "orders/security=AAA/date=2024-09-04/part-0001-01-1.parquet",
      "trades/security=BBB/date=2024-09-05/part-0001-02-0.parquet",
    ];
    for (const p of [...keep, ...drop]) put(p);
    expect(await removePiecesOfTags(store, new Set(["0001-01", "0001-02"]))).toEqual([...drop].sort());
    for (const p of keep) expect(existsSync(join(store, p)), p).toBe(true);
    for (const p of drop) expect(existsSync(join(store, p)), p).toBe(false);
    expect(existsSync(join(store, "trades/security=BBB"))).toBe(false);
    expect(await removePiecesOfTags(join(store, "missing"), new Set(["0001-00"]))).toEqual([]);
  });
});
