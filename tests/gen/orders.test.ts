import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  big,
  CP_MASK,
  type Dataset,
  generateAndRead,
  groupBy,
  num,
  type Row,
  SMALL_SIMULATION_ONLY,
  tempDir,
} from "./dataset.js";

const tmp = tempDir();
let ds: Dataset;
beforeAll(async () => {
  ds = await generateAndRead(SMALL_SIMULATION_ONLY, tmp.dir);
});
afterAll(() => tmp.cleanup());

const bySecDate = (): Map<string, Row[]> => groupBy(ds.orders, (r) => `${r.security_code}|${r.date}`);
const byOrder = (): Map<string, Row[]> => groupBy(ds.orders, (r) => r.order_id ?? "");

describe("order rows", () => {
  it("have strictly increasing timestamps and sequences per security and date", () => {
    const parts = bySecDate();
    expect(parts.size).toBe(12);
    for (const [k, rows] of parts) {
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1] ?? {};
        const b = rows[i] ?? {};
        expect(big(b, "timestamp") > big(a, "timestamp"), `${k} row ${b.row_num}`).toBe(true);
        expect(num(b, "sequence") > num(a, "sequence"), `${k} row ${b.row_num}`).toBe(true);
      }
    }
  });

  it("keep leavesquantity + totalmatchedquantity = quantity, quantity changing only on amend", () => {
    for (const r of ds.orders) {
      expect(num(r, "leavesquantity") + num(r, "totalmatchedquantity"), r.row_num).toBe(num(r, "quantity"));
      expect(num(r, "leavesquantity")).toBeGreaterThanOrEqual(0);
    }
    for (const rows of byOrder().values()) {
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1] ?? {};
        const b = rows[i] ?? {};
        if (b.changereason !== "5") expect(b.quantity).toBe(a.quantity);
        expect(num(b, "totalmatchedquantity")).toBeGreaterThanOrEqual(num(a, "totalmatchedquantity"));
        for (const c of ["side", "security_code", "exchangeordertype", "ordertype", "participantid", "date"])
          expect(b[c]).toBe(a[c]);
      }
    }
  });

  it("follow an order life: a new row (6, on book) first, nothing after it goes off book", () => {
    for (const [id, rows] of byOrder()) {
      const first = rows[0] ?? {};
      expect(first.changereason, id).toBe("6");
      expect(first.orderstatus).toBe("1");
      expect(first.totalmatchedquantity).toBe("0");
      const off = rows.findIndex((r) => r.orderstatus === "2");
      if (off >= 0) expect(off, id).toBe(rows.length - 1);
      for (const r of rows.slice(1)) expect(["1", "3", "5", "9", "10"]).toContain(r.changereason);
      for (const r of rows) {
        if (r.changereason === "3") expect(r.orderstatus).toBe(num(r, "leavesquantity") === 0 ? "2" : "1");
        if (["1", "9", "10"].includes(r.changereason ?? "")) expect(r.orderstatus).toBe("2");
      }
    }
  });

  it("use the documented codes: lit 0/2, Centre Point 64/256/2048/4096/4098, market orders priced 0", () => {
    const adds = ds.orders.filter((r) => r.changereason === "6");
    const eots = new Set(adds.map((r) => r.exchangeordertype));
    expect([...eots].sort()).toEqual(["0", "2", "2048", "256", "4096", "4098", "64"]);
    const reasons = new Set(ds.orders.map((r) => r.changereason));
    expect([...reasons].sort()).toEqual(["1", "10", "3", "5", "6", "9"]);
    for (const r of adds) {
      const eot = num(r, "exchangeordertype");
      if ((eot & 2) !== 0) {
        expect(r.side).toBe("2");
        expect(r.shortsellquantity).toBe(r.quantity);
      } else expect(r.shortsellquantity).toBe("0");
      if (eot === 2048) expect(r.ordertype).toBe("1");
      if (r.ordertype === "2") {
        expect(eot & CP_MASK).not.toBe(0);
        expect(r.price).toBe("0");
      } else expect(num(r, "price")).toBeGreaterThan(0);
      if (eot === 256) expect(num(r, "crossingkey")).toBeGreaterThan(0);
      else expect(r.crossingkey).toBe("0");
    }
    expect(adds.some((r) => r.ordertype === "2")).toBe(true);
    expect(
      adds.some(
        (r) => (r.exchangeordertype === "4096" || r.exchangeordertype === "4098") && num(r, "minimumquantity") > 0,
      ),
    ).toBe(true);
    expect(adds.some((r) => num(r, "singlefillminimumquantity") > 0)).toBe(true);
    // Amends change a price or a quantity.
    const amends = ds.orders.filter((r) => r.changereason === "5");
    expect(amends.length).toBeGreaterThan(0);
  });

  it("quote the lit best bid/offer after each event, never crossed (replayed lit book)", () => {
    // An arriving marketable lit order quotes the book without itself until its k-th execution
    // row, k = its number of aggressive lit legs; only then does any remainder rest.
    const aggressiveLegs = new Map<string, number>();
    for (const t of ds.trades) {
      if (t.dealsource === "1" && t.passiveaggressive === "1")
        aggressiveLegs.set(t.orderid ?? "", (aggressiveLegs.get(t.orderid ?? "") ?? 0) + 1);
    }
    const execsSeen = new Map<string, number>();
    for (const [k, rows] of bySecDate()) {
      const book = new Map<string, { side: string; price: number }>();
      for (const r of rows) {
        const id = r.order_id ?? "";
        if (r.changereason === "3") execsSeen.set(id, (execsSeen.get(id) ?? 0) + 1);
        const lit = (num(r, "exchangeordertype") & CP_MASK) === 0;
        if (lit) {
          const resting = r.orderstatus === "1" && num(r, "leavesquantity") > 0;
          const pending = (execsSeen.get(id) ?? 0) < (aggressiveLegs.get(id) ?? 0);
          if (resting && !pending) book.set(id, { side: r.side ?? "", price: num(r, "price") });
          else book.delete(id);
        }
        let bid = 0;
        let offer = 0;
        for (const o of book.values()) {
          if (o.side === "1") bid = Math.max(bid, o.price);
          else offer = offer === 0 ? o.price : Math.min(offer, o.price);
        }
        expect([num(r, "bid"), num(r, "offer")], `${k} row ${r.row_num}`).toEqual([bid, offer]);
        expect(r.national_bid).toBe(r.bid);
        expect(r.national_offer).toBe(r.offer);
        if (bid > 0 && offer > 0) expect(bid).toBeLessThan(offer);
      }
    }
  });

  it("have two-sided quotes most of the time", () => {
    const twoSided = ds.orders.filter((r) => r.bid !== "0" && r.offer !== "0").length;
    expect(twoSided / ds.orders.length).toBeGreaterThan(0.95);
  });
});
