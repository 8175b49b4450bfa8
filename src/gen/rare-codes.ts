/**
 * The rare-codes rule (market-rules.ts): lit order events that write, in turn, every change reason
 * and order status of model/codes.ts that the rest of the generator does not, at a low rate. Each
 * keeps the lit book consistent for the readers' book replay and never touches a Centre Point order.
 */
import { CHANGE_REASON, ORDER_STATUS_INACTIVE } from "../model/codes.js";
import { litMarketableAdd, litPassiveAdd } from "./lit-actions.js";
import type { SecurityDay } from "./security-day.js";

/** Exit change reasons written on lit cancels; the inactivations among them with orderstatus 4. */
const EXITS: readonly number[] = [4, 15, 19, 20, 21, 23, 25, 26, 27, 34, 35, 38, 40, 41, 42, 43, 51];
/** Exits that inactivate (orderstatus 4) rather than cancel (orderstatus 2). */
const INACTIVATIONS: ReadonlySet<number> = new Set([4, 21, 23, 25, 26, 27, 35, 38, 40]);
/** Informational change reasons: a row repeating the order's state (the book replay applies it as an update: no change). */
const NOTES: readonly number[] = [0, 7, 8, 11, 13, 28, 39];

/** One rare event: a kind and its change reason. */
type Rare = ["exit" | "note" | "entry" | "trigger" | "inactiveNew" | "marketToLimit", number];

/** The cycle of rare events: every code once per cycle. */
const CYCLE: readonly Rare[] = [
  ...EXITS.map((c): Rare => ["exit", c]),
  ...NOTES.map((c): Rare => ["note", c]),
  ["entry", CHANGE_REASON.reloaded],
  ["entry", CHANGE_REASON.reloadedIntraday],
  ["trigger", CHANGE_REASON.triggered],
  ["trigger", CHANGE_REASON.sessionTriggered],
  ["inactiveNew", CHANGE_REASON.newInactive],
  ["marketToLimit", CHANGE_REASON.new],
];

/** Writes the next rare event of the cycle for a lit order of `d`. */
export function rareAction(d: SecurityDay): void {
  const [kind, reason] = CYCLE[d.rare.turn++ % CYCLE.length] ?? ["note", 0];
  const side: 1 | 2 = d.rng.chance(0.5) ? 1 : 2;
  if (kind === "entry") {
    litPassiveAdd(d, side, reason);
  } else if (kind === "trigger") {
    // A stop order waits untriggered (orderstatus 3), then is triggered and rests.
    const o = litPassiveAdd(d, side, CHANGE_REASON.new, 3);
    d.emit(o, reason, 1);
  } else if (kind === "inactiveNew") {
    // A new inactive order (29, orderstatus 4; not on the book) later activated (36).
    const o = litPassiveAdd(d, side, reason, ORDER_STATUS_INACTIVE, false);
    d.lit.insert(o);
    d.addLiveLit(o);
    d.emit(o, CHANGE_REASON.activated, 1);
  } else if (kind === "marketToLimit") {
    litMarketableAdd(d, 3);
  } else {
    const o = d.liveLit[d.rng.int(0, d.liveLit.length - 1)];
    if (o === undefined || d.lit.depth(o.side) < 4) {
      litPassiveAdd(d, side);
      return;
    }
    if (kind === "note") {
      d.emit(o, reason, 1);
      return;
    }
    d.lit.remove(o);
    d.removeLiveLit(o);
    d.emit(o, reason, INACTIVATIONS.has(reason) ? ORDER_STATUS_INACTIVE : 2);
  }
}
