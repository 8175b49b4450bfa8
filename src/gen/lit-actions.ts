/**
 * Lit order actions of a partition simulation: passive adds, marketable adds that execute against
 * the book (changereason 3, dealsource 1 "Continuous Lit"), amends (5) and cancels (1, 9, 10).
 * Prices are price units and always tick multiples; quantities are shares.
 */
import { CHANGE_REASON } from "../model/codes.js";
import { litQuantity } from "./sizes.js";
import type { SecurityDay } from "./security-day.js";
import { tradeLegValues, type SimOrder } from "./sim-order.js";

/** Lit dealsource code and name. */
const LIT_DEAL_SOURCE = 1;
const LIT_DEAL_NAME = "Continuous Lit";

/** Probability that a new order improves a spread of two ticks or more (before the pull to `fair`). */
const IMPROVE = 0.3;
/** Probability that a new order that does not improve joins the best level (else it sits behind). */
const JOIN = 0.25;

/** A non-marketable price for a new `side` order: join, improve inside the spread, or sit behind. */
function passivePrice(d: SecurityDay, side: 1 | 2): number {
  const tick = d.tick;
  const bid = d.lit.bestBid();
  const ask = d.lit.bestOffer();
  const spreadTicks = bid > 0 && ask > 0 ? (ask - bid) / tick : 0;
  const mid = bid > 0 && ask > 0 ? (bid + ask) / 2 : d.fair;
  // Improve more on the side the reference price pulls towards, so quotes follow `fair`.
  const pull = Math.max(-0.3, Math.min(0.3, (d.fair - mid) / (6 * tick)));
  const improve = IMPROVE + (side === 1 ? pull : -pull);
  if (side === 1) {
    let p: number;
    if (bid > 0) p = spreadTicks >= 2 && d.rng.chance(improve) ? bid + tick : bid - tick * d.rng.geometric(JOIN, 10);
    else if (ask > 0) p = ask - tick * (1 + d.rng.geometric(0.5, 4));
    else p = d.fair - tick * d.rng.geometric(0.5, 4);
    if (ask > 0 && p >= ask) p = ask - tick;
    return Math.max(p, tick);
  }
  let p: number;
  if (ask > 0) p = spreadTicks >= 2 && d.rng.chance(improve) ? ask - tick : ask + tick * d.rng.geometric(JOIN, 10);
  else if (bid > 0) p = bid + tick * (1 + d.rng.geometric(0.5, 4));
  else p = d.fair + tick * (1 + d.rng.geometric(0.5, 4));
  if (bid > 0 && p <= bid) p = bid + tick;
  return p;
}

function newLitOrder(d: SecurityDay, side: 1 | 2, price: number, qty: number, ordertype: 1 | 3 = 1): SimOrder {
  const eot = side === 2 && d.rng.chance(0.1) ? 2 : 0;
  return d.newOrder({ side, price, qty, ordertype, eot, minQty: 0, sfMinQty: 0, crossingKey: 0, cp: false });
}

/**
 * Adds a resting lit order on `side`: its first row has changereason 6 (new), or `entryReason`
 * (an entry such as 12 triggered or 30 reloaded), with orderstatus `status`; with `onBook` false
 * (an inactive order) it is written but not put on the book (the caller does that later).
 */
export function litPassiveAdd(
  d: SecurityDay,
  side: 1 | 2,
  entryReason: number = CHANGE_REASON.new,
  status = 1,
  onBook = true,
): SimOrder {
  const o = newLitOrder(d, side, passivePrice(d, side), litQuantity(d.rng));
  if (onBook) {
    d.lit.insert(o);
    d.addLiveLit(o);
  }
  d.emit(o, entryReason, status);
  return o;
}

/** Reported and other non-continuous lit deal sources written at a low rate with the rare-codes rule. */
const RARE_LIT_DEALS: readonly [number, string][] = [
  [0, "Undefined"],
  [3, "Reported Trade"],
  [4, "Reported Trade By Exchange"],
  [5, "Reported Trade Same Participant"],
  [6, "Reported Trade By Exchange Same Participant"],
  [7, "Combination Continuous"],
  [20, "Auction"],
  [36, "Tailor Made Combination"],
  [42, "Priority Crossing"],
  [43, "Combination Against Outright"],
  [44, "Book Trade"],
  [45, "Book Trade Auction"],
];

/** The dealsource, its name and the legs' passiveaggressive (2 "neither" for reported trades) of the next lit execution. */
function litDeal(d: SecurityDay): [number, string, 0 | 1 | 2, 0 | 1 | 2] {
  if (d.rules.rareCodes && ++d.rare.litFills % 25 === 0) {
    const [source, name] = RARE_LIT_DEALS[d.rng.int(0, RARE_LIT_DEALS.length - 1)] ?? [0, "Undefined"];
    const reported = source >= 3 && source <= 6;
    return [source, name, reported ? 2 : 0, reported ? 2 : 1];
  }
  return [LIT_DEAL_SOURCE, LIT_DEAL_NAME, 0, 1];
}

/**
 * Executes min(leaves) shares between arriving `a` and resting `p` at the resting price: writes the
 * passive row with both trade legs attached and updates `a`, whose row the caller writes. Returns
 * the matchgroupid.
 */
export function litFill(d: SecurityDay, a: SimOrder, p: SimOrder): string {
  const q = Math.min(a.leaves, p.leaves);
  p.leaves -= q;
  p.matched += q;
  if (p.leaves === 0) {
    d.lit.remove(p);
    d.removeLiveLit(p);
  }
  const ev = d.emit(p, CHANGE_REASON.traded);
  const mg = d.nextMatchGroupId();
  const code = d.sec.code;
  const date = d.date;
  const [source, name, paPassive, paAggressive] = litDeal(d);
  ev.trades = [
    tradeLegValues(date, d.lastTsStr, code, p, source, name, mg, d.quote, p.price, q, paPassive),
    tradeLegValues(date, d.lastTsStr, code, a, source, name, mg, d.quote, p.price, q, paAggressive),
  ];
  a.leaves -= q;
  a.matched += q;
  return mg;
}

function crosses(a: SimOrder, restingPrice: number): boolean {
  return a.side === 1 ? a.price >= restingPrice : a.price <= restingPrice;
}

/**
 * A marketable lit limit order (changereason 6 row, quoting the book without it), executed against
 * the opposite side in price-time priority; any remainder then rests at its limit. `ordertype` 3
 * (market-to-limit, with the limit it converted to) is written by the rare-codes rule.
 */
export function litMarketableAdd(d: SecurityDay, ordertype: 1 | 3 = 1): void {
  const bid = d.lit.bestBid();
  const ask = d.lit.bestOffer();
  const mid = (bid + ask) / 2;
  const pBuy = Math.max(0.15, Math.min(0.85, 0.5 + (d.fair - mid) / (8 * d.tick)));
  const side: 1 | 2 = d.rng.chance(pBuy) ? 1 : 2;
  const head = d.lit.head(side === 1 ? 2 : 1);
  if (head === undefined) {
    litPassiveAdd(d, side);
    return;
  }
  const through = d.rng.chance(0.25) ? d.tick : 0;
  const price = side === 1 ? head.price + through : Math.max(d.tick, head.price - through);
  const r = d.rng.float();
  const level = d.lit.bestLevelQty(side === 1 ? 2 : 1);
  const qty = r < 0.4 ? d.rng.int(1, head.leaves) : r < 0.85 ? level : level + litQuantity(d.rng);
  const a = newLitOrder(d, side, price, qty, ordertype);
  d.emit(a, CHANGE_REASON.new);
  const opp = side === 1 ? 2 : 1;
  for (let p = d.lit.head(opp); p !== undefined; p = d.lit.head(opp)) {
    litFill(d, a, p);
    const next = d.lit.head(opp);
    const done = a.leaves === 0 || next === undefined || !crosses(a, next.price);
    // The remainder rests before its last execution row, so that row quotes the book with it.
    if (done && a.leaves > 0) {
      d.lit.insert(a);
      d.addLiveLit(a);
    }
    d.emit(a, CHANGE_REASON.traded);
    if (done) break;
  }
}

/** Amends a random live lit order (changereason 5): a new price (losing priority) or quantity. */
export function litAmend(d: SecurityDay): void {
  const o = d.liveLit[d.rng.int(0, d.liveLit.length - 1)];
  if (o === undefined) {
    litPassiveAdd(d, 1);
    return;
  }
  const tick = d.tick;
  if (d.rng.chance(0.5)) {
    let p = o.price + (d.rng.chance(0.5) ? 1 : -1) * tick * d.rng.int(1, 2);
    const bid = d.lit.bestBid();
    const ask = d.lit.bestOffer();
    if (o.side === 1 && ask > 0 && p >= ask) p = ask - tick;
    if (o.side === 2 && bid > 0 && p <= bid) p = bid + tick;
    if (p >= tick && p !== o.price) {
      d.lit.remove(o);
      o.price = p;
      d.lit.insert(o);
      d.emit(o, CHANGE_REASON.updated);
      return;
    }
  }
  let leaves = Math.max(1, Math.round(o.leaves * (0.3 + 1.4 * d.rng.float())));
  if (leaves === o.leaves) leaves++;
  if (leaves > o.leaves) {
    // A larger order goes to the back of its level; a smaller one keeps its place.
    d.lit.remove(o);
    d.lit.insert(o);
  }
  o.leaves = leaves;
  o.qty = o.matched + leaves;
  d.emit(o, CHANGE_REASON.updated);
}

/** Cancels a random live lit order: by the user (1), mostly; by the system (9) or on behalf (10). */
export function litCancel(d: SecurityDay): void {
  const o = d.liveLit[d.rng.int(0, d.liveLit.length - 1)];
  if (o === undefined) {
    litPassiveAdd(d, 2);
    return;
  }
  const r = d.rng.float();
  const reason =
    r < 0.9 ? CHANGE_REASON.userCancel : r < 0.95 ? CHANGE_REASON.systemCancel : CHANGE_REASON.cancelOnBehalf;
  d.lit.remove(o);
  d.removeLiveLit(o);
  d.emit(o, reason);
}
