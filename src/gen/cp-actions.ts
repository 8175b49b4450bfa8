/**
 * Centre Point actions of a partition simulation: resting orders (64, blocks 4096/4098, crossing
 * 256), sweeps (2048), their cancels and amends. Every arriving Centre Point order matches the
 * resting opposite side in time priority at the lit midpoint (`fillQuantity` rules), producing
 * changereason 3 rows and two trade legs with dealsource 47 "Centre Point" at the midpoint; the
 * market rules the simulation does not model (market-rules.ts, rule-actions.ts) hook in here.
 * Prices are price units, quantities shares, times ns since the open.
 */
import { CHANGE_REASON } from "../model/codes.js";
import { fillQuantity, wholeMidpoint } from "./cp-book.js";
import type { RuleTag } from "./market-rules.js";
import { anyPriceBlock, maqConvert, preferenceMatch, purgeOrInactivate, sweepToLit } from "./rule-actions.js";
import type { SecurityDay } from "./security-day.js";
import { tradeLegValues, type SimOrder } from "./sim-order.js";
import { blockQuantities, cpQuantity, sweepQuantity } from "./sizes.js";

/** The Centre Point dealsource code and name. */
export const CP_DEAL_SOURCE = 47;
/** The name written with dealsource 47. */
export const CP_DEAL_NAME = "Centre Point";

/**
 * A limit around the quote: with probability `pAccept` at or beyond the far touch by up to `room`
 * ticks (it accepts the mid now and after small moves), else at or behind the near touch.
 */
function cpLimit(d: SecurityDay, side: 1 | 2, pAccept: number, room: number): number {
  const bid = d.lit.bestBid() || d.fair - d.tick;
  const ask = d.lit.bestOffer() || d.fair + d.tick;
  const k = d.tick * d.rng.int(0, room);
  if (side === 1) return d.rng.chance(pAccept) ? ask + k : Math.max(d.tick, bid - k);
  return d.rng.chance(pAccept) ? Math.max(d.tick, bid - k) : ask + k;
}

/** A Centre Point deal: the trade's price, dealsource, its name and the rule that made it. */
export interface CpDeal {
  price: number;
  source: number;
  name: string;
  rule: RuleTag;
}

/**
 * Executes `q` shares between arriving `a` and resting `r`: passive row, then aggressive, each with
 * its trade leg; with the MAQ conversion rule, an order left below its minimum drops it (49).
 */
export function cpFill(d: SecurityDay, a: SimOrder, r: SimOrder, q: number, deal: CpDeal): void {
  r.leaves -= q;
  r.matched += q;
  if (r.leaves === 0) {
    d.cp.remove(r);
    if (r.cancelAt >= 0) d.restingSweeps.splice(d.restingSweeps.indexOf(r), 1);
  }
  const ev = d.emit(r, CHANGE_REASON.traded);
  const mg = d.nextMatchGroupId();
  const code = d.sec.code;
  const { price, source, name } = deal;
  ev.trades = [
    tradeLegValues(d.date, d.lastTsStr, code, r, source, name, mg, d.quote, price, q, 0),
    tradeLegValues(d.date, d.lastTsStr, code, a, source, name, mg, d.quote, price, q, 1),
  ];
  d.tag(deal.rule, [r.idStr, a.idStr], mg, source);
  a.leaves -= q;
  a.matched += q;
  d.emit(a, CHANGE_REASON.traded);
  if (d.rules.maqConversions) for (const o of [r, a]) maqConvert(d, o);
}

/** The midpoint deal of the simulation's rule (a few written as 48 "book trade, Centre Point"). */
function midDeal(d: SecurityDay, mid: number): CpDeal {
  if (d.rules.rareCodes && ++d.rare.cpLegs % 60 === 0) {
    return { price: mid, source: 48, name: "Book Trade Centre Point", rule: "midpoint" };
  }
  return { price: mid, source: CP_DEAL_SOURCE, name: CP_DEAL_NAME, rule: "midpoint" };
}

/** Matches arriving `a` against the resting opposite side in time priority, while it has leaves. */
function matchArriving(d: SecurityDay, a: SimOrder): void {
  const mid = wholeMidpoint(d.lit.bestBid(), d.lit.bestOffer());
  if (mid === undefined) return;
  const list = d.cp.opposite(a.side);
  if (a.prefer) preferenceMatch(d, a, mid);
  let i = 0;
  while (i < list.length && a.leaves > 0) {
    const r = list[i];
    if (r === undefined) break;
    const q = fillQuantity(a, r, mid);
    if (q > 0) cpFill(d, a, r, q, midDeal(d, mid));
    // A fully filled resting order left the list, so the next one is now at index i.
    if (q === 0 || r.leaves > 0) i++;
  }
}

/**
 * A resting Centre Point order: 85 % plain (64), 12 % block (4096, or 4098 short-sell block for
 * 30 % of sell blocks) with minimum quantities, 3 % crossing (256) with a crossingkey. 35 % are
 * market orders (ordertype 2, price 0). It first trades with resting opposite orders it can match.
 */
export function cpAdd(d: SecurityDay): void {
  const rng = d.rng;
  const side: 1 | 2 = rng.chance(0.5) ? 1 : 2;
  const r = rng.float();
  let eot = 64;
  let qty: number;
  let minQty = 0;
  let sfMinQty = 0;
  let crossingKey = 0;
  if (r < 0.03) {
    eot = 256;
    crossingKey = rng.int(1, 99_999);
    qty = rng.logInt(500, 5000);
  } else if (r < 0.15) {
    const b = blockQuantities(rng, d.fair / 10 ** d.sec.decimals);
    eot = side === 2 && rng.chance(0.3) ? 4098 : 4096;
    qty = b.qty;
    minQty = b.minQty;
    sfMinQty = b.sfMinQty;
  } else {
    qty = cpQuantity(rng);
    if (rng.chance(0.25)) minQty = Math.max(1, Math.round(qty * (0.1 + 0.4 * rng.float())));
    if (rng.chance(0.15)) sfMinQty = rng.int(100, 500);
  }
  const market = rng.chance(0.35);
  const price = market ? 0 : cpLimit(d, side, 0.85, 5);
  const o = d.newOrder({ side, price, qty, ordertype: market ? 2 : 1, eot, minQty, sfMinQty, crossingKey, cp: true });
  if (d.rules.preferenceMatching) o.prefer = rng.chance(1 / 3);
  d.emit(o, CHANGE_REASON.new);
  matchArriving(d, o);
  if (d.rules.anyPriceBlocks && (eot & 4096) !== 0 && o.leaves > 0) anyPriceBlock(d, o);
  if (o.leaves > 0) d.cp.add(o);
}

function restingQty(list: readonly SimOrder[]): number {
  let q = 0;
  for (const o of list) q += o.leaves;
  return q;
}

/**
 * The side of a new sweep: 65 % of sweeps go against the side with more resting Centre Point
 * quantity (order flow follows dark liquidity; without it sweeps would mostly find nothing, since
 * resting buys and sells that accept the mid have already met), the rest pick a side at random.
 */
function sweepSide(d: SecurityDay): 1 | 2 {
  if (!d.rng.chance(0.65)) return d.rng.chance(0.5) ? 1 : 2;
  return restingQty(d.cp.sells) >= restingQty(d.cp.buys) ? 1 : 2;
}

/**
 * A sweep (2048, limit order): trades at once with resting Centre Point liquidity. A remainder is
 * either killed at once (changereason 9, fill-and-kill, 45 %) or rests as passive Centre Point
 * liquidity until a user cancel (changereason 1) about 40 actions later.
 */
export function sweep(d: SecurityDay): void {
  const rng = d.rng;
  const side = sweepSide(d);
  const qty = sweepQuantity(rng);
  const minQty = rng.chance(0.05) ? Math.max(1, Math.round(qty / 2)) : 0;
  const price = cpLimit(d, side, 0.9, 2);
  const o = d.newOrder({ side, price, qty, ordertype: 1, eot: 2048, minQty, sfMinQty: 0, crossingKey: 0, cp: true });
  if (d.rules.preferenceMatching) o.prefer = rng.chance(1 / 3);
  d.emit(o, CHANGE_REASON.new);
  if (d.rules.rareCodes && ++d.rare.sweeps % 25 === 0) d.emit(o, CHANGE_REASON.sweepConversion48);
  matchArriving(d, o);
  if (o.leaves === 0) return;
  if (d.rules.maqConversions && o.minQty > 0) {
    // Reloaded without its minimum (50): it rests below.
    o.minQty = 0;
    d.emit(o, CHANGE_REASON.sweepConversion50);
    d.tag("sweepReload", [o.idStr], undefined, undefined);
  } else if (d.rules.sweepsToLit && rng.chance(0.35)) {
    sweepToLit(d, o);
    if (o.leaves > 0) d.emit(o, CHANGE_REASON.systemCancel);
    return;
  } else if (rng.chance(0.45)) {
    d.emit(o, CHANGE_REASON.systemCancel);
    return;
  }
  o.cancelAt = d.t + 1 + Math.floor(rng.exp(40 * d.gapPerAction));
  d.cp.add(o);
  d.restingSweeps.push(o);
}

/** User-cancels (changereason 1) a resting sweep remainder. */
export function cancelSweep(d: SecurityDay, o: SimOrder): void {
  d.cp.remove(o);
  d.restingSweeps.splice(d.restingSweeps.indexOf(o), 1);
  d.emit(o, CHANGE_REASON.userCancel);
}

/** Cancels the resting sweep remainders whose `cancelAt` ≤ `t` (ns since the open). */
export function cancelDueSweeps(d: SecurityDay, t: number): void {
  for (let i = 0; i < d.restingSweeps.length;) {
    const o = d.restingSweeps[i];
    if (o !== undefined && o.cancelAt <= t) cancelSweep(d, o);
    else i++;
  }
}

function randomResting(d: SecurityDay): SimOrder | undefined {
  const k = d.rng.int(0, d.cp.size - 1);
  return k < d.cp.buys.length ? d.cp.buys[k] : d.cp.sells[k - d.cp.buys.length];
}

/** Cancels a random resting Centre Point order: user (1) 90 %, on behalf (10) 5 %, system (9) 5 %. */
export function cpCancel(d: SecurityDay): void {
  const o = d.cp.size > 0 ? randomResting(d) : undefined;
  if (o === undefined) return cpAdd(d);
  if (o.cancelAt >= 0) return cancelSweep(d, o);
  if (d.rules.purges && purgeOrInactivate(d, o)) return;
  const r = d.rng.float();
  const reason =
    r < 0.9 ? CHANGE_REASON.userCancel : r < 0.95 ? CHANGE_REASON.cancelOnBehalf : CHANGE_REASON.systemCancel;
  d.cp.remove(o);
  d.emit(o, reason);
}

/** Reduces the quantity of a random resting non-sweep Centre Point order (changereason 5), keeping priority. */
export function cpAmend(d: SecurityDay): void {
  const o = d.cp.size > 0 ? randomResting(d) : undefined;
  if (o === undefined || o.cancelAt >= 0 || o.leaves < 2) return cpAdd(d);
  const leaves = Math.min(o.leaves - 1, Math.max(1, Math.floor(o.leaves * (0.4 + 0.5 * d.rng.float()))));
  o.leaves = leaves;
  o.qty = o.matched + leaves;
  d.emit(o, CHANGE_REASON.updated);
}
