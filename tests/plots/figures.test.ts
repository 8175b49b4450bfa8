import { describe, expect, it } from "vitest";
import { Rng } from "../../src/gen/rng.js";
import {
  binCenters,
  fillRatioByDateFigure,
  fillRatioBySecurityFigure,
  histogram,
  orderScatterFigure,
  savingsDistributionFigure,
  sizeBandFigure,
  throughputFigure,
  timeOfDayFigure,
  type BreakdownRow,
  type FillRatioRow,
  type OrderPoint,
  type SavingsPoint,
  type ThroughputRow,
} from "../../src/plots/index.js";

/** A seeded stream of figures with 4 decimals, so snapshots never hold float noise. */
function draws(seed: number): { ratio: () => number; int: (lo: number, hi: number) => number } {
  const rng = new Rng(seed);
  return { ratio: () => Math.round(rng.float() * 1e4) / 1e4, int: (lo, hi) => rng.int(lo, hi) };
}

function fillRows(seed: number, keys: string[]): FillRatioRow[] {
  const d = draws(seed);
  return keys.map((key) => ({ key, sweeps: d.int(1, 500), realFillRatio: d.ratio(), simFillRatio: d.ratio() }));
}

function breakdown(seed: number, buckets: string[]): BreakdownRow[] {
  const d = draws(seed);
  return buckets.map((bucket) => ({
    bucket,
    sweeps: d.int(0, 300),
    realFillRatio: d.ratio(),
    simFillRatio: d.ratio(),
    savingsBps: Math.round((d.ratio() - 0.5) * 200) / 100,
  }));
}

function savingsPoints(seed: number, n: number): SavingsPoint[] {
  const d = draws(seed);
  return Array.from({ length: n }, (_, i) => ({
    group: ((i % 3) + 1) as 1 | 2 | 3,
    // Group 3 sweeps never filled in the real market: nothing to compare.
    savingsBps: i % 3 === 2 ? undefined : Math.round((d.ratio() - 0.45) * 800) / 100,
  }));
}

function orderPoints(seed: number, n: number): OrderPoint[] {
  const d = draws(seed);
  return Array.from({ length: n }, (_, i) => {
    const qty = d.int(0, 5000);
    return {
      orderId: (7904794000000000000n + BigInt(i)).toString(),
      securityCode: ["110621", "110622", "110623"][i % 3] ?? "110621",
      qty,
      realFilled: d.int(0, qty),
      simFilled: d.int(0, qty),
    };
  });
}

describe("fill ratio figures", () => {
  it("by security: grouped bars, securities in code order, gaps for no answer", () => {
    const rows = fillRows(1, ["110623", "110621", "110622"]);
    rows.push({ key: "110624", sweeps: 0, realFillRatio: undefined, simFillRatio: Number.NaN });
    const fig = fillRatioBySecurityFigure(rows);
    expect(fig.data.map((t) => t.name)).toEqual(["real", "simulated"]);
    expect(fig.data[0]?.x).toEqual(["110621", "110622", "110623", "110624"]);
    expect(fig.data[0]?.y?.[3]).toBeNull();
    expect(fig.data[1]?.y?.[3]).toBeNull();
    expect(fig).toMatchSnapshot();
  });

  it("by date: one line each for real and simulated, dates in order", () => {
    const fig = fillRatioByDateFigure(fillRows(2, ["2024-10-04", "2024-10-02", "2024-10-03", "2024-10-07"]));
    expect(fig.data[0]?.x).toEqual(["2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"]);
    expect(fig).toMatchSnapshot();
  });

  it("do not depend on the order of their input", () => {
    const rows = fillRows(3, ["a", "b", "c", "d"]);
    expect(fillRatioBySecurityFigure([...rows].reverse())).toEqual(fillRatioBySecurityFigure(rows));
  });
});

describe("savings distribution", () => {
  it("one histogram per fill group over shared bins; sweeps without a comparison are counted, not drawn", () => {
    const points = savingsPoints(4, 300);
    const fig = savingsDistributionFigure(points, { bins: 20 });
    expect(fig.data.map((t) => t.name)).toEqual([
      // Two of group 1's seeded draws are exactly 0: counted, not binned.
      "Group 1 (fully filled): 98 ≠ 0, 2 at 0",
      "Group 2 (partially filled): 100 ≠ 0, 0 at 0",
    ]);
    expect(fig.data[0]?.x).toEqual(fig.data[1]?.x);
    const total = fig.data.flatMap((t) => t.y as number[]).reduce((a, b) => a + b, 0);
    expect(total).toBe(198);
    expect(fig.layout.title.text).toContain("200 of 300 sweeps compared");
    expect(fig.layout.title.text).toContain("198 with a saving ≠ 0 drawn; 2 saved exactly 0");
    expect(fig).toMatchSnapshot();
  });

  it("readable when most savings are exactly 0: zeros counted in the title and legend, only the others binned", () => {
    // 900 sweeps at exactly 0 (the same price in both executions), 100 spread over -5..4.9 bps, 50 not compared.
    const points: SavingsPoint[] = [
      ...Array.from({ length: 900 }, (_, i): SavingsPoint => ({
        group: i % 2 === 0 ? 1 : 2,
        savingsBps: i % 4 === 0 ? -0 : 0,
      })),
      ...Array.from({ length: 100 }, (_, i): SavingsPoint => ({ group: 1, savingsBps: (i - 50) / 10 })),
      ...Array.from({ length: 50 }, (): SavingsPoint => ({ group: 3, savingsBps: undefined })),
    ];
    const fig = savingsDistributionFigure(points, { bins: 10 });
    // (i - 50) / 10 is 0 for i = 50: 99 non-zero values, 451 zeros in group 1, 450 in group 2.
    expect(fig.data.map((t) => t.name)).toEqual([
      "Group 1 (fully filled): 99 ≠ 0, 451 at 0",
      "Group 2 (partially filled): 0 ≠ 0, 450 at 0",
    ]);
    expect(fig.layout.title.text).toBe(
      "Savings per sweep, simulated vs real (bps): 1000 of 1050 sweeps compared" +
        "<br><sup>99 with a saving ≠ 0 drawn; 901 saved exactly 0 (same price), not drawn</sup>",
    );
    const counts = fig.data[0]?.y as number[];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(99);
    // No bin holds the zeros: the tallest bar is 10 sweeps (a 1-bps bin), not 900.
    expect(Math.max(...counts)).toBe(10);
    expect(fig.data[0]?.x).toEqual([-4.5, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5]);
  });

  it("histogram: nice bin widths on whole multiples, every finite value once, equal values in one bin", () => {
    const h = histogram([-3.2, -1, 0, 0.4, 2.9, 7.5, Number.NaN, Infinity], 10);
    expect(h).toEqual({ start: -4, width: 2, counts: [1, 1, 2, 1, 0, 1] });
    expect(binCenters(h)).toEqual([-3, -1, 1, 3, 5, 7]);
    expect(histogram([5, 5, 5])).toEqual({ start: 4.5, width: 1, counts: [3] });
    expect(histogram([])).toEqual({ start: 0, width: 1, counts: [] });
  });
});

describe("breakdowns", () => {
  it("time of day: sweeps as bars on the right axis, fill ratios as lines", () => {
    const buckets = ["10:00-10:30", "10:30-11:00", "11:00-11:30", "11:30-12:00"];
    const fig = timeOfDayFigure(breakdown(5, buckets));
    expect(fig.data.map((t) => [t.type, t.name, t.yaxis ?? "y"])).toEqual([
      ["bar", "sweeps", "y2"],
      ["scatter", "real fill ratio", "y"],
      ["scatter", "simulated fill ratio", "y"],
    ]);
    expect(fig).toMatchSnapshot();
  });

  it("size bands: Small, Medium, Large first whatever the input order, then other buckets", () => {
    const fig = sizeBandFigure(breakdown(6, ["Large", "All", "Small", "Medium"]));
    expect((fig.data[0]?.x as string[]).map((x) => x.split(" ")[0])).toEqual(["Small", "Medium", "Large", "All"]);
    expect(fig).toMatchSnapshot();
  });
});

describe("per-order scatter", () => {
  it("one trace per security plus the diagonal; orders of quantity 0 left out", () => {
    const points = orderPoints(7, 30);
    const usable = points.filter((p) => p.qty > 0).length;
    const fig = orderScatterFigure(points);
    expect(fig.data.map((t) => t.name)).toEqual(["110621", "110622", "110623", "y = x"]);
    expect(fig.data.slice(0, 3).reduce((n, t) => n + (t.x?.length ?? 0), 0)).toBe(usable);
    expect(fig).toMatchSnapshot();
  });

  it("thins big inputs deterministically and says so", () => {
    const points = orderPoints(8, 10_000);
    const a = orderScatterFigure(points, { maxPoints: 1000 });
    const shown = a.data.slice(0, 3).reduce((n, t) => n + (t.x?.length ?? 0), 0);
    expect(shown).toBeLessThanOrEqual(1000);
    expect(a.layout.title.text).toContain(`${shown} of ${points.filter((p) => p.qty > 0).length} sweeps shown`);
    expect(orderScatterFigure(points, { maxPoints: 1000 })).toEqual(a);
  });
});

describe("throughput", () => {
  it("partition and job rows/s as bars, peak memory on the right axis, runs in the given order", () => {
    const rows: ThroughputRow[] = [1, 2, 4].map((workers, i) => ({
      label: `${workers} workers`,
      workers,
      chunkSizeBytes: 64 << 20,
      partitionRowsPerSecond: 200_000 * workers,
      jobRowsPerSecond: i === 2 ? undefined : 280_000 * workers,
      wallSeconds: 10 / workers,
      peakRssMb: 400 + 100 * workers,
    }));
    const fig = throughputFigure(rows);
    expect(fig.data[1]?.y).toEqual([280_000, 560_000, null]);
    expect(fig).toMatchSnapshot();
  });

  it("every figure is plain JSON: it survives a round trip unchanged", () => {
    const figs = [
      fillRatioBySecurityFigure(fillRows(9, ["x", "y"])),
      savingsDistributionFigure(savingsPoints(10, 30)),
      orderScatterFigure(orderPoints(11, 20)),
    ];
    for (const f of figs) expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
});
