import { describe, expect, it } from "vitest";
import { mapInOrder } from "../../src/pipeline/jobs/in-order.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** fn of mapInOrder that records how many run at once; item i takes delays[i] ms. */
function tracked(): {
  fn: (d: number, i: number) => Promise<number>;
  peak: () => number;
  log: string[];
} {
  let running = 0;
  let peak = 0;
  const log: string[] = [];
  return {
    fn: async (d, i) => {
      running++;
      peak = Math.max(peak, running);
      log.push(`start ${i}`);
      await sleep(d);
      running--;
      log.push(`end ${i}`);
      return i * 10;
    },
    peak: () => peak,
    log,
  };
}

const collect = async <R>(g: AsyncGenerator<R>): Promise<R[]> => {
  const out: R[] = [];
  for await (const v of g) out.push(v);
  return out;
};

describe("mapInOrder", () => {
  it("runs at most `width` at once, and that many, yielding in input order whatever order they finish in", async () => {
    const delays = [40, 5, 30, 1, 20, 2, 10, 1, 5, 1];
    const t = tracked();
    expect(await collect(mapInOrder(delays, 4, t.fn))).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(t.peak()).toBe(4);
    // Item 1 finished before item 0: the order of completion is not the order of results.
    expect(t.log.indexOf("end 1")).toBeLessThan(t.log.indexOf("end 0"));
    // Item 4 (= 0 + width) starts only after item 0 finished: the window is bounded.
    expect(t.log.indexOf("start 4")).toBeGreaterThan(t.log.indexOf("end 0"));
  });

  it("width 1 is one after another", async () => {
    const t = tracked();
    expect(await collect(mapInOrder([3, 1, 2], 1, t.fn))).toEqual([0, 10, 20]);
    expect(t.peak()).toBe(1);
    expect(t.log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  it("throws the first failure in input order, after yielding the items before it, with no unhandled rejection", async () => {
    const seen: number[] = [];
    const g = mapInOrder([0, 1, 2, 3, 4], 3, async (x) => {
      // Item 3 fails at once, before item 2 (slow) fails: item 2's error is the one thrown.
      await sleep(x === 2 ? 30 : x === 3 ? 0 : 5);
      if (x === 2 || x === 3) throw new Error(`bad ${x}`);
      return x;
    });
    await expect(
      (async () => {
        for await (const v of g) seen.push(v);
      })(),
    ).rejects.toThrow("bad 2");
    expect(seen).toEqual([0, 1]);
  });

  it("yields nothing for no items and refuses a bad width", async () => {
    expect(await collect(mapInOrder([], 4, () => Promise.resolve(1)))).toEqual([]);
    await expect(collect(mapInOrder([1], 0, () => Promise.resolve(1)))).rejects.toThrow(RangeError);
  });
});
