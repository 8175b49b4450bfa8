/**
 * End to end: with its market rules off (SIMULATION_RULES_ONLY) the generator matches Centre Point
 * orders with the same midpoint rule as simulateMidpoint, so replaying its orders and NBBO must
 * reproduce the real Centre Point fills of the non-sweep orders almost exactly. Caveat (a generator detail): the generator trades only at
 * WHOLE price-unit midpoints, where the simulation also trades at half ticks; on its DecimalsInPrice
 * 3 securities (10-unit tick) every midpoint is whole, so those are compared.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateMidpoint } from "../../src/core/simulate.js";
import { generate, SIMULATION_RULES_ONLY } from "../../src/gen/index.js";
import { CENTRE_POINT_MASK, SWEEP_MASK } from "../../src/model/codes.js";
import { allocOrderEvents, allocQuoteSeries, type OrderEvents, type QuoteSeries } from "../../src/model/partition.js";
import { nsSinceLocalMidnight, sydneyLocalToUtcNs } from "../../src/model/time.js";

type Row = Record<string, string>;

const dir = mkdtempSync(join(tmpdir(), "sweeplab-sim-"));
let orderRows: Row[] = [];
let nbboRows: Row[] = [];
let tradeRows: Row[] = [];
let decimals = new Map<string, number>();
let date = "";
beforeAll(async () => {
  const summary = await generate({
    orders: 8000,
    securities: 3,
    dates: 1,
    seed: 20241003,
    outDir: dir,
    rules: SIMULATION_RULES_ONLY,
  });
  date = summary.dates[0] ?? "";
  const read = (rel: string): Row[] => parse<Row>(readFileSync(join(dir, rel), "utf8"), { columns: true });
  orderRows = read(`orders/orders-${date}.csv`);
  nbboRows = read("nbbo.csv");
  tradeRows = read(`trades/trades-${date}.csv`);
  decimals = new Map(
    parse<Row>(readFileSync(join(dir, "ob.csv"), "utf8"), { columns: true, trim: true }).map((r) => [
      r.Id ?? "",
      Number(r.DecimalsInPrice),
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const col = (r: Row, c: string): string => {
  const v = r[c];
  if (v === undefined) throw new Error(`missing column ${c}`);
  return v;
};

/** One security's order rows as typed columns, sorted by (tNs, sequence). */
function orderEvents(rows: Row[]): OrderEvents {
  const typed = rows.map((r) => ({
    r,
    t: nsSinceLocalMidnight(BigInt(col(r, "timestamp"))),
    seq: Number(col(r, "sequence")),
  }));
  typed.sort((a, b) => a.t - b.t || a.seq - b.seq);
  const o = allocOrderEvents(typed.length);
  typed.forEach(({ r, t, seq }, i) => {
    o.orderId[i] = BigInt(col(r, "order_id"));
    o.tsNs[i] = BigInt(col(r, "timestamp"));
    o.tNs[i] = t;
    o.sequence[i] = seq;
    o.priceTicks[i] = Number(col(r, "price"));
    o.side[i] = Number(col(r, "side"));
    o.changeReason[i] = Number(col(r, "changereason"));
    o.orderStatus[i] = Number(col(r, "orderstatus"));
    o.orderType[i] = Number(col(r, "ordertype"));
    o.exchangeOrderType[i] = Number(col(r, "exchangeordertype"));
    o.qty[i] = Number(col(r, "quantity"));
    o.leavesQty[i] = Number(col(r, "leavesquantity"));
    o.matchedQty[i] = Number(col(r, "totalmatchedquantity"));
    o.minQty[i] = Number(col(r, "minimumquantity"));
    o.singleFillMinQty[i] = Number(col(r, "singlefillminimumquantity"));
    o.nationalBidTicks[i] = Number(col(r, "national_bid"));
    o.nationalOfferTicks[i] = Number(col(r, "national_offer"));
    o.participantId[i] = Number(col(r, "participantid"));
  });
  return o;
}

/**
 * The NBBO file rows of one security and date as a quote series (file order is time order). With
 * `wholeMidsOnly`, quotes without a whole price-unit midpoint (odd spread, or locked) become gaps,
 * which emulates the generator's `wholeMidpoint` rule.
 */
function quoteSeries(code: string, wholeMidsOnly = false): QuoteSeries {
  const midnight = String(sydneyLocalToUtcNs(date, 0));
  const rows = nbboRows.filter((r) => r.orderbookid === code && r.tradedate === midnight);
  const q = allocQuoteSeries(rows.length);
  rows.forEach((r, i) => {
    q.tNs[i] = nsSinceLocalMidnight(BigInt(col(r, "timestamp")));
    const bid = Number(col(r, "bidprice"));
    const offer = Number(col(r, "offerprice"));
    q.bidTicks[i] = wholeMidsOnly && ((bid + offer) % 2 !== 0 || bid >= offer) ? 0 : bid;
    q.offerTicks[i] = offer;
  });
  return q;
}

interface Fidelity {
  code: string;
  decimals: number;
  /** Non-sweep Centre Point orders compared. */
  orders: number;
  /** Of these, how many have simulated filled qty === real filled qty (last row's matchedQty). */
  exact: number;
  withRealFills: number;
  /** Every simulated fill, "aggressor<-resting qty@midHalfTicks", in time order. */
  fills: string[];
}

/** Simulates one security-date and compares each non-sweep Centre Point order's filled quantity with the real one. */
function fidelity(code: string, wholeMidsOnly = false): Fidelity {
  const o = orderEvents(orderRows.filter((r) => r.security_code === code));
  const res = simulateMidpoint(o, quoteSeries(code, wholeMidsOnly), {
    centrePointMask: CENTRE_POINT_MASK,
    sessionStartNs: 10 * 3600e9,
    sessionEndNs: 16 * 3600e9,
  });
  const lastRow = new Map<bigint, number>();
  for (let r = 0; r < o.length; r++) lastRow.set(o.orderId[r] as bigint, r);
  const id = (row: number): string => String(o.orderId[row]);
  const fills = res.fillList.map((f) => `${id(f.aggressorRow)}<-${id(f.restingRow)} ${f.qty}@${f.midHalfTicks}`);
  const f: Fidelity = { code, decimals: decimals.get(code) ?? 2, orders: 0, exact: 0, withRealFills: 0, fills };
  for (let k = 0; k < res.orderId.length; k++) {
    const first = res.firstRow[k] as number;
    if (((o.exchangeOrderType[first] as number) & SWEEP_MASK) !== 0) continue;
    const real = o.matchedQty[lastRow.get(res.orderId[k] as bigint) as number] as number;
    f.orders++;
    if (real > 0) f.withRealFills++;
    if (res.filledQty[k] === real) f.exact++;
  }
  return f;
}

/** The generator's Centre Point matches of one security, in the same notation (price ×2 = half ticks). */
function realFills(code: string): string[] {
  const out: string[] = [];
  const passive = new Map<string, Row>();
  for (const leg of tradeRows) {
    if (leg.securitycode !== code || leg.dealsource !== "47") continue;
    const mg = col(leg, "matchgroupid");
    if (leg.passiveaggressive === "0") passive.set(mg, leg);
    else {
      const p = passive.get(mg);
      if (p === undefined) throw new Error(`aggressive leg without passive leg, matchgroupid ${mg}`);
      out.push(
        `${col(leg, "orderid")}<-${col(p, "orderid")} ${col(leg, "quantity")}@${2 * Number(col(leg, "tradeprice"))}`,
      );
    }
  }
  return out;
}

describe("simulateMidpoint on generated data", () => {
  const codes = (): string[] => [...new Set(orderRows.map((r) => col(r, "security_code")))].sort();
  const show = (f: Fidelity): string =>
    `${f.code} (decimals ${f.decimals}): ${f.exact}/${f.orders} exact (${f.withRealFills} with real fills)`;

  it("reproduces the real filled quantity of ≥ 95 % of non-sweep Centre Point orders", () => {
    const all = codes().map((c) => fidelity(c));
    console.log(`simulated = real filled qty of non-sweep CP orders:\n${all.map(show).join("\n")}`);
    // With a 10-unit tick every midpoint is whole, so the generator's rule and ours coincide.
    const whole = all.filter((f) => f.decimals === 3);
    expect(whole.length).toBeGreaterThan(0);
    for (const f of whole) {
      expect(f.orders, f.code).toBeGreaterThan(50);
      expect(f.withRealFills, f.code).toBeGreaterThan(10);
      expect(f.exact / f.orders, f.code).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("reproduces every real Centre Point match once the generator's whole-midpoint rule is emulated", () => {
    const all = codes().map((c) => fidelity(c, true));
    console.log(`with whole midpoints only:\n${all.map(show).join("\n")}`);
    expect(all.some((f) => f.decimals === 2)).toBe(true);
    for (const f of all) {
      expect(f.exact, f.code).toBe(f.orders);
      expect(f.fills, f.code).toEqual(realFills(f.code));
      expect(f.fills.length, f.code).toBeGreaterThan(100);
    }
  });
});
