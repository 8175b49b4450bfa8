import { describe, expect, it } from "vitest";
import { detailColumn, type DetailValues } from "../../src/io/outputs/detail-pages.js";
import type { DetailColumn } from "../../src/core/detail-tables/index.js";

const col = (type: "int64" | "int32"): DetailColumn => ({ name: "x", type, doc: "test column" });
const num = (values: Float64Array | Int32Array | Uint8Array | Uint16Array, valid?: Uint8Array): DetailValues =>
  valid === undefined ? { kind: "num", values } : { kind: "num", values, valid };

describe("detailColumn's whole-number check", () => {
  it("names the first row of an int64 column that is not a safe integer", () => {
    const bad = [1.5, Number.NaN, 2 ** 53, -(2 ** 53), Number.POSITIVE_INFINITY];
    for (const x of bad) {
      const v = Float64Array.from([0, -(2 ** 53 - 1), 2 ** 53 - 1, x, 7.5]);
      expect(() => detailColumn(col("int64"), num(v), 5)).toThrow(`column x: row 3 is ${x}, not a whole int64`);
    }
    expect(() => detailColumn(col("int64"), num(Float64Array.from([1, 2 ** 53 - 1, -3])), 3)).not.toThrow();
    // Only the first n rows count.
    expect(() => detailColumn(col("int64"), num(Float64Array.from([1, 0.5])), 1)).not.toThrow();
  });

  it("names the first row of an int32 column out of Int32 range or fractional; integer arrays pass", () => {
    for (const x of [2 ** 31, -(2 ** 31) - 1, 0.25, Number.NaN]) {
      const v = Float64Array.from([2 ** 31 - 1, -(2 ** 31), x]);
      expect(() => detailColumn(col("int32"), num(v), 3)).toThrow(`column x: row 2 is ${x}, not a whole int32`);
    }
    expect(() => detailColumn(col("int32"), num(Int32Array.from([-(2 ** 31), 2 ** 31 - 1])), 2)).not.toThrow();
    expect(() => detailColumn(col("int64"), num(Uint16Array.from([65535])), 1)).not.toThrow();
  });

  it("skips the rows a nullable column marks null", () => {
    const c: DetailColumn = { name: "x", type: "int64", nullable: true, doc: "test column" };
    const v = Float64Array.from([1, 0.5, 3]);
    expect(() => detailColumn(c, num(v, Uint8Array.from([1, 0, 1])), 3)).not.toThrow();
    expect(() => detailColumn(c, num(v, Uint8Array.from([1, 1, 1])), 3)).toThrow("row 1 is 0.5");
  });
});

describe("detailColumn's per-row text pages", () => {
  it("writes each row as its 4-byte length and UTF-8 bytes, ASCII or not, short or long", () => {
    const rows = ["10:00:00.000000001", "", "Größe ✓", "x".repeat(40), "é".repeat(33), "Unfilled"];
    const c: DetailColumn = { name: "t", type: "text", doc: "test column" };
    const [page] = detailColumn(c, { kind: "text", get: (i) => rows[i] as string }, rows.length).pages;
    const out = new Uint8Array(page!.size);
    page!.write(out, 0);
    const want = Buffer.concat(
      rows.map((s) => {
        const b = Buffer.from(s, "utf8");
        const len = Buffer.alloc(4);
        len.writeUInt32LE(b.length);
        return Buffer.concat([len, b]);
      }),
    );
    expect(Buffer.from(out).equals(want)).toBe(true);
  });
});
