/**
 * The differences between the generated market (every rule on) and the simulation's rule come only
 * from the rules the simulation does not model, arrival by arrival: replaying the real Centre Point
 * book from the order rows (purges, inactivations, activations and conversions included), every
 * arriving order's real Centre Point fills are exactly what midpoint matching in time priority gives
 * on that book, unless a tagged non-simulated rule acted on the arrival (a preference or any-price
 * block trade, or a minimum-quantity conversion of the arriving order).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_TAGS, type RuleEvent } from "../../src/gen/index.js";
import { CP_MASK, type Dataset, generateAndRead, groupBy, num, tempDir } from "./dataset.js";

const tmp = tempDir();
let ds: Dataset;
const events: RuleEvent[] = [];
beforeAll(async () => {
  // The options of sample_data.
  ds = await generateAndRead(
    { orders: 30_000, securities: 3, dates: 4, seed: 42, onRuleEvent: (e) => events.push(e) },
    tmp.dir,
  );
});
afterAll(() => tmp.cleanup());

interface CpState {
  id: string;
  side: string;
  limit: number | undefined;
  leaves: number;
  minFill: number;
}

/** The rule-matching fills of arriving `a` at the row's quote against `resting`, as "passive:qty@price". */
function ruleFills(a: CpState, resting: readonly CpState[], bid: number, offer: number): string[] {
  const out: string[] = [];
  if (!(bid > 0 && offer > bid && (bid + offer) % 2 === 0)) return out;
  const mid = (bid + offer) / 2;
  const ok = (o: CpState): boolean => o.limit === undefined || (o.side === "1" ? o.limit >= mid : o.limit <= mid);
  let left = a.leaves;
  for (const o of resting) {
    if (left === 0) break;
    if (o.side === a.side || o.leaves === 0 || !ok(a) || !ok(o)) continue;
    const q = Math.min(left, o.leaves);
    if (q < Math.min(a.minFill, left) || q < Math.min(o.minFill, o.leaves)) continue;
    out.push(`${o.id}:${q}@${mid}`);
    left -= q;
  }
  return out;
}

describe("arrivals against the real Centre Point book (rules on)", () => {
  it("fill by the midpoint rule unless a non-simulated rule acted on them", () => {
    const ruleOfGroup = new Map(
      events.filter((e) => e.matchGroupId !== undefined).map((e) => [e.matchGroupId, e.rule]),
    );
    const converted = new Set(events.filter((e) => e.rule === "maqConversion").flatMap((e) => e.orderIds));
    // Real Centre Point fills of each arriving order, in order, and whether a non-simulated rule made one.
    const fillsOf = new Map<string, string[]>();
    const ruled = new Set<string>();
    for (const legs of groupBy(
      ds.trades.filter((t) => t.dealsource !== "1" && Number(t.dealsource) >= 46),
      (t) => t.matchgroupid ?? "",
    ).values()) {
      const [p, a] = legs;
      if (p === undefined || a === undefined) throw new Error("a Centre Point match without two legs");
      const id = a.orderid ?? "";
      fillsOf.set(id, [...(fillsOf.get(id) ?? []), `${p.orderid}:${p.quantity}@${p.tradeprice}`]);
      const rule = ruleOfGroup.get(a.matchgroupid);
      if (rule === undefined) throw new Error(`untagged Centre Point trade ${a.matchgroupid}`);
      if (!SIMULATED_TAGS.has(rule)) ruled.add(id);
    }
    let checked = 0;
    let withFills = 0;
    let exempt = 0;
    let exemptDiffering = 0;
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
          const expected = ruleFills(a, resting, num(r, "bid"), num(r, "offer"));
          const real = fillsOf.get(id) ?? [];
          if (ruled.has(id) || converted.has(id)) {
            exempt++;
            if (JSON.stringify(real) !== JSON.stringify(expected)) exemptDiffering++;
          } else {
            expect(real, `order ${id} at ${r.timestamp}`).toEqual(expected);
            checked++;
            if (expected.length > 0) withFills++;
          }
          state.set(id, a);
          resting.push(a);
        }
        const s = state.get(id);
        if (s === undefined) throw new Error(`centre point row for unknown order ${id}`);
        const off = r.orderstatus === "2" || r.orderstatus === "4";
        // An activated order (36) rests anew, behind every other.
        if (r.changereason === "36") resting.push(s);
        s.leaves = off ? 0 : leaves;
        s.minFill = minQ;
        const at = resting.indexOf(s);
        if (s.leaves === 0 && at >= 0) resting.splice(at, 1);
      }
    }
    console.log(
      `arrivals: ${checked} by the midpoint rule (${withFills} with fills), ${exempt} acted on by other rules (${exemptDiffering} of them differ)`,
    );
    expect(checked).toBeGreaterThan(2000);
    expect(withFills).toBeGreaterThan(500);
    expect(exemptDiffering).toBeGreaterThan(50);
  });
});
