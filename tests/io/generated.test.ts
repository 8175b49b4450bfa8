import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { scan } from "../../src/io/scan/scan.js";
import { tmp } from "../helpers.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "sample_data");

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

describe("generated data through the reader", () => {
  it("scans with zero rejects and counts that match the generator's summary", async () => {
    const out = tmp();
    const g = await generate({ orders: 20_000, securities: 3, dates: 4, seed: 9, outDir: out });
    const r = await scan([out]);
    expect(r.totals.rejected).toBe(0);
    expect(r.totals.rowsRead).toBe(g.orderRows + g.tradeRows + g.nbboRows);
    const sum = (k: "orderRows" | "tradeRows" | "nbboRows"): number => r.partitions.reduce((s, p) => s + p[k], 0);
    expect(sum("orderRows")).toBe(g.orderRows);
    expect(sum("tradeRows")).toBe(g.tradeRows);
    expect(sum("nbboRows")).toBe(g.nbboRows);
    expect([...new Set(r.partitions.map((p) => p.date))]).toEqual(g.dates);
    expect([...new Set(r.partitions.map((p) => p.securityCode))].sort()).toEqual([...g.securities].sort());
    expect(r.partitions).toHaveLength(12);
    for (const p of r.partitions) {
      expect(p.sweepOrders).toBeGreaterThan(0);
      expect(p.centrePointTradeRows).toBeGreaterThan(0);
    }
  });
});

describe("the shipped sample_data", () => {
  it("is exactly what its README's command generates", async () => {
    const out = tmp();
    await generate({ orders: 30_000, securities: 3, dates: 4, seed: 42, gzip: true, outDir: out });
    const shipped = listFiles(SAMPLE).filter((f) => f !== "README.md" && f !== "sweeplab.yaml");
    expect(listFiles(out)).toEqual(shipped);
    for (const f of shipped) expect(readFileSync(join(out, f)).equals(readFileSync(join(SAMPLE, f))), f).toBe(true);
  });

  it("holds the counts its README states, without a reject", async () => {
    const r = await scan([SAMPLE]);
    expect(r.totals.rejected).toBe(0);
    const sum = (k: "orderRows" | "tradeRows" | "nbboRows"): number => r.partitions.reduce((s, p) => s + p[k], 0);
    expect([sum("orderRows"), sum("tradeRows"), sum("nbboRows")]).toEqual([30_030, 11_526, 2_081]);
    expect([...new Set(r.partitions.map((p) => p.date))]).toEqual([
      "2024-10-02",
      "2024-10-03",
      "2024-10-04",
      "2024-10-07",
    ]);
  });
});
