import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expandInputs } from "../../../src/io/inputs/inputs.js";
import { decodePiece, encodePiece } from "../../../src/io/store/parquet-codec.js";
import { plainParquetPages, readPlainParquet } from "../../../src/io/store/parquet-plain-read.js";
import { PAGE_VALUES } from "../../../src/io/store/parquet-plain.js";
import { allocStored, STORE_COLUMNS, type StoredArray } from "../../../src/io/store/store-schema.js";
import type { TableKind } from "../../../src/model/schemas.js";
import { mulberry32 } from "../../fixtures/prng.js";
import { tmp } from "../../helpers.js";
import { makeDataSet, partitionAll } from "./fixture.js";

/**
 * The store's pieces are SNAPPY-compressed (issue 15, point 7): they read back byte for byte like
 * the uncompressed form, old uncompressed pieces still read, damage is corrupt_piece, and the
 * store takes at most half the bytes of its CSV input.
 */

/** Order-like columns: rising ids and times, small prices and quantities, a few codes. */
function columns(table: TableKind, n: number, seed: number): StoredArray[] {
  const next = mulberry32(seed);
  return STORE_COLUMNS[table].map((c) => {
    const a = allocStored(c.kind, n);
    for (let r = 0; r < n; r++) {
      const v = Math.floor(next() * 1000);
      if (c.kind === "u64") (a as BigUint64Array)[r] = 8_000_000_000_000_000_000n + BigInt(r * 7 + (v % 5));
      else if (c.kind === "ns") (a as BigInt64Array)[r] = 1_727_999_400_000_000_000n + BigInt(r) * 1_000_003n;
      else if (c.kind === "int") (a as Float64Array)[r] = r % 97 === 0 ? -1 : 3340 + (v % 40);
      else if (c.kind === "code") (a as Uint8Array)[r] = v % 4;
      else (a as Int32Array)[r] = v % 3 === 0 ? 0x0400 : 0;
    }
    return a;
  });
}

/** Every stored column of a decoded piece as bytes, by name. */
async function decodedBytes(table: TableKind, bytes: Uint8Array, plainReader = true): Promise<Map<string, Buffer>> {
  const d = await decodePiece(table, bytes, "piece", { plainReader });
  return new Map([...d.columns].map(([name, a]) => [name, Buffer.from(a.buffer, a.byteOffset, a.byteLength)] as const));
}

describe("SNAPPY pieces", () => {
  for (const table of ["orders", "trades", "nbbo"] as const) {
    it(`${table}: a SNAPPY piece decodes to exactly the bytes of the uncompressed one, by both readers`, async () => {
      const n = PAGE_VALUES + 1001; // two pages a column
      const arrays = columns(table, n, 5);
      const snappy = encodePiece(table, "CPX.AX", arrays, n, undefined, "SNAPPY");
      const plain = encodePiece(table, "CPX.AX", arrays, n, undefined, "UNCOMPRESSED");
      expect(Buffer.from(encodePiece(table, "CPX.AX", arrays, n, undefined, "SNAPPY")).equals(snappy)).toBe(true);
      expect(snappy.length).toBeLessThan(plain.length / 3);
      // Taken by our reader as SNAPPY pages (not by the parquet-wasm fallback).
      const names = STORE_COLUMNS[table].map((c) => c.name);
      const layout = plainParquetPages(snappy, names)!;
      expect(layout.rows).toBe(n);
      expect([...layout.columns.values()].map((c) => [c.codec, c.pages.length])).toEqual(names.map(() => [1, 2]));
      expect(plainParquetPages(plain, names)!.columns.get(names[0]!)!.codec).toBe(0);
      const want = await decodedBytes(table, plain);
      for (const got of [await decodedBytes(table, snappy), await decodedBytes(table, snappy, false)])
        for (const [name, b] of want) expect(got.get(name)!.equals(b), name).toBe(true);
      // …which are the bytes of the buffered columns (int columns: numbers again, from exact Int64).
      STORE_COLUMNS[table].forEach((c, i) => {
        const a = arrays[i]!;
        expect((want.get(c.name) as Buffer).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength)), c.name).toBe(
          true,
        );
      });
    });
  }

  it("a SNAPPY page that does not decompress to its stated size is corrupt_piece, not garbage", async () => {
    const n = 5000;
    const bytes = new Uint8Array(encodePiece("nbbo", "CPX.AX", columns("nbbo", n, 9), n));
    const [start, end] = plainParquetPages(bytes, ["bidprice"])!.columns.get("bidprice")!.pages[0]!;
    // The page's leading varint (its decompressed length) now says 1 byte.
    bytes[start] = 1;
    expect(end - start).toBeGreaterThan(1);
    expect(readPlainParquet(bytes, ["bidprice"])).toBeUndefined();
    await expect(decodePiece("nbbo", bytes, "p")).rejects.toMatchObject({ code: "corrupt_piece" });
  });
});

describe("store size", () => {
  let csvBytes = 0;
  let storeBytes = 0;
  let rows = 0;
  beforeAll(async () => {
    const data = await makeDataSet();
    const store = join(tmp(), "store");
    const { reports } = await partitionAll([data], store);
    for (const f of await expandInputs([data])) csvBytes += statSync(f).size;
    for (const d of readdirSync(store, { recursive: true, withFileTypes: true }))
      if (d.isFile() && d.name.endsWith(".parquet")) storeBytes += statSync(join(d.parentPath, d.name)).size;
    rows = reports.reduce((s, r) => s + r.rowsRead, 0);
  });

  it("the pieces of a generated data set take at most half the bytes of its CSV input", () => {
    expect(rows).toBeGreaterThan(20_000);
    expect(csvBytes / rows).toBeGreaterThan(100); // CSV rows of about 150 bytes
    expect(storeBytes).toBeLessThanOrEqual(0.5 * csvBytes);
  });
});
