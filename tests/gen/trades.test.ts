import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  big,
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
let ordersById: Map<string, Row[]>;
beforeAll(async () => {
  ds = await generateAndRead(SMALL_SIMULATION_ONLY, tmp.dir);
  ordersById = groupBy(ds.orders, (r) => r.order_id ?? "");
});
afterAll(() => tmp.cleanup());

describe("trade legs", () => {
  it("come in pairs per matchgroupid: opposite sides, same price, qty, time and source, one passive one aggressive", () => {
    const groups = groupBy(ds.trades, (t) => t.matchgroupid ?? "");
    expect(groups.size * 2).toBe(ds.trades.length);
    for (const [mg, legs] of groups) {
      expect(legs, mg).toHaveLength(2);
      const [a, b] = legs as [Row, Row];
      expect(new Set([a.side, b.side])).toEqual(new Set(["1", "2"]));
      expect([a.passiveaggressive, b.passiveaggressive]).toEqual(["0", "1"]);
      for (const c of [
        "tradeprice",
        "quantity",
        "tradetime",
        "tradedate",
        "securitycode",
        "dealsource",
        "nationalbidpricesnapshot",
        "nationalofferpricesnapshot",
      ]) {
        expect(b[c], `${mg} ${c}`).toBe(a[c]);
      }
      expect(a.orderid).not.toBe(b.orderid);
      expect(num(a, "quantity")).toBeGreaterThan(0);
      expect(a.sidedecoded).toBe(a.side === "1" ? "Buy" : "Sell");
      expect(a.EXCHANGE).toBe("3");
      expect(a.exchangeinfo).toBe("ON Market");
    }
  });

  it("have increasing sequences per file and decode their deal source", () => {
    for (const t of ds.tradesByDate.values()) {
      t.rows.forEach(
        (r, i) => i > 0 && expect(num(r, "sequence")).toBeGreaterThan(num(t.rows[i - 1] ?? {}, "sequence")),
      );
    }
    const names = new Map([
      ["1", "Continuous Lit"],
      ["47", "Centre Point"],
    ]);
    for (const t of ds.trades) expect(t.dealsourcedecoded).toBe(names.get(t.dealsource ?? ""));
    expect(new Set(ds.trades.map((t) => t.dealsource))).toEqual(new Set(["1", "47"]));
  });

  it("belong to known orders of the same security, side, participant and date", () => {
    for (const t of ds.trades) {
      const rows = ordersById.get(t.orderid ?? "");
      expect(rows, t.orderid).toBeDefined();
      const o = rows?.[0] ?? {};
      expect(o.security_code).toBe(t.securitycode);
      expect(o.side).toBe(t.side);
      expect(o.participantid).toBe(t.participantid);
      expect(o.date).toBe(t.tradedate);
    }
  });

  it("match every execution row: same count and quantities in time order, Σ legs = final matched", () => {
    const legsByOrder = groupBy(ds.trades, (t) => t.orderid ?? "");
    for (const [id, rows] of ordersById) {
      const deltas: number[] = [];
      let prev = 0;
      for (const r of rows) {
        const m = num(r, "totalmatchedquantity");
        if (r.changereason === "3") deltas.push(m - prev);
        else expect(m, `${id} row ${r.row_num}`).toBe(prev);
        prev = m;
      }
      const legs = legsByOrder.get(id) ?? [];
      const legQty = legs.map((t) => num(t, "quantity"));
      expect(legQty, id).toEqual(deltas);
      expect(legQty.reduce((s, q) => s + q, 0)).toBe(num(rows.at(-1) ?? {}, "totalmatchedquantity"));
    }
  });

  it("lit trades print at the resting order's price, within the aggressor's limit, quoting the passive row", () => {
    const lit = ds.trades.filter((t) => t.dealsource === "1");
    expect(lit.length).toBeGreaterThan(100);
    for (const [mg, legs] of groupBy(lit, (t) => t.matchgroupid ?? "")) {
      const [p, a] = legs as [Row, Row];
      const prow = ordersById.get(p.orderid ?? "")?.find((r) => r.changereason === "3" && r.timestamp === p.tradetime);
      expect(prow, mg).toBeDefined();
      expect(prow?.price).toBe(p.tradeprice);
      expect([prow?.bid, prow?.offer]).toEqual([p.nationalbidpricesnapshot, p.nationalofferpricesnapshot]);
      const aprice = num(ordersById.get(a.orderid ?? "")?.[0] ?? {}, "price");
      const price = num(p, "tradeprice");
      if (a.side === "1") expect(aprice).toBeGreaterThanOrEqual(price);
      else expect(aprice).toBeLessThanOrEqual(price);
    }
  });

  it("Centre Point trades print at the whole-unit midpoint of an uncrossed quote, within both limits", () => {
    const cp = ds.trades.filter((t) => t.dealsource === "47");
    expect(cp.length).toBeGreaterThan(100);
    for (const t of cp) {
      const bid = num(t, "nationalbidpricesnapshot");
      const offer = num(t, "nationalofferpricesnapshot");
      expect(bid).toBeGreaterThan(0);
      expect(bid).toBeLessThan(offer);
      expect(2 * num(t, "tradeprice"), t.matchgroupid).toBe(bid + offer);
      const o = ordersById.get(t.orderid ?? "")?.[0] ?? {};
      expect(num(o, "exchangeordertype") & (64 | 256 | 2048 | 4096)).not.toBe(0);
      if (o.ordertype === "1") {
        if (t.side === "1") expect(num(o, "price")).toBeGreaterThanOrEqual(num(t, "tradeprice"));
        else expect(num(o, "price")).toBeLessThanOrEqual(num(t, "tradeprice"));
      }
      // The quote snapshot is the one on the order rows at that moment.
      const row = ordersById
        .get(t.orderid ?? "")
        ?.find((r) => r.changereason === "3" && big(r, "timestamp") >= big(t, "tradetime"));
      expect([row?.bid, row?.offer]).toEqual([t.nationalbidpricesnapshot, t.nationalofferpricesnapshot]);
    }
    // The DecimalsInPrice-2 security (tick 1) trades Centre Point only on even spreads: odd ones never print.
    const dec2 = cp.filter((t) => t.securitycode === "110623");
    expect(dec2.length).toBeGreaterThan(0);
    for (const t of dec2)
      expect((num(t, "nationalofferpricesnapshot") - num(t, "nationalbidpricesnapshot")) % 2).toBe(0);
  });
});
