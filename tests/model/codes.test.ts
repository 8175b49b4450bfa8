import { describe, expect, it } from "vitest";
import {
  CENTRE_POINT_DEAL_SOURCES,
  CHANGE_REASONS,
  decodeTimeValidity,
  DEAL_SOURCES,
  endsOrder,
  ENTRY_REASONS,
  EXIT_REASONS,
  ORDER_STATUSES,
  PASSIVE_AGGRESSIVE,
} from "../../src/model/codes.js";
import { addUnknownCodes } from "../../src/model/unknown-codes.js";

/** The meanings the analysis takes from CODES.md, written out by hand. */
describe("code tables and their meanings (CODES.md)", () => {
  it("hold every value of the exchange's tables", () => {
    expect([...ORDER_STATUSES]).toEqual([1, 2, 3, 4]);
    expect([...CHANGE_REASONS]).toEqual([
      0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 34, 35, 36, 37, 38,
      39, 40, 41, 42, 43, 48, 49, 50, 51,
    ]);
    expect([...DEAL_SOURCES]).toEqual([0, 1, 3, 4, 5, 6, 7, 20, 36, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52]);
    expect([...PASSIVE_AGGRESSIVE]).toEqual([0, 1, 2]);
  });

  it("end an order's life at a cancel, expiry, inactivation or purge, or at orderstatus 4", () => {
    expect([...EXIT_REASONS].sort((a, b) => a - b)).toEqual([
      1, 4, 9, 10, 15, 19, 20, 21, 23, 24, 25, 26, 27, 34, 35, 38, 40, 41, 42, 43, 51,
    ]);
    expect(endsOrder(24, 4)).toBe(true); // rest-of-day purge
    expect(endsOrder(5, 4)).toBe(true); // any row of an inactive order
    expect(endsOrder(3, 2)).toBe(false); // a fill ends it by its leaves, not its reason
    expect(endsOrder(29, 1)).toBe(false);
    for (const r of ENTRY_REASONS) expect(EXIT_REASONS.has(r)).toBe(false);
  });

  it("count Centre Point liquidity under 46, 47, 48 and the block codes 50–52", () => {
    expect([...CENTRE_POINT_DEAL_SOURCES]).toEqual([46, 47, 48, 50, 51, 52]);
  });

  it("decode timevalidity: kind in the high byte, flags 64 (purged) and 128, argument in the low byte", () => {
    expect(decodeTimeValidity(0)).toEqual({ kind: "fill and kill", arg: 0, purged: false, negative: false });
    expect(decodeTimeValidity(256)).toEqual({ kind: "rest of day", arg: 0, purged: false, negative: false });
    expect(decodeTimeValidity(1536)).toEqual({ kind: "current max", arg: 0, purged: false, negative: false });
    expect(decodeTimeValidity(1288)).toEqual({ kind: "days", arg: 8, purged: false, negative: false });
    expect(decodeTimeValidity(16640)).toEqual({ kind: "rest of day", arg: 0, purged: true, negative: false });
    // 49408 = 0xC100 (in the real extracts): rest of day with both flags.
    expect(decodeTimeValidity(49408)).toEqual({ kind: "rest of day", arg: 0, purged: true, negative: true });
    expect(decodeTimeValidity(8195)).toEqual({ kind: "session", arg: 3, purged: false, negative: false });
    expect(decodeTimeValidity(0x0700)?.kind).toBe("kind 7");
    expect(decodeTimeValidity(65536)).toBeUndefined();
    expect(decodeTimeValidity(-1)).toBeUndefined();
  });

  it("add unknown-code counts, columns sorted by name and values ascending", () => {
    const a = addUnknownCodes(undefined, { orderstatus: { "7": 1 }, changereason: { "99": 2 } });
    const b = addUnknownCodes(a, { changereason: { "120": 1, "99": 1 } });
    expect(JSON.stringify(b)).toBe('{"changereason":{"99":3,"120":1},"orderstatus":{"7":1}}');
    expect(a).toEqual({ changereason: { "99": 2 }, orderstatus: { "7": 1 } }); // not changed
  });
});
