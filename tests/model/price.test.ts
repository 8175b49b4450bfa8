import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { audToTicks, formatTicks, priceStepUnits, ticksToAud } from "../../src/model/price.js";
import { decimalsOf, loadInstruments, loadParticipants, loadSessions } from "../../src/io/inputs/reference.js";
import { FORMATS } from "../helpers.js";

describe("prices in integer ticks", () => {
  it("formats and parses exactly", () => {
    expect(formatTicks(3340, 2)).toBe("33.40");
    expect(formatTicks(5, 3)).toBe("0.005");
    expect(formatTicks(-5, 2)).toBe("-0.05");
    expect(formatTicks(3340, 0)).toBe("3340");
    expect(audToTicks("33.4", 2)).toBe(3340);
    expect(audToTicks("0.005", 3)).toBe(5);
    expect(() => audToTicks("33.405", 2)).toThrow(RangeError);
    expect(ticksToAud(3340, 2)).toBeCloseTo(33.4, 12);
  });
});

describe("priceStepUnits: the ASX equity price step in price units", () => {
  it("3 decimals: A$0.001 below A$0.10, A$0.005 below A$2.00, A$0.01 from A$2.00", () => {
    expect(priceStepUnits(1500, 3)).toBe(5); // A$1.50 → A$0.005
    expect(priceStepUnits(99, 3)).toBe(1); // A$0.099 → A$0.001
    expect(priceStepUnits(100, 3)).toBe(5); // A$0.100: the boundary belongs to the band above
    expect(priceStepUnits(1999, 3)).toBe(5);
    expect(priceStepUnits(2000, 3)).toBe(10); // A$2.000 → A$0.01
    expect(priceStepUnits(0, 3)).toBe(1);
    expect(priceStepUnits(-5, 3)).toBe(1);
  });
  it("2 decimals: a step finer than A$0.01 is one unit", () => {
    expect(priceStepUnits(3340, 2)).toBe(1); // A$33.40 → A$0.01
    expect(priceStepUnits(150, 2)).toBe(1); // A$1.50: A$0.005 < 1 unit → 1 unit
    expect(priceStepUnits(5, 2)).toBe(1);
  });
  it("other decimals, exactly (bigint prices too)", () => {
    expect(priceStepUnits(15_000, 4)).toBe(50); // A$1.5000 → A$0.0050
    expect(priceStepUnits(20_000, 4)).toBe(100);
    expect(priceStepUnits(999, 4)).toBe(10); // A$0.0999 → A$0.0010
    expect(priceStepUnits(3, 0)).toBe(1);
    expect(priceStepUnits(1, 1)).toBe(1);
    expect(priceStepUnits(10n ** 17n, 9)).toBe(10_000_000); // A$100,000,000 at 9 decimals → 10^7 units
  });
  it("rejects a non-integer price or bad decimals", () => {
    expect(() => priceStepUnits(1500.5, 3)).toThrow(RangeError);
    expect(() => priceStepUnits(1500, -1)).toThrow(RangeError);
    expect(() => priceStepUnits(1500, 2.5)).toThrow(RangeError);
  });
});

describe("reference files (real quirks: leading spaces)", () => {
  it("reads ob.csv decimals per security", async () => {
    const ob = await loadInstruments(join(FORMATS, "ob.csv"));
    expect([...ob.keys()]).toEqual(["110621"]);
    expect(ob.get("110621")).toEqual({ securityCode: "110621", decimalsInPrice: 2, name: "DRR Test Security" });
    expect(decimalsOf(ob, "110621")).toBe(2);
    expect(decimalsOf(ob, "999999")).toBe(2);
    expect(formatTicks(3340, decimalsOf(ob, "110621"))).toBe("33.40");
  });
  it("reads par.csv and session.csv", async () => {
    const par = await loadParticipants(join(FORMATS, "par.csv"));
    expect(par.size).toBe(5);
    expect(par.get(1003)).toEqual({ participantId: 1003, name: "BrokerC", type: "Market Maker" });
    const s = await loadSessions(join(FORMATS, "session.csv"));
    expect(s).toHaveLength(9);
    expect(s[0]).toEqual({
      securityCode: "110621",
      name: "PRE_OPEN",
      tsNs: 1725440000000000000n,
      isEndOfTrading: false,
      sequence: "1000005", // the exchange's Sequence: it orders phases of one book at one time
    });
    expect(s.at(-1)?.isEndOfTrading).toBe(true);
  });
});
