import { describe, expect, it } from "vitest";
import { SIMULATION_TABLE } from "../../src/core/detail-tables/index.js";
import { rowBuilder, UNROLLED_FIELDS } from "../../src/io/outputs/sweep-row.js";

/** The read fields of the simulation table, in column order. */
const FIELDS = SIMULATION_TABLE.flatMap((c) => ("read" in c ? [c.read.field] : []));

describe("rowBuilder", () => {
  it("makes a row of the simulation table's fields, in order, from their values", () => {
    const build = rowBuilder(FIELDS);
    const values = FIELDS.map((_, k) => (k === 3 ? 18_446_744_073_709_551_615n : k % 4 === 0 ? undefined : k));
    const row = build(values);
    expect(Object.keys(row)).toEqual(FIELDS);
    expect(row.securityCode).toBeUndefined();
    expect(Object.hasOwn(row, "securityCode")).toBe(true); // an empty nullable field is an own undefined
    expect(row.orderId).toBe(18_446_744_073_709_551_615n);
    expect(row[FIELDS[5]!]).toBe(5);
    expect(row[FIELDS.at(-1)!]).toBe(FIELDS.length - 1);
  });

  it("makes a new object each time, sharing nothing with the previous row or the values", () => {
    const build = rowBuilder(["a", "b"]);
    const values = [1, 2];
    const one = build(values);
    values[0] = 10;
    const two = build(values);
    expect(one).toEqual({ a: 1, b: 2 });
    expect(two).toEqual({ a: 10, b: 2 });
    expect(one).not.toBe(two);
    expect(Object.getPrototypeOf(two)).toBe(Object.prototype);
  });

  it("fills the fields past the unrolled ones too", () => {
    const fields = Array.from({ length: UNROLLED_FIELDS + 5 }, (_, k) => `f${k}`);
    const row = rowBuilder(fields)(fields.map((_, k) => k * 10));
    expect(Object.keys(row)).toEqual(fields);
    expect(Object.values(row)).toEqual(fields.map((_, k) => k * 10));
  });

  it("makes an empty row of no fields", () => {
    expect(rowBuilder([])([])).toEqual({});
  });

  it("refuses a repeated field and __proto__ (a declaration bug)", () => {
    expect(() => rowBuilder(["a", "b", "a"])).toThrow('read field "a" is repeated or __proto__');
    expect(() => rowBuilder(["__proto__"])).toThrow('read field "__proto__" is repeated or __proto__');
  });
});
