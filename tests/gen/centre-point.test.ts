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

type Group = 1 | 2 | 3;
const band = (q: number): string => (q <= 500 ? "Small" : q <= 2000 ? "Medium" : "Large");

function sweepFinals(): Row[] {
  const last = new Map<string, Row>();
  for (const r of ds.orders) if (r.exchangeordertype === "2048") last.set(r.order_id ?? "", r);
  return [...last.values()];
}
function groupOf(r: Row): Group {
  if (num(r, "leavesquantity") === 0) return 1;
  return num(r, "totalmatchedquantity") > 0 ? 2 : 3;
}

describe("sweep orders", () => {
  it("land in all three groups in healthy proportions, partial and unfilled ones cancelled", () => {
    const finals = sweepFinals();
    expect(finals.length).toBeGreaterThan(200);
    const count = new Map<Group, number>([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    for (const r of finals) {
      const g = groupOf(r);
      count.set(g, (count.get(g) ?? 0) + 1);
      if (g === 1) expect(r.changereason).toBe("3");
      else {
        expect(["1", "9"]).toContain(r.changereason);
        expect(r.orderstatus).toBe("2");
      }
    }
    for (const g of [1, 2, 3] as const) expect((count.get(g) ?? 0) / finals.length, `group ${g}`).toBeGreaterThan(0.05);
    expect((count.get(1) ?? 0) / finals.length).toBeGreaterThan(0.25);
  });

  it("cover the Small, Medium and Large size bands, each with fills", () => {
    const finals = sweepFinals();
    const byBand = groupBy(finals, (r) => band(num(r, "quantity")));
    for (const b of ["Small", "Medium", "Large"]) {
      const rows = byBand.get(b) ?? [];
      expect(rows.length / finals.length, b).toBeGreaterThan(0.15);
      expect(
        rows.some((r) => groupOf(r) === 1),
        b,
      ).toBe(true);
    }
    expect((byBand.get("Large") ?? []).some((r) => groupOf(r) === 2)).toBe(true);
  });

  it("are limit orders placed on a quote, with both user and fill-and-kill cancels", () => {
    const adds = ds.orders.filter((r) => r.exchangeordertype === "2048" && r.changereason === "6");
    for (const r of adds) {
      expect(r.ordertype).toBe("1");
      expect(num(r, "price")).toBeGreaterThan(0);
      expect(r.midtick).toBe("2");
    }
    const reasons = new Set(
      sweepFinals()
        .filter((r) => groupOf(r) !== 1)
        .map((r) => r.changereason),
    );
    expect(reasons).toEqual(new Set(["1", "9"]));
  });
});

interface CpState {
  id: string;
  side: string;
  limit: number | undefined;
  leaves: number;
  minFill: number;
}

describe("Centre Point matching (replayed against a reference model)", () => {
  it("fills each arriving order against resting opposite orders in time priority at the mid, honouring limits and minimum quantities", () => {
    const aggressive = groupBy(
      ds.trades.filter((t) => t.dealsource === "47"),
      (t) => t.matchgroupid ?? "",
    );
    // For each arriving order: its fills in order, as (passive order id, qty, price).
    const fillsOf = new Map<string, string[]>();
    for (const legs of aggressive.values()) {
      const [p, a] = legs as [Row, Row];
      const list = fillsOf.get(a.orderid ?? "") ?? [];
      list.push(`${p.orderid}:${p.quantity}@${p.tradeprice}`);
      fillsOf.set(a.orderid ?? "", list);
    }
    let checked = 0;
    let withFills = 0;
    for (const rows of groupBy(ds.orders, (r) => `${r.security_code}|${r.date}`).values()) {
      const resting: CpState[] = [];
      const state = new Map<string, CpState>();
      for (const r of rows) {
        if ((num(r, "exchangeordertype") & CP_MASK) === 0) continue;
        const id = r.order_id ?? "";
        const leaves = num(r, "leavesquantity");
        const minQ = Math.max(num(r, "minimumquantity"), num(r, "singlefillminimumquantity"));
        if (r.changereason === "6") {
          const a: CpState = {
            id,
            side: r.side ?? "",
            limit: r.ordertype === "2" ? undefined : num(r, "price"),
            leaves,
            minFill: minQ,
          };
          const expected: string[] = [];
          const bid = num(r, "bid");
          const offer = num(r, "offer");
          if (bid > 0 && offer > bid && (bid + offer) % 2 === 0) {
            const mid = (bid + offer) / 2;
            const ok = (o: CpState): boolean =>
              o.limit === undefined || (o.side === "1" ? o.limit >= mid : o.limit <= mid);
            let left = a.leaves;
            for (const o of resting) {
              if (left === 0) break;
              if (o.side === a.side || o.leaves === 0 || !ok(a) || !ok(o)) continue;
              const q = Math.min(left, o.leaves);
              if (q < Math.min(a.minFill, left) || q < Math.min(o.minFill, o.leaves)) continue;
              expected.push(`${o.id}:${q}@${mid}`);
              left -= q;
            }
          }
          expect(fillsOf.get(id) ?? [], `order ${id} at ${r.timestamp}`).toEqual(expected);
          checked++;
          if (expected.length > 0) withFills++;
          state.set(id, a);
          resting.push(a);
        }
        const s = state.get(id);
        if (s === undefined) throw new Error(`centre point row for unknown order ${id}`);
        s.leaves = r.orderstatus === "2" ? 0 : leaves;
        s.minFill = minQ;
        if (s.leaves === 0) resting.splice(resting.indexOf(s), 1);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(withFills).toBeGreaterThan(200);
  });

  it("rests sweep remainders as passive liquidity that later sweeps can hit", () => {
    const sweeps = new Set(ds.orders.filter((r) => r.exchangeordertype === "2048").map((r) => r.order_id));
    const passiveSweepLegs = ds.trades.filter(
      (t) => t.dealsource === "47" && t.passiveaggressive === "0" && sweeps.has(t.orderid),
    );
    expect(passiveSweepLegs.length).toBeGreaterThan(0);
    const placed = new Map(
      ds.orders.filter((r) => r.changereason === "6").map((r) => [r.order_id, big(r, "timestamp")]),
    );
    for (const t of passiveSweepLegs) expect(big(t, "tradetime") > (placed.get(t.orderid) ?? 0n)).toBe(true);
  });
});
