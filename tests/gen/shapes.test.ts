import { afterAll, describe, expect, it } from "vitest";
import { sydneyLocalToUtcNs } from "../../src/model/time.js";
import { big, generateAndRead, groupBy, num, tempDir } from "./dataset.js";

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

describe("unusual shapes", () => {
  it.each([
    { orders: 300, securities: 7, dates: 2, seed: 3 },
    { orders: 3000, securities: 1, dates: 1, seed: 4, startDate: "2024-10-05" },
    { orders: 4000, securities: 2, dates: 3, seed: 5, gzip: true, startDate: "2025-04-03" },
  ])("keeps the invariants for %o", async (opts) => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const ds = await generateAndRead(opts, t.dir);
    expect(ds.summary.dates).toHaveLength(opts.dates);
    expect(ds.summary.securities).toHaveLength(opts.securities);
    expect(Math.abs(ds.summary.orderRows - opts.orders) / opts.orders).toBeLessThan(opts.orders < 1000 ? 0.25 : 0.05);
    for (const r of ds.orders) {
      expect(num(r, "leavesquantity") + num(r, "totalmatchedquantity")).toBe(num(r, "quantity"));
      const ts = big(r, "timestamp");
      expect(ts >= sydneyLocalToUtcNs(r.date ?? "", 36000) && ts < sydneyLocalToUtcNs(r.date ?? "", 57600)).toBe(true);
      const bid = num(r, "bid");
      const offer = num(r, "offer");
      if (bid > 0 && offer > 0) expect(bid).toBeLessThan(offer);
    }
    const legs = groupBy(ds.trades, (x) => x.orderid ?? "");
    for (const [id, rows] of groupBy(ds.orders, (r) => r.order_id ?? "")) {
      const sum = (legs.get(id) ?? []).reduce((s, x) => s + num(x, "quantity"), 0);
      expect(sum).toBe(num(rows.at(-1) ?? {}, "totalmatchedquantity"));
    }
  });
});
