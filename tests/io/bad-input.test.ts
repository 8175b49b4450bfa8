import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { openTable } from "../../src/io/csv/reader.js";
import { scan } from "../../src/io/scan/scan.js";
import { InputError, InputErrors } from "../../src/model/errors.js";
import { ORDERS_HEAD, readAll, stubOrder, stubTrade, tmp, TRADES_HEAD, writeFixture } from "../helpers.js";

const dir = tmp();
const ok = (i: number): string => stubOrder({ order_id: 7898856358160837782n + BigInt(i), sequence: 72467 + i });

/** One bad row between two good ones: line 3 of the file, with the expected reject. */
const ROW_CASES: { name: string; row: string; code: string; column: number; columnName: string; text: string }[] = [
  {
    name: "too few fields",
    row: ok(9).split(",").slice(0, 29).join(","),
    code: "field_count",
    column: 30,
    columnName: "",
    text: ok(9).split(",").slice(0, 29).join(","),
  },
  {
    name: "too many fields",
    row: `${ok(9)},extra`,
    code: "field_count",
    column: 31,
    columnName: "",
    text: `${ok(9)},extra`,
  },
  {
    name: "non-numeric price",
    row: stubOrder({ price: "13a51" }),
    code: "not_integer",
    column: 5,
    columnName: "price",
    text: "13a51",
  },
  {
    name: "decimal price",
    row: stubOrder({ price: "1345.10" }),
    code: "not_integer",
    column: 5,
    columnName: "price",
    text: "1345.10",
  },
  {
    name: "negative price",
    row: stubOrder({ price: "-134510" }),
    code: "negative",
    column: 5,
    columnName: "price",
    text: "-134510",
  },
  {
    name: "negative quantity",
    row: stubOrder({ quantity: "-200" }),
    code: "negative",
    column: 9,
    columnName: "quantity",
    text: "-200",
  },
  {
    name: "non-numeric quantity",
    row: stubOrder({ leavesquantity: "lots" }),
    code: "not_integer",
    column: 10,
    columnName: "leavesquantity",
    text: "lots",
  },
  {
    name: "unknown side",
    row: stubOrder({ side: "B" }),
    code: "unknown_side",
    column: 6,
    columnName: "side",
    text: "B",
  },
  // A code outside its table is kept and counted (tests/io/codes.test.ts); one wider than its
  // stored column (a byte; 16 bits for the mask) is no code of the protocol.
  {
    name: "changereason wider than a byte",
    row: stubOrder({ changereason: "300" }),
    code: "out_of_range",
    column: 7,
    columnName: "changereason",
    text: "300",
  },
  {
    name: "exchangeordertype wider than 16 bits",
    row: stubOrder({ exchangeordertype: "65600" }),
    code: "out_of_range",
    column: 12,
    columnName: "exchangeordertype",
    text: "65600",
  },
  {
    name: "malformed timestamp",
    row: stubOrder({ timestamp: "2024-09-04 11:22:21" }),
    code: "bad_timestamp",
    column: 3,
    columnName: "timestamp",
    text: "2024-09-04 11:22:21",
  },
  {
    name: "timestamp in seconds",
    row: stubOrder({ timestamp: "1725448941" }),
    code: "bad_timestamp",
    column: 3,
    columnName: "timestamp",
    text: "1725448941",
  },
  {
    name: "id above 2^64 − 1",
    row: stubOrder({ order_id: "18446744073709551616" }),
    code: "out_of_range",
    column: 1,
    columnName: "order_id",
    text: "18446744073709551616",
  },
  {
    name: "empty id",
    row: stubOrder({ order_id: "" }),
    code: "empty_field",
    column: 1,
    columnName: "order_id",
    text: "",
  },
  {
    name: "unsafe security code",
    row: stubOrder({ security_code: "../../etc" }),
    code: "bad_security_code",
    column: 4,
    columnName: "security_code",
    text: "../../etc",
  },
  {
    name: "unterminated quote",
    row: stubOrder({ timevaliditydecoded: '"Current Max' }),
    code: "csv_syntax",
    column: 0,
    columnName: "",
    text: "",
  },
];

describe("bad rows: typed reject with file, line, column and text; counted; never thrown", () => {
  for (const c of ROW_CASES) {
    it(c.name, async () => {
      const file = writeFixture(
        dir,
        `orders-${c.name.replaceAll(/[^a-z0-9]+/gi, "-")}.csv`,
        `${ORDERS_HEAD}\n${ok(1)}\n${c.row}\n${ok(2)}\n`,
      );
      for (const chunkSize of [1, 7, 1 << 20]) {
        const { rejects, report } = await readAll(file, { chunkSize });
        if (c.code === "csv_syntax") {
          // A quote still open at the end of the input costs its own line only: the row after it is read.
          expect(rejects).toHaveLength(1);
          expect(rejects[0]).toMatchObject({ file, line: 3, column: 0, code: "csv_syntax" });
          expect(rejects[0]!.message).toMatch(/not closed before the end of the input/);
          expect(report).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1 });
          continue;
        }
        expect(rejects).toEqual([
          {
            file,
            line: 3,
            column: c.column,
            columnName: c.columnName,
            code: c.code,
            message: expect.any(String),
            text: c.text,
          },
        ]);
        expect(rejects[0]!.message.length).toBeGreaterThan(10);
        expect(report).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1, rejectsByCode: { [c.code]: 1 } });
        expect(report.rowsRead).toBe(report.accepted + report.rejected);
      }
    });
  }

  it("rejects bytes that are not UTF-8 with bad_encoding", async () => {
    const bad = Buffer.concat([
      Buffer.from(`${ORDERS_HEAD}\n${ok(1)}\n`),
      Buffer.from(stubOrder({ timevaliditydecoded: "Curr\u00e9nt" }), "latin1"),
      Buffer.from(`\n${ok(2)}\n`),
    ]);
    const file = writeFixture(dir, "orders-latin1.csv", bad);
    const { rejects, report } = await readAll(file);
    expect(rejects).toMatchObject([{ file, line: 3, code: "bad_encoding" }]);
    expect(report).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1 });
  });

  it("rejects a bad trade leg by its own column names", async () => {
    const file = writeFixture(
      dir,
      "trades-bad.csv",
      `${TRADES_HEAD}\n${stubTrade()}\n${stubTrade({ passiveaggressive: "-1" })}\n${stubTrade({ tradedate: "05/09/2024" })}\n`,
    );
    const { rejects, report } = await readAll(file);
    expect(rejects.map((r) => [r.line, r.column, r.columnName, r.code, r.text])).toEqual([
      [3, 18, "passiveaggressive", "out_of_range", "-1"],
      [4, 3, "tradedate", "bad_date", "05/09/2024"],
    ]);
    expect(report).toMatchObject({ table: "trades", rowsRead: 3, accepted: 1, rejected: 2 });
  });
});

describe("file-level problems: clear errors before any work", () => {
  it("a missing required column names the column", async () => {
    const head = ORDERS_HEAD.replace(",side,", ",sidecode,");
    const file = writeFixture(dir, "orders-missing-col.csv", `${head}\n${ok(1)}\n`);
    const err = await openTable(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: "missing_column", file, details: ["side"] });
    expect((err as Error).message).toContain("side");
  });

  it("an empty file, a 0-byte gzip and a missing file", async () => {
    const empty = writeFixture(dir, "orders-empty.csv", "");
    await expect(openTable(empty)).rejects.toMatchObject({ code: "empty_file", file: empty });
    const blank = writeFixture(dir, "orders-blank.csv", "\n\n");
    await expect(openTable(blank)).rejects.toMatchObject({ code: "empty_file" });
    const gz0 = join(dir, "orders-zero.csv.gz");
    writeFixture(dir, "orders-zero.csv.gz.tmp", "");
    await import("node:fs").then((fs) => fs.writeFileSync(gz0, Buffer.alloc(0)));
    await expect(openTable(gz0)).rejects.toMatchObject({ code: "empty_file" });
    await expect(openTable(join(dir, "nope.csv"))).rejects.toMatchObject({ code: "unreadable" });
    await expect(openTable(dir)).rejects.toMatchObject({ code: "unreadable" });
  });

  it("an unknown header is unknown_format", async () => {
    const file = writeFixture(dir, "extract-unknown.csv", "a,b,c\n1,2,3\n");
    await expect(openTable(file)).rejects.toMatchObject({ code: "unknown_format" });
  });

  it("scan checks every file before reading any, and lists every problem", async () => {
    const sub = tmp();
    const good = writeFixture(sub, "orders-good.csv", `${ORDERS_HEAD}\n${ok(1)}\n`);
    const missing = writeFixture(sub, "orders-nocol.csv", `${ORDERS_HEAD.replace("order_id,", "")}\n`);
    const empty = writeFixture(sub, "trades-empty.csv", "");
    const rejectsPath = join(sub, "rejects.csv");
    const err = await scan([good, missing, empty], { rejectsPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    expect((err as InputErrors).errors.map((e) => [e.code, e.file])).toEqual([
      ["missing_column", missing],
      ["empty_file", empty],
    ]);
    expect(existsSync(rejectsPath)).toBe(false);
  });
});

describe("truncated gzip", () => {
  it("keeps the rows before the damage, counts the cut row and reports the file error", async () => {
    const rows = [ORDERS_HEAD, ...Array.from({ length: 200 }, (_, i) => ok(i))].join("\n") + "\n";
    const full = gzipSync(Buffer.from(rows));
    const file = writeFixture(dir, "orders-truncated.csv", full.subarray(0, Math.floor(full.length * 0.6)));
    const gzFile = file.replace(/\.csv$/, ".csv.gz");
    await import("node:fs").then((fs) => fs.renameSync(file, gzFile));
    const { rejects, report } = await readAll(gzFile, { chunkSize: 512 });
    expect(report.error?.code).toBe("truncated_gzip");
    expect(report.rowsRead).toBe(report.accepted + report.rejected);
    expect(report.accepted).toBeGreaterThan(10);
    expect(report.accepted).toBeLessThan(200);
    // The row cut mid-way is counted as a reject on the next line, never silently lost.
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ code: "truncated_record", line: report.accepted + 2 });
  });
});

describe("rejects file and accounting in scan", () => {
  it("writes each reject to the rejects CSV and keeps rows read = accepted + rejected per file", async () => {
    const sub = tmp();
    writeFixture(sub, "orders-a.csv", `${ORDERS_HEAD}\n${ok(1)}\n${stubOrder({ side: "3" })}\n${ok(2)}\n`);
    writeFixture(sub, "trades-a.csv.gz", `${TRADES_HEAD}\r\n${stubTrade()}\r\n${stubTrade({ quantity: "x" })}\r\n`);
    const rejectsPath = join(sub, "out", "rejects.csv");
    const r = await scan([sub], { rejectsPath });
    expect(r.files.map((f) => [f.table, f.rowsRead, f.accepted, f.rejected])).toEqual([
      ["orders", 3, 2, 1],
      ["trades", 2, 1, 1],
    ]);
    expect(r.totals).toMatchObject({ rowsRead: 5, accepted: 3, rejected: 2 });
    const written = parse<Record<string, string>>(readFileSync(rejectsPath, "utf8"), { columns: true });
    expect(
      written.map((w) => [w.file?.endsWith("orders-a.csv"), w.line, w.column, w.column_name, w.code, w.text]),
    ).toEqual([
      [true, "3", "6", "side", "unknown_side", "3"],
      [false, "3", "14", "quantity", "not_integer", "x"],
    ]);
  });
});
