import { describe, expect, it } from "vitest";
import { aggregateAll, jobSumsFromSweeps, tableToCsv, type Cell, type Table } from "../../src/frames/index.js";
import { at, stubSweep } from "./fixtures.js";

/*
 * Two jobs worked out by hand, with different price decimals:
 *   AAA on 2024-10-02, DecimalsInPrice 2: 1 tick = A$0.01  = 10,000 micro-AUD
 *   BBB on 2024-10-03, DecimalsInPrice 3: 1 tick = A$0.001 =  1,000 micro-AUD
 * (savings and costs are already whole micro-AUD per order, as the core writes them).
 */
const A = { securityCode: "AAA", date: "2024-10-02", decimals: 2 } as const;
const B = { securityCode: "BBB", date: "2024-10-03", decimals: 3 } as const;

const SWEEPS = [
  // a1: buy 100 (Small, fully filled) by 1001 at 10:05: real 100 @ 1000 ticks = 100,000 ticks (A$1,000);
  // simulated 100 @ mid 999.5 = 199,900 half ticks (A$999.50); saving (1000 − 999.5)·100 = 50 ticks = A$0.50.
  // Mean mid 999.5: cost at mid = 100,000 − 99,950 = 50 ticks (A$0.50), half spread A$0.25,
  // impact (k = 1 tick) 100,000 − 100,050 = −50 ticks (−A$0.50).
  stubSweep({
    ...A,
    orderId: 9_007_199_254_740_993n, // 2^53 + 1: not a JS number
    group: 1,
    qty: 100,
    placedNs: at("10:05"),
    realFilled: 100,
    realValueTicks: 100_000,
    realTrades: 1,
    simFilled: 100,
    simValueHalfTicks: 199_900,
    simFills: 1,
    comparedQty: 100,
    savingsMicroAud: 500_000,
    savingsBps: 5,
    meanMidHalfTicks: 1999,
    costMidpointMicroAud: 500_000,
    costHalfSpreadMicroAud: 250_000,
    costImpactMicroAud: -500_000,
  }),
  // a2: sell 1000 (Medium, partially filled) by 1002 at 10:35: real 400 @ 1001 = 400,400 ticks (A$4,004);
  // simulated 600 @ 1001.5 = 1,201,800 half ticks (A$6,009); compared 400; saving −1·(1001 − 1001.5)·400
  // = 200 ticks = A$2.00. No midpoint over its life: no cost scenario.
  stubSweep({
    ...A,
    orderId: 2n,
    participantId: 1002,
    side: 2,
    group: 2,
    sizeBand: "Medium",
    qty: 1000,
    placedNs: at("10:35"),
    realFilled: 400,
    realValueTicks: 400_400,
    realTrades: 2,
    simFilled: 600,
    simValueHalfTicks: 1_201_800,
    simFills: 1,
    comparedQty: 400,
    savingsMicroAud: 2_000_000,
    savingsBps: (0.5 / 1001) * 1e4,
  }),
  // a3: buy 3000 (Large, unfilled) by 1001 at 15:59:59: nothing real, nothing simulated.
  stubSweep({
    ...A,
    orderId: 3n,
    group: 3,
    sizeBand: "Large",
    qty: 3000,
    placedNs: at("15:59:59"),
    meanMidHalfTicks: 2001,
  }),
  // b1: buy 600 (Medium, fully filled) by 1001 at 11:00: real 600 @ 25,005 = 15,003,000 ticks (A$15,003);
  // simulated 300 @ 25,004 = 15,002,400 half ticks (A$7,501.20); compared 300, real value of the compared
  // 300 = 15,003,000·300/600 = 7,501,500 ticks (A$7,501.50); saving (25,005 − 25,004)·300 = 300 ticks = A$0.30.
  // Mean mid 25,004: cost at mid 15,003,000 − 15,002,400 = 600 ticks (A$0.60), half A$0.30, impact 0.
  stubSweep({
    ...B,
    orderId: 4n,
    group: 1,
    sizeBand: "Medium",
    qty: 600,
    placedNs: at("11:00"),
    realFilled: 600,
    realValueTicks: 15_003_000,
    realTrades: 3,
    simFilled: 300,
    simValueHalfTicks: 15_002_400,
    simFills: 1,
    comparedQty: 300,
    savingsMicroAud: 300_000,
    savingsBps: (1 / 25_005) * 1e4,
    meanMidHalfTicks: 50_008,
    costMidpointMicroAud: 600_000,
    costHalfSpreadMicroAud: 300_000,
    costImpactMicroAud: 0,
  }),
  // b2: sell 500 (Small, partially filled) by 1003 at 10:00: real 200 @ 24,990 = 4,998,000 ticks (A$4,998);
  // nothing simulated. Mean mid 24,995: cost at mid −1·(4,998,000 − 4,999,000) = 1,000 ticks (A$1.00),
  // half A$0.50, impact −1·(4,998,000 − 24,994·200) = 800 ticks (A$0.80).
  stubSweep({
    ...B,
    orderId: 5n,
    participantId: 1003,
    side: 2,
    group: 2,
    sizeBand: "Small",
    qty: 500,
    placedNs: at("10:00"),
    realFilled: 200,
    realValueTicks: 4_998_000,
    realTrades: 1,
    meanMidHalfTicks: 49_990,
    costMidpointMicroAud: 1_000_000,
    costHalfSpreadMicroAud: 500_000,
    costImpactMicroAud: 800_000,
  }),
];

const tables = aggregateAll(jobSumsFromSweeps(SWEEPS));
const table = (name: string): Table => tables.find((t) => t.name === name)!;
const row = (t: Table, ...key: Cell[]): Record<string, Cell> => {
  const r = t.rows.find((x) => key.every((k, i) => x[i] === k));
  expect(r, `row ${key.join(", ")} of ${t.name}`).toBeDefined();
  return Object.fromEntries(t.columns.map((c, i) => [c, r![i]!]));
};

describe("a hand-checked aggregation of two jobs with 2 and 3 price decimals", () => {
  it("global_summary, All × All", () => {
    expect(row(table("global_summary"), "All", "All")).toEqual({
      fill_group: "All",
      size_band: "All",
      sweeps: 5,
      qty: 5200, // 100 + 1000 + 3000 + 600 + 500
      real_filled: 1300, // 100 + 400 + 0 + 600 + 200
      real_fill_ratio: 1300 / 5200,
      real_trades: 7,
      sim_filled: 1000, // 100 + 600 + 300
      sim_fill_ratio: 1000 / 5200,
      sim_fills: 3,
      compared_qty: 800, // 100 + 400 + 300
      // AAA (100,000 + 400,400) ticks × 10,000 + BBB (15,003,000 + 4,998,000) ticks × 1,000 micro-AUD
      real_value_aud: "25005.000000",
      // AAA (199,900 + 1,201,800) half ticks × 10,000 / 2 + BBB 15,002,400 × 1,000 / 2 = 7,008.50 + 7,501.20
      sim_value_aud: "14509.700000",
      compared_value_aud: "12505.500000", // 1,000 + 4,004 + 7,501.50
      savings_aud: "2.800000", // 0.50 + 2.00 + 0.30
      savings_bps: (2_800_000 * 1e4) / 12_505_500_000,
      cost_orders: 3, // a1, b1, b2 (a2 has no midpoint, a3 no fill)
      cost_midpoint_aud: "2.100000", // 0.50 + 0.60 + 1.00
      cost_half_spread_aud: "1.050000", // 0.25 + 0.30 + 0.50
      cost_impact_aud: "0.300000", // −0.50 + 0 + 0.80
    });
  });

  it("global_summary, group and band cells", () => {
    const g = table("global_summary");
    expect(g.rows.map((r) => `${r[0]}/${r[1]}`)).toEqual(
      ["Fully filled", "Partially filled", "Unfilled", "All"].flatMap((f) =>
        ["Small", "Medium", "Large", "All"].map((b) => `${f}/${b}`),
      ),
    );
    // Fully filled × Medium = b1 alone.
    expect(row(g, "Fully filled", "Medium")).toMatchObject({
      sweeps: 1,
      real_value_aud: "15003.000000",
      compared_value_aud: "7501.500000",
      savings_bps: (300_000 * 1e4) / 7_501_500_000,
    });
    // Partially filled × All = a2 + b2: qty 1500, real 600, simulated 600.
    expect(row(g, "Partially filled", "All")).toMatchObject({
      sweeps: 2,
      qty: 1500,
      real_filled: 600,
      real_fill_ratio: 600 / 1500,
      sim_fill_ratio: 600 / 1500,
      real_value_aud: "9002.000000", // 4,004 + 4,998
    });
    // Unfilled × Small: no sweeps, so no ratios.
    expect(row(g, "Unfilled", "Small")).toMatchObject({
      sweeps: 0,
      real_fill_ratio: "",
      savings_bps: "",
      savings_aud: "0.000000",
    });
  });

  it("by_security", () => {
    const t = table("by_security");
    expect(t.rows.map((r) => r[0])).toEqual(["AAA", "BBB"]);
    expect(row(t, "AAA")).toEqual({
      security_code: "AAA",
      dates: 1,
      sweeps: 3,
      fully_filled_sweeps: 1,
      partially_filled_sweeps: 1,
      unfilled_sweeps: 1,
      qty: 4100,
      real_filled: 500,
      real_fill_ratio: 500 / 4100,
      real_trades: 3,
      sim_filled: 700,
      sim_fill_ratio: 700 / 4100,
      sim_fills: 2,
      compared_qty: 500,
      real_value_aud: "5004.000000", // 500,400 ticks × 10,000
      sim_value_aud: "7008.500000", // 1,401,700 half ticks × 10,000 / 2
      compared_value_aud: "5004.000000",
      savings_aud: "2.500000",
      savings_bps: (2_500_000 * 1e4) / 5_004_000_000,
      cost_orders: 1,
      cost_midpoint_aud: "0.500000",
      cost_half_spread_aud: "0.250000",
      cost_impact_aud: "-0.500000",
      real_vwap_aud: 5_004_000_000 / (500 * 1e6), // A$10.008 a share
      sim_avg_price_aud: 14_017_000_000 / (700 * 2e6), // A$7,008.50 / 700
    });
    expect(row(t, "BBB")).toEqual({
      security_code: "BBB",
      dates: 1,
      sweeps: 2,
      fully_filled_sweeps: 1,
      partially_filled_sweeps: 1,
      unfilled_sweeps: 0,
      qty: 1100,
      real_filled: 800,
      real_fill_ratio: 800 / 1100,
      real_trades: 4,
      sim_filled: 300,
      sim_fill_ratio: 300 / 1100,
      sim_fills: 1,
      compared_qty: 300,
      real_value_aud: "20001.000000", // 20,001,000 ticks × 1,000
      sim_value_aud: "7501.200000",
      compared_value_aud: "7501.500000",
      savings_aud: "0.300000",
      savings_bps: (300_000 * 1e4) / 7_501_500_000,
      cost_orders: 2,
      cost_midpoint_aud: "1.600000", // 0.60 + 1.00
      cost_half_spread_aud: "0.800000",
      cost_impact_aud: "0.800000",
      real_vwap_aud: 20_001_000_000 / (800 * 1e6), // A$25.00125
      sim_avg_price_aud: 15_002_400_000 / (300 * 2e6), // A$25.004
    });
  });

  it("time_series_analysis", () => {
    const t = table("time_series_analysis");
    expect(t.columns).toEqual([
      "date",
      "security_code",
      "participant_id",
      "sweeps",
      "qty",
      "real_filled",
      "real_fill_ratio",
      "sim_filled",
      "sim_fill_ratio",
      "compared_value_aud",
      "savings_aud",
      "savings_bps",
      "rolling_real_fill_ratio",
      "rolling_real_fill_ratio_change",
    ]);
    expect(t.rows).toEqual([
      // a1 + a3: 100 of 3100 filled, simulated 100; first date of (AAA, 1001): no change.
      [
        "2024-10-02",
        "AAA",
        1001,
        2,
        3100,
        100,
        100 / 3100,
        100,
        100 / 3100,
        "1000.000000",
        "0.500000",
        (500_000 * 1e4) / 1e9,
        100 / 3100,
        "",
      ],
      [
        "2024-10-02",
        "AAA",
        1002,
        1,
        1000,
        400,
        0.4,
        600,
        0.6,
        "4004.000000",
        "2.000000",
        (2_000_000 * 1e4) / 4_004_000_000,
        0.4,
        "",
      ],
      // (BBB, 1001) is a series of its own: its first date.
      [
        "2024-10-03",
        "BBB",
        1001,
        1,
        600,
        600,
        1,
        300,
        0.5,
        "7501.500000",
        "0.300000",
        (300_000 * 1e4) / 7_501_500_000,
        1,
        "",
      ],
      // b2: nothing compared, so no savings in bps.
      ["2024-10-03", "BBB", 1003, 1, 500, 200, 0.4, 0, 0, "0.000000", "0.000000", "", 0.4, ""],
    ]);
    expect(tableToCsv(t).split("\n")[1]).toBe(
      "2024-10-02,AAA,1001,2,3100,100,0.03225806452,100,0.03225806452,1000.000000,0.500000,5,0.03225806452,",
    );
  });

  it("time_of_day: 12 half-hour buckets, a boundary sweep in the later bucket", () => {
    const t = table("time_of_day");
    expect(t.rows.map((r) => r[0])).toEqual([
      "10:00-10:30",
      "10:30-11:00",
      "11:00-11:30",
      "11:30-12:00",
      "12:00-12:30",
      "12:30-13:00",
      "13:00-13:30",
      "13:30-14:00",
      "14:00-14:30",
      "14:30-15:00",
      "15:00-15:30",
      "15:30-16:00",
    ]);
    // 10:00 b2, 10:05 a1 | 10:35 a2 | 11:00 b1 | 15:59:59 a3
    expect(t.rows.map((r) => r[1])).toEqual([2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
