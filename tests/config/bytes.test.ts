import { describe, expect, it } from "vitest";
import { parseBytes } from "../../src/cli/args.js";
import { parseByteSize } from "../../src/config/index.js";

describe("parseByteSize", () => {
  it("reads bytes and binary units in every spelling", () => {
    const cases: [string, number][] = [
      ["1", 1],
      ["7B", 7],
      ["512KB", 524_288],
      ["512k", 524_288],
      ["512KiB", 524_288],
      ["64MB", 67_108_864],
      ["64 MiB", 67_108_864],
      ["64Mi", 67_108_864],
      ["1GB", 1_073_741_824],
      ["1.5g", 1_610_612_736],
      ["2T", 2_199_023_255_552],
      [" 10 kb ", 10_240],
      ["0.5KB", 512],
    ];
    expect(cases.map(([t]) => parseByteSize(t))).toEqual(cases.map(([, n]) => n));
  });

  it("returns undefined for anything else", () => {
    for (const t of ["", "MB", "-1", "0", "0B", "0.1", "64XB", "64MBB", "1e6", "1,000", "64 M B", "9".repeat(20)])
      expect([t, parseByteSize(t)]).toEqual([t, undefined]);
  });

  it("is the parser of the CLI's byte-size flags too: the two never disagree", () => {
    for (const t of ["1", "7B", "512KB", "64 MiB", "16Gi", "2T", "1.5g"])
      expect([t, parseBytes(t)]).toEqual([t, parseByteSize(t)]);
    for (const t of ["", "lots", "0", "64XB"]) expect(() => parseBytes(t)).toThrow(/not a byte size/);
  });
});
