import { describe, expect, it } from "vitest";
import { U64IdMap } from "../../src/core/simulate-ids.js";
import { orderStates } from "../../src/core/states.js";
import { allocOrderEvents } from "../../src/model/partition.js";
import { mulberry32 } from "../fixtures/prng.js";

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

  it("finds ids of another column by their words and by bigint (lookup), size counts entries", () => {
    const ids = new BigUint64Array([2n ** 64n - 1n, 5n, 2n ** 32n]);
    const map = new U64IdMap(ids, 2);
    ids.forEach((_, i) => map.add(i, 10 + i));
    const other = new BigUint64Array([2n ** 32n, 6n, 2n ** 64n - 1n]);
    const w = new Uint32Array(other.buffer);
    expect([0, 1, 2].map((i) => map.find(w[2 * i] as number, w[2 * i + 1] as number))).toEqual([12, undefined, 10]);
    expect([5n, 2n ** 32n, 0n, 2n ** 64n - 1n].map((id) => map.lookup(id))).toEqual([11, 12, undefined, 10]);
    expect(map.size).toBe(3);
  });
});

describe("orderStates", () => {
  it("numbers orders by first appearance and agrees with a Map<bigint> reference row by row (seeded)", () => {
    const rand = mulberry32(42);
    const o = allocOrderEvents(30_000);
    for (let r = 0; r < o.length; r++)
      o.orderId[r] = 7_904_794_000_000_000_000n + BigInt(Math.floor(rand() * 5000)) * (rand() < 0.1 ? 2n ** 32n : 1n);
    const t = orderStates(o);
    const ref = new Map<bigint, number>();
    const first: number[] = [];
    const last: number[] = [];
    const count: number[] = [];
    const rowOrder: number[] = [];
    o.orderId.forEach((id, r) => {
      let k = ref.get(id);
      if (k === undefined) {
        k = first.length;
        ref.set(id, k);
        first.push(r);
        count.push(0);
      }
      last[k] = r;
      count[k] = (count[k] as number) + 1;
      rowOrder.push(k);
    });
    expect(t.length).toBe(ref.size);
    expect(Array.from(t.orderId)).toEqual([...ref.keys()]);
    expect(Array.from(t.firstRow)).toEqual(first);
    expect(Array.from(t.lastRow)).toEqual(last);
    expect(Array.from(t.rowCount)).toEqual(count);
    expect(Array.from(t.rowOrder)).toEqual(rowOrder);
    expect([...ref].every(([id, k]) => t.index.lookup(id) === k)).toBe(true);
  });
});
