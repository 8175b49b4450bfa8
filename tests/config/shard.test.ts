import { describe, expect, it } from "vitest";
import {
  jobKeyString,
  jobMatrix,
  jobShards,
  parseShard,
  shardJobs,
  shardSuffix,
  shardTag,
  type JobKey,
} from "../../src/config/index.js";
import { configError } from "./helpers.js";

// 5 securities × 4 dates = 20 jobs, given out of order and with duplicates.
const SECURITIES = ["WBC", "110621", "BHP", "CBA", "NAB"];
const DATES = ["2024-10-07", "2024-10-02", "2024-10-04", "2024-10-03"];
const PRESENT: JobKey[] = [
  ...SECURITIES.flatMap((securityCode) => DATES.map((date) => ({ securityCode, date }))),
  { securityCode: "BHP", date: "2024-10-03" },
];
const MATRIX = jobMatrix({}, PRESENT);

describe("shardJobs", () => {
  it.each([1, 2, 3, 4, 5, 6, 7])("splits the matrix into %i disjoint shards whose union is the matrix", (n) => {
    const shards = Array.from({ length: n }, (_, i) => shardJobs(MATRIX, i, n).map(jobKeyString));
    const all = shards.flat();
    expect(new Set(all).size).toBe(all.length); // disjoint
    expect([...all].sort()).toEqual(MATRIX.map(jobKeyString).sort()); // union = matrix
    // Even: sizes differ by at most one, larger shards first.
    expect(shards.map((s) => s.length)).toEqual(
      Array.from({ length: n }, (_, i) => Math.floor(20 / n) + (i < 20 % n ? 1 : 0)),
    );
  });

  it("deals job j of the sorted matrix to shard j mod N, whatever the input order", () => {
    expect(shardJobs(MATRIX, 1, 7).map(jobKeyString)).toEqual([
      // Sorted: 110621 is j = 0…3, BHP 4…7, CBA 8…11, NAB 12…15, WBC 16…19 (dates 02, 03, 04, 07).
      "110621|2024-10-03", // j = 1
      "CBA|2024-10-02", // j = 8
      "NAB|2024-10-07", // j = 15
    ]);
    expect(shardJobs([...PRESENT].reverse(), 1, 7)).toEqual(shardJobs(MATRIX, 1, 7));
    expect(shardJobs(MATRIX, 0, 1)).toEqual(MATRIX);
  });

  it("gives empty shards when N exceeds the number of jobs", () => {
    const two = MATRIX.slice(0, 2);
    expect([0, 1, 2].map((i) => shardJobs(two, i, 3).length)).toEqual([1, 1, 0]);
  });

  it("refuses an index outside 0 … N−1 or a count below 1", () => {
    expect(configError(() => shardJobs(MATRIX, 3, 3)).issues[0]?.message).toBe(
      "expected a shard index i from 0 to 2 (shards are 0-based), got 3/3",
    );
    expect(configError(() => shardJobs(MATRIX, 0, 0)).issues[0]?.message).toBe(
      "expected a shard count N that is a whole number ≥ 1, got 0/0",
    );
    expect(configError(() => shardJobs(MATRIX, 0.5, 2)).issues[0]?.path).toBe("shard");
  });
});

describe("jobShards and the shard file names", () => {
  it("gives each job of the sorted matrix the shard shardJobs deals it to", () => {
    const dealt = jobShards([...PRESENT].reverse(), 7);
    expect(dealt.map((d) => jobKeyString(d.key))).toEqual(MATRIX.map(jobKeyString));
    expect(dealt.slice(6, 9).map((d) => d.shard)).toEqual([6, 0, 1]);
    for (let i = 0; i < 7; i++)
      expect(dealt.filter((d) => d.shard === i).map((d) => d.key)).toEqual(shardJobs(MATRIX, i, 7));
    expect(configError(() => jobShards(MATRIX, 0)).issues[0]?.path).toBe("shard");
  });

  it("names a shard's files and locks", () => {
    expect(shardTag({ index: 1, count: 4 })).toBe("shard-1-of-4");
    expect(shardTag({ index: 1, count: 4 }, "partition")).toBe("partition-1-of-4");
    expect(shardSuffix({ index: 0, count: 2 })).toBe(".shard-0-of-2");
    expect(shardSuffix(undefined)).toBe("");
  });
});

describe("parseShard", () => {
  it("parses i/N", () => {
    expect(parseShard("0/1")).toEqual({ index: 0, count: 1 });
    expect(parseShard("3/8")).toEqual({ index: 3, count: 8 });
    expect(parseShard(" 2 / 4 ")).toEqual({ index: 2, count: 4 });
  });

  it("explains every bad form", () => {
    const allowed = '"i/N" with whole numbers N ≥ 1 and 0 ≤ i < N (e.g. "0/4")';
    const bad = (text: string): string => {
      const e = configError(() => parseShard(text));
      expect([e.code, e.issues[0]?.path, e.issues[0]?.allowed]).toEqual(["bad_config", "shard", allowed]);
      return e.message;
    };
    expect(bad("4/4")).toBe(
      'bad config, 1 problem:\n  shard: expected a shard index i from 0 to 3 (shards are 0-based), got "4/4"',
    );
    expect(bad("1/0")).toBe(
      'bad config, 1 problem:\n  shard: expected a shard count N that is a whole number ≥ 1, got "1/0"',
    );
    for (const text of ["-1/4", "a/b", "1", "1/2/3", "1.0/2", "", "1/"])
      expect(bad(text)).toBe(`bad config, 1 problem:\n  shard: expected ${allowed}, got ${JSON.stringify(text)}`);
    expect(bad("0/99999999999999999999")).toContain("shard count N");
  });
});
