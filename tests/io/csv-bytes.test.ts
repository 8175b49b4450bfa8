import { describe, expect, it } from "vitest";
import { asciiBytes, clockText, CsvBytes, words64 } from "../../src/io/csv/csv-bytes.js";
import { csvField } from "../../src/io/csv/csv-write.js";
import { mulberry32 } from "../fixtures/prng.js";

const text = (b: CsvBytes): string => Buffer.from(b.bytes()).toString("latin1");

/** A random unsigned 64-bit value from three draws (every bit pattern reachable). */
function u64(rand: () => number): bigint {
  const hi = BigInt(Math.floor(rand() * 2 ** 32));
  const lo = BigInt(Math.floor(rand() * 2 ** 32));
  return (hi << 32n) | lo;
}

describe("CsvBytes", () => {
  it("writes numbers exactly as csvField (String) does, edge cases included", () => {
    const values = [
      0,
      -0,
      1,
      9,
      10,
      99,
      100,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32,
      999_999_999,
      1e9,
      1e9 + 1,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
      -1,
      -(2 ** 31),
      2 ** 53,
      2 ** 60,
      1e21,
      1.5,
      -0.25,
      12.345678,
      1e-7,
      Number.NaN,
      Infinity,
      -Infinity,
    ];
    const b = new CsvBytes(64); // tiny: grows many times
    for (const v of values) {
      b.num(v);
      b.comma();
    }
    expect(text(b)).toBe(values.map((v) => csvField(v) + ",").join(""));
  });

  it("writes random safe integers and 64-bit ids and timestamps digit for digit (seeded)", () => {
    const rand = mulberry32(20241002);
    const ids = new BigUint64Array(5000);
    const ts = new BigInt64Array(5000);
    const nums: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      // Mix magnitudes: small, around 2^53, and full 64-bit.
      const k = i % 3;
      ids[i] = k === 0 ? BigInt(Math.floor(rand() * 1e6)) : k === 1 ? BigInt(2 ** 53) + (u64(rand) % 1000n) : u64(rand);
      ts[i] = i % 7 === 0 ? -BigInt(Math.floor(rand() * 1e15)) : BigInt.asIntN(64, u64(rand));
      nums.push(Math.floor((rand() - 0.5) * 2 ** (1 + Math.floor(rand() * 53))));
    }
    const b = new CsvBytes(64);
    const wi = words64(ids);
    const wt = words64(ts);
    for (let i = 0; i < ids.length; i++) {
      b.u64(wi, i);
      b.comma();
      b.i64(wt, ts, i);
      b.comma();
      b.num(nums[i] as number);
      b.newline();
    }
    const want = Array.from(ids, (id, i) => `${id},${ts[i]},${csvField(nums[i])}\n`).join("");
    expect(text(b)).toBe(want);
  });

  it("writes the largest unsigned and signed 64-bit values", () => {
    const ids = new BigUint64Array([0n, 2n ** 64n - 1n, 2n ** 63n, 10n ** 19n, 2n ** 53n]);
    const ts = new BigInt64Array([2n ** 63n - 1n, -(2n ** 63n), 1727827226124425109n, 0n, -1n]);
    const b = new CsvBytes();
    for (let i = 0; i < ids.length; i++) {
      b.u64(words64(ids), i);
      b.comma();
      b.i64(words64(ts), ts, i);
      b.newline();
    }
    expect(text(b)).toBe(Array.from(ids, (id, i) => `${id},${ts[i]}\n`).join(""));
  });

  it("writes clock times like clockText, and clockText pads each part", () => {
    expect(clockText(36_035_870_087_430)).toBe("10:00:35.870");
    expect(clockText(0)).toBe("00:00:00.000");
    const times = [0, 999_999, 1e6, 59_999_999_999, 36_035_870_087_430, 86_399_999_999_999, 100 * 3600e9, -5e6, NaN];
    const b = new CsvBytes(64);
    for (const t of times) {
      b.clock(t);
      b.comma();
    }
    expect(text(b)).toBe(times.map((t) => clockText(t) + ",").join(""));
    expect(clockText(100 * 3600e9)).toBe("100:00:00.000");
  });

  it("writes raw and ASCII fields as they are", () => {
    const b = new CsvBytes(64);
    b.raw(asciiBytes("110621"));
    b.comma();
    b.raw(asciiBytes("a-long-field-of-more-than-sixteen-bytes"));
    b.comma();
    b.ascii("Partially filled");
    b.newline();
    expect(text(b)).toBe("110621,a-long-field-of-more-than-sixteen-bytes,Partially filled\n");
  });
});
