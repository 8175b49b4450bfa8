import { describe, expect, it } from "vitest";
import { mergeConfig, resolveConfig } from "../../src/config/index.js";

const FILE = {
  inputs: ["/data/orders", "/data/trades"],
  securities: ["BHP", "CBA"],
  analysis: { impactTicks: 2, session: { start: "10:15" }, participants: [1001] },
  workers: 4,
  outputDir: "out",
};

describe("resolveConfig overrides", () => {
  it("lets a CLI-like flat object win (strings from flags, unset flags undefined)", () => {
    const flags = { workers: "8", chunkSize: "8MB", outputDir: undefined, securities: ["NAB"], strict: true };
    const c = resolveConfig(FILE, flags);
    expect([c.workers, c.chunkSize, c.outputDir, c.securities, c.strict]).toEqual([
      8,
      8 * 1024 * 1024,
      "out",
      ["NAB"],
      true,
    ]);
    expect(c.analysis.impactTicks).toBe(2);
  });

  it("lets a nested notebook object win field by field, keeping its siblings", () => {
    const c = resolveConfig(FILE, { analysis: { session: { end: "15:00" }, sizeBands: { smallMax: 100 } } });
    expect(c.analysis).toEqual({
      centrePointMask: 6464,
      sweepMask: 2048,
      session: { start: "10:15", end: "15:00" },
      participants: [1001],
      sizeBands: { smallMax: 100, mediumMax: 2000 },
      impactTicks: 2,
      duplicates: "drop",
    });
  });

  it("applies overrides in order, the last one winning", () => {
    const c = resolveConfig(FILE, { workers: 2, retries: 3 }, { workers: 1 });
    expect([c.workers, c.retries]).toEqual([1, 3]);
  });

  it("replaces lists instead of concatenating them", () => {
    expect(resolveConfig(FILE, { inputs: ["/other"] }).inputs).toEqual(["/other"]);
    expect(resolveConfig(FILE, { analysis: { participants: [7, 8] } }).analysis.participants).toEqual([7, 8]);
  });

  it("takes dotted keys as nested fields", () => {
    const c = resolveConfig(FILE, { "analysis.session.end": "15:30", "analysis.impactTicks": 0 });
    expect(c.analysis.session).toEqual({ start: "10:15", end: "15:30" });
    expect(c.analysis.impactTicks).toBe(0);
  });

  it("restores a default with null", () => {
    const c = resolveConfig(FILE, { securities: null, workers: null, analysis: { participants: null } });
    expect("securities" in c).toBe(false);
    expect("participants" in c.analysis).toBe(false);
    expect(c.workers).toBe(resolveConfig({ inputs: ["x"] }).workers);
  });

  it("replaces a range of dates by a list and back", () => {
    const withRange = resolveConfig(FILE, { dates: { from: "2024-10-02" } });
    expect(resolveConfig(withRange, { dates: ["2024-10-07"] }).dates).toEqual(["2024-10-07"]);
    expect(resolveConfig({ ...FILE, dates: ["2024-10-07"] }, { dates: { to: "2024-10-03" } }).dates).toEqual({
      to: "2024-10-03",
    });
  });

  it("does not change its arguments", () => {
    const base = structuredClone(FILE);
    const over = { analysis: { session: { end: "15:00" } } };
    resolveConfig(base, over);
    expect(base).toEqual(FILE);
    expect(over).toEqual({ analysis: { session: { end: "15:00" } } });
  });

  it("reports errors of the merged config, wherever the bad value came from", () => {
    expect(() => resolveConfig(FILE, { retries: -1 })).toThrow("retries: expected an integer from 0 to 10, got -1");
  });
});

describe("mergeConfig", () => {
  it("keeps __proto__ as a plain key (caught as an unknown key), never as a prototype", () => {
    const over = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as unknown;
    const merged = mergeConfig({}, over) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => resolveConfig({ inputs: ["x"] }, over)).toThrow("__proto__: unknown key");
  });

  it("leaves keys with empty dotted segments whole", () => {
    expect(mergeConfig({}, { "a..b": 1, ".c": 2 })).toEqual({ "a..b": 1, ".c": 2 });
  });
});
