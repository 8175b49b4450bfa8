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
import {
  generate,
  SIMULATED_TAGS,
  SIMULATION_RULES_ONLY,
  type MarketRules,
  type RuleEvent,
} from "../../src/gen/index.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import {
  CENTRE_POINT_MASK,
  CHANGE_REASON_MEANING,
  DEAL_SOURCE,
  ORDER_STATUS,
  ORDER_TYPES,
  PASSIVE_AGGRESSIVE,
} from "../../src/model/codes.js";
import { generateAndRead, tempDir } from "./dataset.js";

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
  /** Centre Point orders linked (through fills) to a touched order: the ones that may differ. */
  linked: number;
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
  // The options of sample_data (sample_data/README.md): with the rules on, this is that data set.
  const opts = { orders: 30_000, securities: 3, dates: 4, seed: 42, outDir: tmp.dir };
  await generate({ ...opts, ...(rules === undefined ? {} : { rules }), onRuleEvent: (e) => events.push(e) });
  const { partitions } = await loadPartitions([tmp.dir]);
  const uf = unionFind();
  const touched = new Set<string>();
  const differing: string[] = [];
  let centrePointOrders = 0;
  const cpIds: string[] = [];
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
    for (const f of sim.fillList)
      uf.join(String(p.orders.orderId[f.aggressorRow]), String(p.orders.orderId[f.restingRow]));
    const real = new Map<bigint, number>();
    for (let r = 0; r < p.trades.length; r++) {
      const id = p.trades.orderId[r] as bigint;
      real.set(id, (real.get(id) ?? 0) + (p.trades.qty[r] as number));
    }
    for (let k = 0; k < sim.orderId.length; k++) {
      centrePointOrders++;
      const id = sim.orderId[k] as bigint;
      cpIds.push(String(id));
      if ((real.get(id) ?? 0) !== sim.filledQty[k]) differing.push(String(id));
    }
  }
  const touchedRoots = new Set([...touched].map((id) => uf.root(id)));
  const unexplained = differing.filter((id) => !touchedRoots.has(uf.root(id)));
  const inTouched = cpIds.filter((id) => touchedRoots.has(uf.root(id))).length;
  return { differing, touched, unexplained, events, centrePointOrders, linked: inTouched };
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

  it("with the rules on (the default, sample_data), every order whose fills differ is linked to an order a non-simulated rule touched", async () => {
    const c = await compare(undefined);
    const rules = new Set(c.events.map((e) => e.rule));
    for (const r of ["preference", "anyPriceBlock", "sweepToLit", "maqConversion", "sweepReload", "reactivation"])
      expect(rules.has(r as RuleEvent["rule"]), r).toBe(true);
    expect(c.differing.length).toBeGreaterThan(50);
    expect(c.unexplained).toEqual([]);
    // A necessary condition only: the fills link most orders (market-rules-local.test.ts checks the
    // arrivals one by one), but the orders they do not link are all reproduced.
    expect(c.linked).toBeLessThan(c.centrePointOrders);
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

  it("refuses an unknown rule name or a non-boolean switch, naming the field", async () => {
    const tmp = tempDir();
    dirs.push(tmp.cleanup);
    const base = { orders: 100, securities: 1, dates: 1, seed: 1, outDir: tmp.dir };
    const bogus = { ...base, rules: { preferenceMatch: false } } as unknown as Parameters<typeof generate>[0];
    await expect(generate(bogus)).rejects.toThrow(/invalid generator options: rules/);
    const notBool = { ...base, rules: { purges: "no" } } as unknown as Parameters<typeof generate>[0];
    await expect(generate(notBool)).rejects.toThrow(/rules\.purges/);
  });

  it("turning some rules off removes their events and keeps every difference linked to the others", async () => {
    const c = await compare({ sweepsToLit: false, preferenceMatching: false });
    const rules = new Set(c.events.map((e) => e.rule));
    expect(rules.has("sweepToLit")).toBe(false);
    expect(rules.has("preference")).toBe(false);
    expect(rules.has("maqConversion")).toBe(true);
    expect(c.unexplained).toEqual([]);
  });
});

describe("the codes written", () => {
  const codes = (rows: Record<string, string>[], col: string): Set<number> => new Set(rows.map((r) => Number(r[col])));
  const keys = (t: Readonly<Record<number, string>>): Set<number> => new Set(Object.keys(t).map(Number));
  const NO_PRICE = "-9223372036854775808";

  it("with the rules on, every code of model/codes.ts appears, and NBBO sides without a price", async () => {
    const tmp = tempDir();
    dirs.push(tmp.cleanup);
    const ds = await generateAndRead({ orders: 30_000, securities: 3, dates: 4, seed: 42 }, tmp.dir);
    expect(codes(ds.orders, "changereason")).toEqual(keys(CHANGE_REASON_MEANING));
    expect(codes(ds.orders, "orderstatus")).toEqual(keys(ORDER_STATUS));
    expect(codes(ds.orders, "ordertype")).toEqual(new Set(ORDER_TYPES));
    expect(codes(ds.trades, "dealsource")).toEqual(keys(DEAL_SOURCE));
    expect(codes(ds.trades, "passiveaggressive")).toEqual(new Set(PASSIVE_AGGRESSIVE));
    const oneSided = ds.nbbo.rows.filter((r) => r.bidprice === NO_PRICE || r.offerprice === NO_PRICE);
    expect(oneSided.length).toBeGreaterThan(0);
    expect(oneSided.every((r) => !(r.bidprice === NO_PRICE && r.offerprice === NO_PRICE))).toBe(true);
    // A low rate: the lit and Centre Point basics stay the bulk of the rows.
    const basic = ds.orders.filter((r) => ["1", "3", "5", "6", "9", "10"].includes(r.changereason ?? "")).length;
    expect(basic / ds.orders.length).toBeGreaterThan(0.95);
  });

  it("with the rules off, only the codes of the midpoint market", async () => {
    const tmp = tempDir();
    dirs.push(tmp.cleanup);
    const ds = await generateAndRead(
      { orders: 6_000, securities: 3, dates: 2, seed: 42, rules: SIMULATION_RULES_ONLY },
      tmp.dir,
    );
    expect(codes(ds.orders, "changereason")).toEqual(new Set([1, 3, 5, 6, 9, 10]));
    expect(codes(ds.orders, "orderstatus")).toEqual(new Set([1, 2]));
    expect(codes(ds.trades, "dealsource")).toEqual(new Set([1, 47]));
    expect(ds.nbbo.rows.some((r) => r.bidprice === NO_PRICE || r.offerprice === NO_PRICE)).toBe(false);
  });
});
