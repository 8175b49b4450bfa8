import { describe, expect, it } from "vitest";
import {
  formatNsIso,
  formatSydneyTime,
  nsSinceLocalMidnight,
  sydneyLocalToUtcNs,
  sydneyOffsetHours,
  tradingDate,
} from "../../src/model/time.js";

const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

describe("tradingDate: Australia/Sydney local date, DST aware", () => {
  it("assigns the real example timestamps to their Sydney dates", () => {
    // 2024-09-05T00:02:16Z = 10:02 AEST (UTC+10) on 5 Sep.
    expect(tradingDate(1725494536001032398n)).toBe("2024-09-05");
    // 2024-09-04T11:22:21Z = 21:22 AEST on 4 Sep.
    expect(tradingDate(1725448941024284297n)).toBe("2024-09-04");
  });

  it("handles the April 2024 change (AEDT +11 → AEST +10 at 03:00 local on 7 Apr)", () => {
    // 13:30Z on 6 Apr is 00:30 AEDT on 7 Apr; a fixed UTC+10 would say 23:30 on 6 Apr.
    expect(tradingDate(ns("2024-04-06T13:30:00Z"))).toBe("2024-04-07");
    expect(sydneyOffsetHours(ns("2024-04-06T13:30:00Z"))).toBe(11);
    expect(tradingDate(ns("2024-04-06T12:59:59Z"))).toBe("2024-04-06");
    // After the change: 13:30Z on 7 Apr is 23:30 AEST, still 7 Apr; 14:00Z is midnight of 8 Apr.
    expect(tradingDate(ns("2024-04-07T13:30:00Z"))).toBe("2024-04-07");
    expect(tradingDate(ns("2024-04-07T14:00:00Z"))).toBe("2024-04-08");
    expect(sydneyOffsetHours(ns("2024-04-07T14:00:00Z"))).toBe(10);
  });

  it("handles the October 2024 change (AEST +10 → AEDT +11 at 02:00 local on 6 Oct)", () => {
    expect(tradingDate(ns("2024-10-05T13:30:00Z"))).toBe("2024-10-05"); // 23:30 AEST
    expect(tradingDate(ns("2024-10-05T14:00:00Z"))).toBe("2024-10-06"); // 00:00 AEST
    // 13:30Z on 6 Oct is 00:30 AEDT on 7 Oct; a fixed UTC+10 would say 23:30 on 6 Oct.
    expect(tradingDate(ns("2024-10-06T13:30:00Z"))).toBe("2024-10-07");
    expect(sydneyOffsetHours(ns("2024-10-06T13:30:00Z"))).toBe(11);
  });

  it("keeps nanoseconds exact at the boundary", () => {
    const midnight = ns("2024-10-06T13:00:00Z"); // 00:00 AEDT on 7 Oct
    expect(tradingDate(midnight - 1n)).toBe("2024-10-06");
    expect(tradingDate(midnight)).toBe("2024-10-07");
    expect(nsSinceLocalMidnight(midnight + 123n)).toBe(123);
    expect(nsSinceLocalMidnight(midnight - 1n)).toBe(86_400_000_000_000 - 1);
  });
});

describe("sydneyLocalToUtcNs", () => {
  it("maps 10:00 local to UTC on both sides of a change", () => {
    expect(sydneyLocalToUtcNs("2024-10-04", 36_000)).toBe(ns("2024-10-04T00:00:00Z")); // AEST
    expect(sydneyLocalToUtcNs("2024-10-07", 36_000)).toBe(ns("2024-10-06T23:00:00Z")); // AEDT
    expect(sydneyLocalToUtcNs("2024-04-05", 36_000)).toBe(ns("2024-04-04T23:00:00Z")); // AEDT
    expect(sydneyLocalToUtcNs("2024-04-08", 36_000)).toBe(ns("2024-04-08T00:00:00Z")); // AEST
  });
  it("round-trips with tradingDate and nsSinceLocalMidnight", () => {
    for (const d of ["2024-04-05", "2024-04-08", "2024-10-04", "2024-10-07"]) {
      const t = sydneyLocalToUtcNs(d, 16 * 3600);
      expect(tradingDate(t)).toBe(d);
      expect(nsSinceLocalMidnight(t)).toBe(16 * 3600 * 1e9);
    }
  });
  it("rejects a malformed date", () => {
    expect(() => sydneyLocalToUtcNs("2024/10/04", 0)).toThrow(RangeError);
  });
});

describe("formatNsIso", () => {
  it("prints all nine fraction digits", () => {
    expect(formatNsIso(1725494536001032398n)).toBe("2024-09-05T00:02:16.001032398Z");
    expect(formatSydneyTime(1725494536001032398n)).toBe("10:02:16.001");
    expect(formatSydneyTime(ns("2024-10-06T23:00:00Z"))).toBe("10:00:00.000"); // AEDT
  });
});
