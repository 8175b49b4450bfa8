import { describe, expect, it } from "vitest";
import { localTimes } from "../../../src/io/store/read-partition.js";
import { nsSinceLocalMidnight, sydneyLocalToUtcNs } from "../../../src/model/time.js";
import { mulberry32 } from "../../fixtures/prng.js";

describe("localTimes", () => {
  it("equals nsSinceLocalMidnight row by row, across both DST changes and far-away rows (seeded)", () => {
    const rand = mulberry32(6);
    const starts = [
      sydneyLocalToUtcNs("2024-10-02", 9 * 3600), // an ordinary day
      sydneyLocalToUtcNs("2024-10-05", 22 * 3600), // spring forward (2024-10-06 02:00 → 03:00)
      sydneyLocalToUtcNs("2025-04-05", 22 * 3600), // fall back (2025-04-06 03:00 → 02:00)
      sydneyLocalToUtcNs("1969-12-31", 23 * 3600), // before the epoch: negative timestamps
    ];
    for (const start of starts) {
      const ts = new BigInt64Array(4000);
      for (let i = 0; i < ts.length; i++) {
        // Mostly within 30 h of the first row, some before it, a few 5–400 days away.
        const far = i % 97 === 5 ? BigInt(Math.floor(rand() * 400)) * 86_400_000_000_000n : 0n;
        const ns = BigInt(Math.floor((rand() - 0.1) * 30 * 3600)) * 1_000_000_000n + BigInt(Math.floor(rand() * 1e9));
        ts[i] = start + ns + (i % 2 === 0 ? far : -far);
      }
      ts[0] = start;
      const got = localTimes(ts);
      expect(Array.from(got)).toEqual(Array.from(ts, (t) => nsSinceLocalMidnight(t)));
    }
  });

  it("handles an empty column and hour boundaries exactly", () => {
    expect(localTimes(new BigInt64Array(0))).toEqual(new Float64Array(0));
    const h = 3_600_000_000_000n;
    const base = sydneyLocalToUtcNs("2024-10-06", 0);
    const ts = new BigInt64Array([base, base - 1n, base + 1n, base + 2n * h - 1n, base + 2n * h, base + 3n * h]);
    expect(Array.from(localTimes(ts))).toEqual(Array.from(ts, (t) => nsSinceLocalMidnight(t)));
  });
});
