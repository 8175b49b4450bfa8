import { describe, expect, it } from "vitest";
import { groupStats } from "../../src/frames/index.js";
import { compare, records } from "../../src/notebook/index.js";
import { stubSweep } from "../frames/fixtures.js";

// compare() documents savings_aud and savings_bps as NaN when nothing was compared (real and
// simulated did not both fill), but savings_aud was 0 there: a per-group mean of savings_aud
// then counted every unfilled sweep as a saving of A$0.00 (group 3: "mean A$0.00, count 22")
// while savings_bps skipped them. Both are NaN now, so a mean or count is over compared sweeps.

describe("compare: savings of a sweep with nothing compared", () => {
  // Group 1: 100 real at 10.00 (decimals 2: 1000 ticks), 100 simulated at 9.99 (2 × 999 half
  // ticks each): a buy saves 0.01 × 100 = A$1.00 = 10 bps of A$1,000.
  const compared = stubSweep({
    group: 1,
    realFilled: 100,
    realValueTicks: 100_000,
    realTrades: 1,
    simFilled: 100,
    simValueHalfTicks: 199_800,
    simFills: 1,
    comparedQty: 100,
    savingsMicroAud: 1_000_000,
    savingsBps: 10,
  });
  // Group 3: never filled in the market; the replay fills 100: nothing to compare.
  const simulatedOnly = stubSweep({ group: 3, simFilled: 100, simValueHalfTicks: 199_800, simFills: 1 });
  // Group 2: 50 real, none simulated: nothing to compare either.
  const realOnly = stubSweep({ group: 2, realFilled: 50, realValueTicks: 50_000, realTrades: 1 });

  it("is NaN in savings_aud, as in savings_bps; a compared sweep keeps its saving", async () => {
    const cmp = await compare([compared, simulatedOnly, realOnly]);
    const r = records(cmp);
    expect(r.map((x) => x.savings_aud)).toEqual([1, Number.NaN, Number.NaN]);
    expect(r.map((x) => x.savings_bps)).toEqual([10, Number.NaN, Number.NaN]);
  });

  it("so a group's mean and count of savings_aud are over its compared sweeps only", async () => {
    const cmp = await compare([compared, stubSweep({ ...compared, savingsMicroAud: 3_000_000 }), realOnly]);
    const g = records(groupStats(cmp, ["group"], { savings_aud: ["sum", "mean", "count"] }));
    expect(g).toEqual([
      { group: 1, savings_aud_sum: 4, savings_aud_mean: 2, savings_aud_count: 2 },
      { group: 2, savings_aud_sum: 0, savings_aud_mean: Number.NaN, savings_aud_count: 0 },
    ]);
  });
});
