import { describe, expect, it } from "vitest";
import { U64IdMap } from "../../src/core/simulate-ids.js";

describe("U64IdMap", () => {
  it("maps full 64-bit ids exactly, through many grows, telling ids apart by either word", () => {
    const base = 7_904_794_000_124_046_634n;
    const special = [0n, 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 63n, 2n ** 64n - 1n, base, base + 2n ** 32n];
    const distinct = [...special, ...Array.from({ length: 20_000 }, (_, i) => base + 1n + BigInt(i) * 7919n)];
    // Each id twice: the second time it must be found, not added.
    const ids = BigUint64Array.from([...distinct, ...distinct]);
    const map = new U64IdMap(ids, 1); // starts tiny, so it grows many times
    const reference = new Map<bigint, number>();
    const wrong: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as bigint;
      const v = map.get(i);
      if (v !== reference.get(id)) wrong.push(i);
      if (v === undefined) {
        map.add(i, i % 3 === 0 ? -1 : i);
        reference.set(id, i % 3 === 0 ? -1 : i);
      }
    }
    expect(reference.size).toBe(distinct.length);
    for (let i = 0; i < ids.length; i++) if (map.get(i) !== reference.get(ids[i] as bigint)) wrong.push(i);
    expect(wrong).toEqual([]);
  });

  it("reads ids from a view with an offset into a larger buffer", () => {
    const buf = new BigUint64Array([11n, 22n, 33n, 22n]);
    const view = buf.subarray(1);
    const map = new U64IdMap(view, 4);
    map.add(0, 5);
    expect(map.get(2)).toBe(5); // 22n again
    expect(map.get(1)).toBeUndefined(); // 33n
  });
});
