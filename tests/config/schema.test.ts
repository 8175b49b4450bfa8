import { availableParallelism, totalmem } from "node:os";
import { describe, expect, it } from "vitest";
import { RunConfig, isCalendarDate, resolveConfig } from "../../src/config/index.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { MINIMAL } from "./helpers.js";

describe("RunConfig defaults", () => {
  it("fills every default from the inputs alone", () => {
    expect(resolveConfig(MINIMAL)).toEqual({
      inputs: ["data"],
      analysis: {
        centrePointMask: 6464,
        sweepMask: 2048,
        session: { start: "10:00", end: "16:00" },
        sizeBands: { smallMax: 500, mediumMax: 2000 },
        impactTicks: 1,
        duplicates: "drop",
      },
      chunkSize: 64 * 1024 * 1024,
      workers: availableParallelism(),
      memoryBudget: Math.floor(totalmem() / 2),
      jobTimeoutMs: 600_000,
      retries: 1,
      outputDir: "processed_files",
      strict: false,
      unknownCodes: "keep",
      outputs: { detailFormat: "parquet" },
    });
  });

  it("leaves reference, securities and dates out (all of them)", () => {
    const c = resolveConfig(MINIMAL);
    expect("reference" in c).toBe(false);
    expect("securities" in c).toBe(false);
    expect("dates" in c).toBe(false);
  });

  it("uses AnalysisConfig's own defaults, also for a partial analysis", () => {
    expect(resolveConfig(MINIMAL).analysis).toEqual(defaultAnalysisConfig());
    expect(resolveConfig({ ...MINIMAL, analysis: { impactTicks: 2 } }).analysis).toEqual({
      ...defaultAnalysisConfig(),
      impactTicks: 2,
    });
  });

  it("is idempotent: a validated config validates to itself", () => {
    const c = resolveConfig({ ...MINIMAL, securities: ["BHP"], dates: { from: "2024-10-02" }, chunkSize: "8MB" });
    expect(resolveConfig(c)).toEqual(c);
    expect(RunConfig.parse(c)).toEqual(c);
  });
});

describe("RunConfig accepted forms", () => {
  it("takes chunkSize as bytes or as a size text (binary units)", () => {
    const size = (chunkSize: unknown): number => resolveConfig({ ...MINIMAL, chunkSize }).chunkSize;
    expect(size(1)).toBe(1);
    expect(size(1_048_576)).toBe(1_048_576);
    expect(size("64MB")).toBe(67_108_864);
    expect(size("64 mb")).toBe(67_108_864);
    expect(size("512KB")).toBe(524_288);
    expect(size("1GiB")).toBe(1_073_741_824);
    expect(size("1.5K")).toBe(1536);
    expect(size("4096")).toBe(4096);
  });

  it("takes memoryBudget as bytes or as a size text (binary units), and refuses anything else", () => {
    const budget = (memoryBudget: unknown): number => resolveConfig({ ...MINIMAL, memoryBudget }).memoryBudget;
    expect(budget("1GiB")).toBe(1_073_741_824);
    expect(budget("2GB")).toBe(2_147_483_648);
    expect(budget("512 MB")).toBe(536_870_912);
    expect(budget(1_000_000)).toBe(1_000_000);
    expect(() => resolveConfig({ ...MINIMAL, memoryBudget: "lots" })).toThrow(
      /memoryBudget: expected a whole number of bytes ≥ 1, or a size such as "512KB"/,
    );
    expect(() => resolveConfig({ ...MINIMAL, memoryBudget: 0 })).toThrow(/memoryBudget/);
  });

  it("takes whole numbers as digits too (CLI flags arrive as text)", () => {
    const c = resolveConfig({ ...MINIMAL, workers: "3", jobTimeoutMs: "60_000", retries: "0" });
    expect([c.workers, c.jobTimeoutMs, c.retries]).toEqual([3, 60_000, 0]);
  });

  it("takes numeric security codes (unquoted in YAML) as their decimal text", () => {
    expect(resolveConfig({ ...MINIMAL, securities: [110621, "BHP", "ab_c.1-2"] }).securities).toEqual([
      "110621",
      "BHP",
      "ab_c.1-2",
    ]);
  });

  it("takes dates as a range (either end open) or a list", () => {
    expect(resolveConfig({ ...MINIMAL, dates: { from: "2024-10-02", to: "2024-10-04" } }).dates).toEqual({
      from: "2024-10-02",
      to: "2024-10-04",
    });
    expect(resolveConfig({ ...MINIMAL, dates: { to: "2024-10-04" } }).dates).toEqual({ to: "2024-10-04" });
    expect(resolveConfig({ ...MINIMAL, dates: {} }).dates).toEqual({});
    expect(resolveConfig({ ...MINIMAL, dates: { from: "2024-10-02", to: "2024-10-02" } }).dates).toEqual({
      from: "2024-10-02",
      to: "2024-10-02",
    });
    expect(resolveConfig({ ...MINIMAL, dates: ["2024-10-07", "2024-02-29"] }).dates).toEqual([
      "2024-10-07",
      "2024-02-29",
    ]);
  });

  it("takes every reference file and the bounds of retries", () => {
    const c = resolveConfig({
      ...MINIMAL,
      reference: { instruments: "ob.csv", participants: "par.csv", sessions: "session.csv" },
      retries: 10,
      strict: true,
      outputDir: "out",
    });
    expect(c.reference).toEqual({ instruments: "ob.csv", participants: "par.csv", sessions: "session.csv" });
    expect([c.retries, c.strict, c.outputDir]).toEqual([10, true, "out"]);
    expect(resolveConfig({ ...MINIMAL, retries: 0 }).retries).toBe(0);
  });
});

describe("isCalendarDate", () => {
  it("accepts real dates only, written YYYY-MM-DD", () => {
    expect(["2024-10-02", "2024-02-29", "2000-02-29", "1999-12-31"].map(isCalendarDate)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      [
        "2023-02-29",
        "1900-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "2024-1-2",
        "20241002",
        " 2024-10-02",
        "",
      ].map(isCalendarDate),
    ).toEqual([false, false, false, false, false, false, false, false, false]);
  });
});
