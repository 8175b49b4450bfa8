import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { audToTicks, formatTicks, ticksToAud } from "../../src/model/price.js";
import { decimalsOf, loadInstruments, loadParticipants, loadSessions } from "../../src/io/reference.js";
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
    });
    expect(s.at(-1)?.isEndOfTrading).toBe(true);
  });
});
