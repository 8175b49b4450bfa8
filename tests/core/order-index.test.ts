import { describe, expect, it } from "vitest";
import { OrderIdIndex } from "../../src/core/order-index.js";

const wordsOf = (id: bigint): [number, number] => {
  const w = new Uint32Array(new BigUint64Array([id]).buffer);
  return [w[0] as number, w[1] as number];
};

describe("OrderIdIndex", () => {
  it("numbers full 64-bit ids densely by first appearance through many grows, telling ids apart by either word", () => {
    const base = 7_904_794_000_124_046_634n;
    const special = [0n, 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 63n, 2n ** 64n - 1n, base, base + 2n ** 32n];
    const distinct = [...special, ...Array.from({ length: 20_000 }, (_, i) => base + 1n + BigInt(i) * 7919n)];
    const index = new OrderIdIndex(1); // starts tiny: the slots and the id list grow many times
    const numbers = [...distinct, ...distinct].map((id) => index.intern(...wordsOf(id)));
    const expected = distinct.map((_, k) => k);
    expect(numbers).toEqual([...expected, ...expected]);
    expect(index.size).toBe(distinct.length);
    expect(distinct.every((id, k) => index.lookup(id) === k && index.find(...wordsOf(id)) === k)).toBe(true);
    expect([3n, base - 1n, 2n ** 64n - 2n].map((id) => index.lookup(id))).toEqual([undefined, undefined, undefined]);
    expect(Array.from(index.orderIds())).toEqual(distinct);
  });

  it("keeps the ids view unchanged when more ids are numbered after it was taken", () => {
    const index = new OrderIdIndex(4);
    [5n, 9n].forEach((id) => index.intern(...wordsOf(id)));
    const ids = index.orderIds();
    expect(index.intern(...wordsOf(11n))).toBe(2);
    expect(index.intern(...wordsOf(9n))).toBe(1);
    expect(Array.from(ids)).toEqual([5n, 9n]);
    expect(Array.from(index.orderIds())).toEqual([5n, 9n, 11n]);
    expect(index.lookup(11n)).toBe(2);
  });
});
