import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planSlices, unitOfTag } from "../../src/pool/slice-plan.js";
import { ORDERS_HEAD, stubOrder, tmp } from "../helpers.js";

// Issue 16.1: the slice plan of `partition --shard i/N` balances by bytes, never splits a gzip file,
// cuts plain files only at row starts, and is the same wherever it is computed.

const o = (inputs: Record<string, string> = {}) => ({ minRangeBytes: 1_000, inputs, unknownCodes: "keep" as const });

describe("planSlices", () => {
  it("gives each gzip file whole to the slice holding its middle byte", async () => {
    const dir = tmp("sweeplab-plan-gz-");
    const files = [100, 300, 100, 500].map((n, i) => {
      const f = join(dir, `orders-${i}.csv.gz`);
      writeFileSync(f, Buffer.alloc(n, 1)); // never read: a gzip file is not split
      return f;
    });
    // Bytes 0–1000 end to end; middles at 50, 250, 450, 750.
    const two = await planSlices(files, 2, o());
    expect(two.units.map((u) => [u.id, u.slice, u.range])).toEqual([
      ["0000-00", 0, undefined],
      ["0001-00", 0, undefined],
      ["0002-00", 0, undefined],
      ["0003-00", 1, undefined],
    ]);
    expect((await planSlices(files, 3, o())).units.map((u) => u.slice)).toEqual([0, 0, 1, 2]);
    // More slices than files: some slices are empty, none is given a piece of a gzip file.
    expect((await planSlices(files, 8, o())).units.map((u) => u.slice)).toEqual([0, 2, 3, 6]);
  });

  it("cuts a large plain file at row starts into byte-balanced slices, and leaves a small one whole", async () => {
    const dir = tmp("sweeplab-plan-plain-");
    const rows = Array.from({ length: 600 }, (_, i) => stubOrder({ order_id: 1000 + i, sequence: i }));
    const big = join(dir, "orders-big.csv");
    writeFileSync(big, [ORDERS_HEAD, ...rows].join("\n") + "\n");
    const bytes = readFileSync(big);
    const rowBytes = (rows[0] as string).length + 1;
    const plan = await planSlices([big], 4, o());
    expect(plan.units.map((u) => [u.id, u.slice, u.last])).toEqual([
      ["0000-00", 0, false],
      ["0000-01", 1, false],
      ["0000-02", 2, false],
      ["0000-03", 3, true],
    ]);
    let at = 0;
    for (const u of plan.units) {
      expect(u.range?.start).toBe(at); // contiguous from byte 0 to the end
      if (at > 0) expect(bytes[at - 1]).toBe(10); // each cut just after a newline
      expect(Math.abs(u.bytes - bytes.length / 4)).toBeLessThan(3 * rowBytes);
      at = u.range?.end ?? -1;
    }
    expect(at).toBe(bytes.length);
    // Under 2 × minRangeBytes: one unit, the whole file (no range), owned by the slice whose
    // interval [⌊size·k/4⌋, ⌊size·(k+1)/4⌋) holds its middle byte size/2: k = 2.
    const small = await planSlices([big], 4, { ...o(), minRangeBytes: bytes.length });
    expect(small.units.map((u) => [u.id, u.range, u.slice, u.last])).toEqual([["0000-00", undefined, 2, true]]);
  });

  it("is named by a hash of the inputs' fingerprints, the policy and the units", async () => {
    const dir = tmp("sweeplab-plan-hash-");
    const f = join(dir, "a.csv.gz");
    writeFileSync(f, Buffer.alloc(10));
    const a = await planSlices([f], 2, o({ [f]: "x" }));
    expect((await planSlices([f], 2, o({ [f]: "x" }))).hash).toBe(a.hash);
    expect((await planSlices([f], 2, o({ [f]: "y" }))).hash).not.toBe(a.hash);
    expect((await planSlices([f], 3, o({ [f]: "x" }))).hash).not.toBe(a.hash);
    expect((await planSlices([f], 2, { ...o({ [f]: "x" }), unknownCodes: "reject" })).hash).not.toBe(a.hash);
  });

  it("tells a slice's piece tags (iiii-ss-rr) from a whole partition's (iiii-rr)", () => {
    expect(unitOfTag("0001-02-03")).toBe("0001-02");
    expect(unitOfTag("0001-02")).toBeUndefined();
    expect(unitOfTag("abc")).toBeUndefined();
  });
});
