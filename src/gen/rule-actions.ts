/**
 * The Centre Point rules of the generator that the simulation does not model (market-rules.ts):
 * preference matching within a broker, any-price block trades, sweeps whose rest executes against
 * the lit book, minimum-quantity conversions, and orders inactivated then activated again. Prices are price units, quantities shares.
 */
import { CHANGE_REASON, ORDER_STATUS_INACTIVE } from "../model/codes.js";
import { cpFill } from "./cp-actions.js";
import { fillQuantity, minFill } from "./cp-book.js";
import { litFill } from "./lit-actions.js";
import type { SecurityDay } from "./security-day.js";
import type { SimOrder } from "./sim-order.js";

/**
 * Preference matching: `a` first trades at `mid` with the resting opposite orders of its own
 * participant that the midpoint rule lets it fill, ahead of time priority (dealsource 46; every
 * fifth such trade 49 "preference-only matched").
 */
export function preferenceMatch(d: SecurityDay, a: SimOrder, mid: number): void {
  const list = d.cp.opposite(a.side);
  let i = 0;
  while (i < list.length && a.leaves > 0) {
    const r = list[i];
    if (r === undefined) break;
    const q = r.participant === a.participant ? fillQuantity(a, r, mid) : 0;
    if (q > 0) {
      const only = d.rules.rareCodes && ++d.rare.prefs % 5 === 0;
      const deal = only
        ? { price: mid, source: 49, name: "Preference Only", rule: "preference" as const }
        : { price: mid, source: 46, name: "Preference Matched", rule: "preference" as const };
      cpFill(d, a, r, q, deal);
    }
    if (q === 0 || r.leaves > 0) i++;
  }
}

/** The limit of `o` for a block cross: none for a market order (∞ to buy, 0 to sell). */
function blockLimit(o: SimOrder): number {
  if (o.ordertype === 2) return o.side === 1 ? Infinity : 0;
  return o.price;
}

/**
 * Any-price block: arriving block `a`, with leaves after midpoint matching, trades with each resting
 * opposite block (4096) whose limit it crosses and whose minimums the fill meets, at the resting
 * order's limit (or the arriving one's, or the reference price, for market orders): dealsource 50,
 * or 51 / 52 (alternately) within one participant.
 */
export function anyPriceBlock(d: SecurityDay, a: SimOrder): void {
  const list = d.cp.opposite(a.side);
  let i = 0;
  while (i < list.length && a.leaves > 0) {
    const r = list[i];
    if (r === undefined) break;
    const buy = a.side === 1 ? a : r;
    const sell = a.side === 1 ? r : a;
    const q = Math.min(a.leaves, r.leaves);
    const ok =
      (r.eot & 4096) !== 0 && blockLimit(buy) >= blockLimit(sell) && q >= minFill(a) && q >= minFill(r) && q > 0;
    if (ok) {
      const price = r.ordertype !== 2 ? r.price : a.ordertype !== 2 ? a.price : d.fair;
      const same = r.participant === a.participant;
      const source = same ? (++d.rare.blocks % 2 === 0 ? 52 : 51) : 50;
      const name =
        source === 50 ? "Any Price Block" : source === 51 ? "Preference Any Price Block" : "Preference Only Block";
      cpFill(d, a, r, q, { price, source, name, rule: "anyPriceBlock" });
    }
    if (!ok || r.leaves > 0) i++;
  }
}

/** True when `a` may execute against a lit order resting at `price`. */
function crosses(a: SimOrder, price: number): boolean {
  return a.side === 1 ? a.price >= price : a.price <= price;
}

/**
 * The unfilled rest of sweep `a` executes against the opposite lit book in price-time priority
 * within its limit (dealsource 1); each execution writes the lit row with both legs, then `a`'s row.
 */
export function sweepToLit(d: SecurityDay, a: SimOrder): void {
  const opp = a.side === 1 ? 2 : 1;
  for (let p = d.lit.head(opp); p !== undefined && a.leaves > 0 && crosses(a, p.price); p = d.lit.head(opp)) {
    const litId = p.idStr;
    const mg = litFill(d, a, p);
    d.emit(a, CHANGE_REASON.traded);
    d.tag("sweepToLit", [litId, a.idStr], mg, 1);
  }
}

/**
 * Minimum-quantity conversion: `o`, left with leaves below its minimum quantity after a fill,
 * drops the minimum (changereason 49, still on the book).
 */
export function maqConvert(d: SecurityDay, o: SimOrder): void {
  if (o.minQty === 0 || o.leaves === 0 || o.leaves >= o.minQty) return;
  o.minQty = 0;
  d.emit(o, CHANGE_REASON.sweepConversion49);
  d.tag("maqConversion", [o.idStr], undefined, undefined);
}

/**
 * With the purge rule: purges `o` (24, orderstatus 4; 12 % of picks) or inactivates it (35,
 * orderstatus 4; 8 %) until it is activated again about 20 actions later; true when it did.
 */
export function purgeOrInactivate(d: SecurityDay, o: SimOrder): boolean {
  const x = d.rng.float();
  if (x >= 0.2) return false;
  d.cp.remove(o);
  if (x < 0.12) {
    d.emit(o, CHANGE_REASON.purged24, ORDER_STATUS_INACTIVE);
    d.tag("purge", [o.idStr], undefined, undefined);
    return true;
  }
  d.emit(o, CHANGE_REASON.purged35, ORDER_STATUS_INACTIVE);
  d.tag("purge", [o.idStr], undefined, undefined);
  o.activateAt = d.t + 1 + Math.floor(d.rng.exp(20 * d.gapPerAction));
  d.inactive.push(o);
  return true;
}

/** Activates (36, orderstatus 1) the inactive orders whose `activateAt` ≤ `t`: each rests anew, last in priority. */
export function activateDue(d: SecurityDay, t: number): void {
  for (let i = 0; i < d.inactive.length;) {
    const o = d.inactive[i];
    if (o === undefined || o.activateAt > t) {
      i++;
      continue;
    }
    d.inactive.splice(i, 1);
    o.activateAt = -1;
    d.cp.add(o);
    d.emit(o, CHANGE_REASON.activated, 1);
    d.tag("reactivation", [o.idStr], undefined, undefined);
  }
}
