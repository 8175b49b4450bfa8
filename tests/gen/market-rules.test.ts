/**
 * The generator's market rules that the simulation does not model (src/gen/market-rules.ts): with
 * every rule off, replaying the generated orders and NBBO with simulateMidpoint reproduces every
 * real Centre Point fill; with them on, the orders whose real and simulated fills differ are all
 * linked, through real or simulated fills, to an order a non-simulated rule touched. Compared on
 * the DecimalsInPrice 3 securities (10-unit tick), where every midpoint is a whole price unit, as
 * the generator requires (on a 1-unit tick the simulation also fills at half ticks).
 */
import { afterAll, describe, expect, it } from "vitest";
import { quotesOf } from "../../src/core/nbbo.js";
import { simulateMidpoint } from "../../src/core/simulate.js";
import { generate, SIMULATED_TAGS, SIMULATION_RULES_ONLY, type MarketRules, type RuleEvent } from "../../src/gen/index.js";
import { loadPartitions } from "../../src/io/load-partitions.js";
import { CENTRE_POINT_MASK } from "../../src/model/codes.js";
import { tempDir } from "./dataset.js";

const dirs: (() => void)[] = [];
afterAll(() => dirs.forEach((c) => c()));

interface Comparison {
  /** Orders (id text) whose real filled quantity differs from the simulated one. */
  differing: string[];
  /** Orders touched by a rule the simulation does not model. */
  touched: Set<string>;
  /** Differing orders not linked to any touched order. */
  unexplained: string[];
  events: RuleEvent[];
  centrePointOrders: number;
}

/** Union-find over order id texts. */
function unionFind(): { join: (a: string, b: string) => void; root: (a: string) => string } {
  const parent = new Map<string, string>();
  const root = (a: string): string => {
    let r = a;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(a, r);
    return r;
  };
  return { root, join: (a, b) => void parent.set(root(a), root(b)) };
}

async function compare(rules: Partial<MarketRules> | undefined): Promise<Comparison> {
  const tmp = tempDir();
  dirs.push(tmp.cleanup);
  const events: RuleEvent[] = [];
  const opts = { orders: 12_000, securities: 3, dates: 2, seed: 2024, outDir: tmp.dir };
  await generate({ ...opts, ...(rules === undefined ? {} : { rules }), onRuleEvent: (e) => events.push(e) });
  const { partitions } = await loadPartitions([tmp.dir]);
  const uf = unionFind();
  const touched = new Set<string>();
  const differing: string[] = [];
  let centrePointOrders = 0;
  for (const e of events) {
    if (!SIMULATED_TAGS.has(e.rule)) for (const id of e.orderIds) touched.add(id);
    const [a, b] = e.orderIds;
    if (a !== undefined && b !== undefined) uf.join(a, b);
  }
  for (const p of partitions.filter((x) => x.decimals === 3)) {
    const sim = simulateMidpoint(p.orders, quotesOf(p), {
      centrePointMask: CENTRE_POINT_MASK,
      sessionStartNs: 36_000e9,
      sessionEndNs: 57_600e9,
    });
    for (const f of sim.fillList) uf.join(String(p.orders.orderId[f.aggressorRow]), String(p.orders.orderId[f.restingRow]));
    const real = new Map<bigint, number>();
    for (let r = 0; r < p.trades.length; r++) {
      const id = p.trades.orderId[r] as bigint;
      real.set(id, (real.get(id) ?? 0) + (p.trades.qty[r] as number));
    }
    for (let k = 0; k < sim.orderId.length; k++) {
      centrePointOrders++;
      const id = sim.orderId[k] as bigint;
      if ((real.get(id) ?? 0) !== sim.filledQty[k]) differing.push(String(id));
    }
  }
  const touchedRoots = new Set([...touched].map((id) => uf.root(id)));
  const unexplained = differing.filter((id) => !touchedRoots.has(uf.root(id)));
  return { differing, touched, unexplained, events, centrePointOrders };
}

describe("generated market rules against the simulation", () => {
  it("with every rule off, the simulation reproduces every real Centre Point fill", async () => {
    const c = await compare(SIMULATION_RULES_ONLY);
    expect(c.centrePointOrders).toBeGreaterThan(500);
    expect(c.differing).toEqual([]);
    expect(c.touched.size).toBe(0);
    expect(new Set(c.events.map((e) => e.rule))).toEqual(new Set(["midpoint"]));
    expect(c.events.every((e) => e.dealSource === 47)).toBe(true);
  });

  it("with the rules on (the default), every order whose fills differ is linked to an order a non-simulated rule touched", async () => {
    const c = await compare(undefined);
    const rules = new Set(c.events.map((e) => e.rule));
    for (const r of ["preference", "anyPriceBlock", "sweepToLit", "maqConversion", "sweepReload", "reactivation"])
      expect(rules.has(r as RuleEvent["rule"]), r).toBe(true);
    expect(c.differing.length).toBeGreaterThan(20);
    expect(c.unexplained).toEqual([]);
    // Each trade-making non-simulated rule made a difference somewhere: its orders are among the differing.
    const differing = new Set(c.differing);
    for (const r of ["preference", "sweepToLit"] as const) {
      const ids = c.events.filter((e) => e.rule === r).flatMap((e) => e.orderIds);
      expect(
        ids.some((id) => differing.has(id)),
        r,
      ).toBe(true);
    }
  });

  it("turning one rule off changes only that rule's events", async () => {
    const c = await compare({ sweepsToLit: false, preferenceMatching: false });
    const rules = new Set(c.events.map((e) => e.rule));
    expect(rules.has("sweepToLit")).toBe(false);
    expect(rules.has("preference")).toBe(false);
    expect(rules.has("maqConversion")).toBe(true);
    expect(c.unexplained).toEqual([]);
  });
});
