import { describe, expect, it } from "vitest";
import { runJob } from "../../src/core/job.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition } from "../fixtures/partition.js";

/*
 * A price of 0 ticks is in the format (prices are integers ≥ 0). A sweep buy of 100 whose one leg
 * traded at 0, while a resting Centre Point sell of 100 (limit 49) meets it at the midpoint of
 * 50/51 in the replay: real VWAP 0, simulated average 50.5 ticks. The saving in micro-AUD is
 * defined, −(50.5 − 0)·100 ticks = −5050 ticks = −50,500,000 micro-AUD at 2 decimals; in basis points
 * of the real VWAP it is not (÷ 0): it was −Infinity, written to simulation.parquet and fed to the
 * paired tests. It is NaN ("nothing to compare"), as for a sweep with nothing compared.
 */
const p = buildPartition({
  date: "2024-10-02",
  events: [
    { orderId: 10, t: "10:00:01", side: 2, qty: 100, price: 49, bid: 50, offer: 51 },
    { orderId: 1, t: "10:00:02", side: 1, qty: 100, price: 52, otype: 2048, bid: 50, offer: 51 },
    { orderId: 1, t: "10:00:03", side: 1, qty: 100, price: 52, otype: 2048, reason: 3, matched: 100, status: 2 },
  ],
  trades: [{ orderId: 1, t: "10:00:03", price: 0, qty: 100, bid: 50, offer: 51 }],
  quotes: [{ t: "10:00:00", bid: 50, offer: 51 }],
});

describe("a sweep filled at a price of 0", () => {
  it("has its saving in micro-AUD and no saving in basis points (NaN, not −Infinity)", () => {
    const r = runJob(p, defaultAnalysisConfig());
    expect(r.sweeps.length).toBe(1);
    expect([r.sweeps.realFilled[0], r.sweeps.realValueTicks[0], r.sweeps.simFilled[0]]).toEqual([100, 0, 100]);
    expect(r.sweeps.simValueHalfTicks[0]).toBe(10100);
    expect(r.sweeps.savingsMicroAud[0]).toBe(-50_500_000);
    expect(r.sweeps.savingsBps[0]).toBeNaN();
  });
});
