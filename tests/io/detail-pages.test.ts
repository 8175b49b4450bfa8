import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import type { JobResult } from "../../src/core/job.js";
import type { SweepMetrics } from "../../src/core/metrics.js";
import { sweepParquet } from "../../src/io/outputs/detail-parquet.js";
import { readDetailPlain } from "../../src/io/outputs/detail-parquet-plain.js";
import { SIMULATION_TABLE } from "../../src/core/detail-tables/index.js";
import { PAGE_VALUES } from "../../src/io/store/parquet-plain.js";
import { tmp } from "../helpers.js";

/** `n` sweeps with every value a function of the row: nulls, negatives, text and ids > 2^53 spread over the pages. */
function sweeps(n: number): SweepMetrics {
  const f = (g: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => g(i));
  const i32 = (g: (i: number) => number): Int32Array => Int32Array.from({ length: n }, (_, i) => g(i));
  const u8 = (g: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => g(i));
  return {
    length: n,
    orderId: BigUint64Array.from({ length: n }, (_, i) => 18_000_000_000_000_000_000n + BigInt(i)),
    participantId: i32((i) => 1000 + (i % 7)),
    side: u8((i) => 1 + (i % 2)),
    group: u8((i) => 1 + (i % 3)),
    band: u8((i) => i % 3),
    qty: f((i) => 100 + i),
    placedNs: f((i) => 36_000e9 + i * 1e6 + 7),
    realFilled: f((i) => i % 100),
    realValueTicks: f((i) => (i % 100) * 3_001),
    realTrades: i32((i) => i % 4),
    realFirstTradeNs: f(() => Number.NaN),
    realLastTradeNs: f(() => Number.NaN),
    simulated: u8((i) => (i % 11 === 5 ? 0 : 1)),
    simFilled: f((i) => i % 50),
    simValueHalfTicks: f((i) => (i % 50) * 6_002),
    simFills: i32((i) => i % 3),
    comparedQty: f((i) => i % 50),
    savingsMicroAud: f((i) => (i % 13) - 6 - 2 ** 40),
    savingsBps: f((i) => (i % 9 === 0 ? Number.NaN : i / 7)),
    meanMidHalfTicks: f((i) => (i % 5 === 0 ? Number.NaN : 6_001 + i / 3)),
    costMidpointMicroAud: f((i) => -i),
    costHalfSpreadMicroAud: f((i) => -Math.floor(i / 2)),
    costImpactMicroAud: f((i) => i * 3),
  };
}

describe("detail Parquet over more than one page", () => {
  it("every value of 2 pages + 1 row comes back, from our reader and from DuckDB", async () => {
    const n = 2 * PAGE_VALUES + 1;
    const s = sweeps(n);
    const r = { securityCode: "BIG", date: "2024-10-02", decimals: 3, sweeps: s } as unknown as JobResult;
    const { simulation } = sweepParquet(r);
    const plain = readDetailPlain(
      simulation,
      SIMULATION_TABLE.map((c) => c.name),
    );
    expect(plain?.rows).toBe(n);
    const col = (name: string) => plain!.columns.get(name)!;
    for (const i of [0, 5, PAGE_VALUES - 1, PAGE_VALUES, PAGE_VALUES + 5, n - 1]) {
      const sim = col("sim_filled");
      expect([i, sim.present?.[i]]).toEqual([i, s.simulated[i]]);
      if (s.simulated[i] === 1) expect(Number(sim.values[i])).toBe(s.simFilled[i]);
      const bps = col("savings_bps");
      expect([i, bps.present?.[i] === 1 ? bps.values[i] : null]).toEqual([
        i,
        Number.isNaN(s.savingsBps[i]) ? null : s.savingsBps[i],
      ]);
      expect(BigInt.asUintN(64, col("order_id").values[i] as bigint)).toBe(s.orderId[i]);
      expect(col("size_band").values[i]).toBe(["Small", "Medium", "Large"][s.band[i]!]);
    }
    const file = join(tmp("sweeplab-pages-"), "simulation.parquet");
    writeFileSync(file, simulation);
    const c = await (await DuckDBInstance.create(":memory:")).connect();
    const [row] = (
      await c.runAndReadAll(
        `SELECT count(*), count(sim_filled), count(savings_bps), count(mean_mid_half_ticks), sum(savings_micro_aud)::VARCHAR,
                max(order_id)::VARCHAR, count(DISTINCT size_band), sum(placed_ns)::VARCHAR FROM read_parquet('${file}')`,
      )
    ).getRows();
    const simulated = s.simulated.reduce((a, b) => a + b, 0);
    let savings = 0n;
    let placed = 0n;
    for (let i = 0; i < n; i++) {
      if (s.simulated[i] === 1) savings += BigInt(s.savingsMicroAud[i]!);
      placed += BigInt(s.placedNs[i]!);
    }
    expect(row).toEqual([
      BigInt(n),
      BigInt(simulated),
      BigInt(s.savingsBps.filter((x) => !Number.isNaN(x)).length),
      BigInt(s.meanMidHalfTicks.filter((x) => !Number.isNaN(x)).length),
      savings.toString(),
      s.orderId[n - 1]!.toString(),
      3n,
      placed.toString(),
    ]);
  }, 60_000);
});
