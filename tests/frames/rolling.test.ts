import { describe, expect, it } from "vitest";
import { jobSumsFromSweeps, timeSeries, aggregateAll, type SweepRow } from "../../src/frames/index.js";
import { stubSweep } from "./fixtures.js";

/*
 * One (security AAA, participant 1001) over 7 trading dates with gaps (no 2024-10-05/06, 12/13),
 * quantity-weighted: (qty, real filled) per date, 2024-10-07 holding two sweeps.
 *   d1 10-01  100,  50        d5 10-08  100, 100
 *   d2 10-02  200, 200        d6 10-09  300,   0
 *   d3 10-03  100,   0        d7 10-14  200, 150
 *   d4 10-07  300 + 100, 100 + 0 = 400, 100
 * A second participant (1002) trades on d4 and d7 only, and another security (BBB) with 1001 on d7:
 * each (security, participant) is its own series.
 */
const DAYS = ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-07", "2024-10-08", "2024-10-09", "2024-10-14"];
const sweep = (date: string, qty: number, realFilled: number, over: Partial<SweepRow> = {}): SweepRow =>
  stubSweep({
    date,
    qty,
    realFilled,
    realValueTicks: realFilled * 1000,
    group: realFilled === qty ? 1 : realFilled > 0 ? 2 : 3,
    ...over,
  });

const SWEEPS: SweepRow[] = [
  sweep(DAYS[6]!, 200, 150),
  sweep(DAYS[0]!, 100, 50),
  sweep(DAYS[1]!, 200, 200),
  sweep(DAYS[2]!, 100, 0),
  sweep(DAYS[3]!, 300, 100),
  sweep(DAYS[3]!, 100, 0),
  sweep(DAYS[4]!, 100, 100),
  sweep(DAYS[5]!, 300, 0),
  sweep(DAYS[3]!, 1000, 1000, { participantId: 1002 }),
  sweep(DAYS[6]!, 1000, 0, { participantId: 1002 }),
  sweep(DAYS[6]!, 50, 50, { securityCode: "BBB" }),
];

describe("time_series_analysis: the 5-date rolling fill ratio", () => {
  const t = timeSeries(SWEEPS, 5);
  const at = (date: string, security: string, participant: number): (string | number)[] =>
    t.rows.find((r) => r[0] === date && r[1] === security && r[2] === participant)!;
  const rolling = t.columns.indexOf("rolling_real_fill_ratio");
  const change = t.columns.indexOf("rolling_real_fill_ratio_change");

  it("is Σ filled / Σ qty over the series' last ≤ 5 dates, and its change from the previous date", () => {
    const expected: [number, number | ""][] = [
      [50 / 100, ""], // d1 alone
      [250 / 300, 250 / 300 - 50 / 100], // d1..d2
      [250 / 400, 250 / 400 - 250 / 300], // d1..d3
      [350 / 800, 350 / 800 - 250 / 400], // d1..d4
      [450 / 900, 450 / 900 - 350 / 800], // d1..d5
      [400 / 1100, 400 / 1100 - 450 / 900], // d2..d6: 200+0+100+100+0 / 200+100+400+100+300 — d1 dropped
      [350 / 1100, 350 / 1100 - 400 / 1100], // d3..d7: 0+100+100+0+150 / 100+400+100+300+200
    ];
    expect(DAYS.map((d) => [at(d, "AAA", 1001)[rolling], at(d, "AAA", 1001)[change]])).toEqual(expected);
    // d4's own fill ratio is quantity-weighted over its two sweeps: 100 / 400.
    expect(at(DAYS[3]!, "AAA", 1001)[t.columns.indexOf("real_fill_ratio")]).toBe(100 / 400);
  });

  it("keeps each (security, participant) a series of its own", () => {
    expect([at(DAYS[3]!, "AAA", 1002)[rolling], at(DAYS[3]!, "AAA", 1002)[change]]).toEqual([1, ""]);
    expect([at(DAYS[6]!, "AAA", 1002)[rolling], at(DAYS[6]!, "AAA", 1002)[change]]).toEqual([
      1000 / 2000,
      1000 / 2000 - 1,
    ]);
    expect([at(DAYS[6]!, "BBB", 1001)[rolling], at(DAYS[6]!, "BBB", 1001)[change]]).toEqual([1, ""]);
  });

  it("sorts rows by (date, security, participant)", () => {
    expect(t.rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`)).toEqual([
      ...DAYS.slice(0, 3).map((d) => `${d} AAA 1001`),
      `${DAYS[3]} AAA 1001`,
      `${DAYS[3]} AAA 1002`,
      `${DAYS[4]} AAA 1001`,
      `${DAYS[5]} AAA 1001`,
      `${DAYS[6]} AAA 1001`,
      `${DAYS[6]} AAA 1002`,
      `${DAYS[6]} BBB 1001`,
    ]);
  });

  it("takes its window from aggregateAll's rollingDates option", () => {
    const jobs = jobSumsFromSweeps(SWEEPS);
    const two = aggregateAll(jobs, { rollingDates: 2 }).find((x) => x.name === "time_series_analysis")!;
    const row = two.rows.find((r) => r[0] === DAYS[6] && r[1] === "AAA" && r[2] === 1001)!;
    expect(row[rolling]).toBe(150 / 500); // d6..d7: 0+150 / 300+200
  });
});
