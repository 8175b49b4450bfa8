import { DuckDBInstance } from "@duckdb/node-api";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodePiece, encodePiece } from "../../../src/io/store/parquet-codec.js";
import { partitionDir } from "../../../src/io/store/layout.js";
import { fixedPages, PAGE_VALUES, PlainOutput, writePlainParquet } from "../../../src/io/store/parquet-plain.js";
import { pieceRows, readTableRows } from "../../../src/io/store/piece-reader.js";
import { readPlainParquet } from "../../../src/io/store/parquet-plain-read.js";
import { allocStored, STORE_COLUMNS, type StoredArray } from "../../../src/io/store/store-schema.js";
import type { TableKind } from "../../../src/model/schemas.js";
import { mulberry32 } from "../../fixtures/prng.js";
import { tmp } from "../../helpers.js";

/**
 * The store's own PLAIN Parquet writer: what it writes, parquet-wasm (arrow-rs) reads back exactly
 * and DuckDB reads natively with the intended types — at the edges of every kind (u64 max, 2^53 − 1,
 * negative ints, all 256 codes), for 1 row, and across several pages.
 */
const dir = tmp("sweeplab-plain-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function columns(table: TableKind, n: number, seed: number): StoredArray[] {
  const next = mulberry32(seed);
  const int = (k: number): number => Math.floor(next() * k);
  return STORE_COLUMNS[table].map((c) => {
    const a = allocStored(c.kind, n);
    for (let r = 0; r < n; r++) {
      const edge = r < 3;
      switch (c.kind) {
        case "u64":
          (a as BigUint64Array)[r] = edge
            ? [0n, 1n, (1n << 64n) - 1n][r]!
            : (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32));
          break;
        case "ns":
          (a as BigInt64Array)[r] = 1_727_827_200_000_000_000n + BigInt(int(2 ** 40));
          break;
        case "int":
          (a as Float64Array)[r] = edge
            ? [0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER][r]!
            : int(2 ** 40) - 2 ** 39;
          break;
        case "code":
          (a as Uint8Array)[r] = r % 256;
          break;
        case "mask":
          (a as Int32Array)[r] = edge ? [0, 2 ** 31 - 1, -(2 ** 31)][r]! : int(1 << 16);
          break;
      }
    }
    return a;
  });
}

describe("PLAIN Parquet pieces", () => {
  for (const table of ["orders", "trades", "nbbo"] as const) {
    for (const n of [1, 1000, PAGE_VALUES * 2 + 17]) {
      it(`${table}, ${n} rows: our plain reader and parquet-wasm read back every value exactly`, async () => {
        const arrays = columns(table, n, n);
        const bytes = encodePiece(table, "BHP.AX", arrays, n);
        expect(Buffer.from(encodePiece(table, "BHP.AX", arrays, n)).equals(bytes)).toBe(true); // deterministic
        // Our pieces take the plain reader (a fallback to parquet-wasm would hide a broken one).
        expect(
          readPlainParquet(
            bytes,
            STORE_COLUMNS[table].map((c) => c.name),
          )?.rows,
        ).toBe(n);
        const back = await decodePiece(table, bytes, "piece");
        const viaWasm = await decodePiece(table, bytes, "piece", { plainReader: false });
        expect(viaWasm.rows).toBe(n);
        expect(back.rows).toBe(n);
        STORE_COLUMNS[table].forEach((c, i) => {
          const want = arrays[i]!;
          for (const [reader, got] of [
            ["plain", back.columns.get(c.name)!],
            ["parquet-wasm", viaWasm.columns.get(c.name)!],
          ] as const) {
            expect(got.constructor).toBe(want.constructor);
            expect(got.length).toBe(n);
            // A plain loop: toEqual over half a million values is far too slow.
            let firstDiff = -1;
            for (let r = 0; r < n && firstDiff < 0; r++) if (got[r] !== want[r]) firstDiff = r;
            expect({ reader, column: c.name, firstDiff }).toEqual({ reader, column: c.name, firstDiff: -1 });
          }
        });
      });
    }
  }

  it("DuckDB reads a piece with the intended types and exact sums", async () => {
    const n = PAGE_VALUES + 5;
    const arrays = columns("orders", n, 7);
    const file = join(dir, "orders.parquet");
    writeFileSync(file, encodePiece("orders", "BHP.AX", arrays, n));
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const r = await c.runAndReadAll(
      `SELECT count(*)::VARCHAR, max(order_id)::VARCHAR, sum(price)::VARCHAR, sum(side)::VARCHAR,
         min(exchangeordertype)::VARCHAR, any_value(security_code), any_value(typeof(order_id)),
         any_value(typeof(timestamp)), any_value(typeof(price)), any_value(typeof(side)),
         any_value(typeof(exchangeordertype)), any_value(typeof(security_code))
       FROM read_parquet('${file}')`,
    );
    const col = (name: string): StoredArray => arrays[STORE_COLUMNS.orders.findIndex((x) => x.name === name)]!;
    let price = 0n;
    let side = 0n;
    let maxId = 0n;
    let minMask = Infinity;
    for (let i = 0; i < n; i++) {
      price += BigInt((col("price") as Float64Array)[i]!);
      side += BigInt((col("side") as Uint8Array)[i]!);
      const id = (col("order_id") as BigUint64Array)[i]!;
      if (id > maxId) maxId = id;
      minMask = Math.min(minMask, (col("exchangeordertype") as Int32Array)[i]!);
    }
    expect(r.getRows()[0]).toEqual([
      String(n),
      String(maxId),
      String(price),
      String(side),
      String(minMask),
      "BHP.AX",
      "UBIGINT",
      "BIGINT",
      "BIGINT",
      "UTINYINT",
      "INTEGER",
      "VARCHAR",
    ]);
    // A piece written by another writer (DuckDB: dictionary pages, snappy) is not of the plain form:
    // decodePiece reads it through parquet-wasm, with the same values.
    const other = join(dir, "duckdb.parquet");
    await c.run(`COPY (SELECT * FROM read_parquet('${file}')) TO '${other}' (FORMAT parquet, COMPRESSION snappy)`);
    const back = await decodePiece("orders", readFileSync(other), other);
    expect(back.rows).toBe(n);
    const ids = back.columns.get("order_id") as BigUint64Array;
    expect(ids).toBeInstanceOf(BigUint64Array);
    expect(ids.reduce((a, b) => (b > a ? b : a), 0n)).toBe(maxId);
    // In a store, a job reads it beside one of ours: row counts from both footers, same values.
    const store = join(dir, "store");
    const pdir = join(store, partitionDir("orders", "BHP.AX", "2024-10-04"));
    mkdirSync(pdir, { recursive: true });
    copyFileSync(file, join(pdir, "part-0-0-0.parquet"));
    copyFileSync(other, join(pdir, "part-0-0-1.parquet"));
    expect(await pieceRows(other)).toBe(n);
    const both = await readTableRows(store, "orders", "BHP.AX", "2024-10-04");
    expect([both.rows, both.pieces]).toEqual([2 * n, 2]);
    for (const col of STORE_COLUMNS.orders) {
      const a = both.columns.get(col.name)!;
      for (let i = 0; i < n; i++) if (a[i] !== a[n + i]) expect.fail(`${col.name} row ${i}: ${a[i]} vs ${a[n + i]}`);
    }
    c.closeSync();
  });

  it("writes the same bytes into a reused output buffer as into a new one, file after file", () => {
    const output = new PlainOutput();
    for (const [table, n] of [
      ["orders", PAGE_VALUES + 5],
      ["nbbo", 3],
      ["trades", 1000],
      ["orders", 0],
      ["orders", 2],
    ] as const) {
      const arrays = columns(table, n, n + 11);
      const fresh = Buffer.from(encodePiece(table, "BHP.AX", arrays, n));
      const reused = encodePiece(table, "BHP.AX", arrays, n, output);
      expect(Buffer.from(reused).equals(fresh), `${table} ${n}`).toBe(true);
    }
  });

  it("a footer claiming far more rows than its file could hold is corrupt_piece, before any allocation", async () => {
    const ids = new BigUint64Array([1n, 2n, 3n]);
    const bytes = writePlainParquet([{ name: "order_id", type: "INT64", pages: fixedPages(ids, 3) }], 1e9);
    const file = join(dir, "huge-count.parquet");
    writeFileSync(file, bytes);
    await expect(pieceRows(file)).rejects.toMatchObject({ code: "corrupt_piece" });
    const store = join(dir, "store-huge");
    const pdir = join(store, partitionDir("nbbo", "BHP.AX", "2024-10-04"));
    mkdirSync(pdir, { recursive: true });
    copyFileSync(file, join(pdir, "part-0-0-0.parquet"));
    await expect(readTableRows(store, "nbbo", "BHP.AX", "2024-10-04")).rejects.toMatchObject({ code: "corrupt_piece" });
  });

  it("a damaged piece is corrupt_piece, not garbage", async () => {
    const bytes = encodePiece("nbbo", "BHP.AX", columns("nbbo", 100, 3), 100);
    for (const cut of [bytes.length - 1, bytes.length - 9, 40]) {
      await expect(decodePiece("nbbo", bytes.subarray(0, cut), "p")).rejects.toThrow(/corrupt|readable/);
    }
  });
});
