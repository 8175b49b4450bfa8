/**
 * The action mix of a (security, date) simulation: once the lit book has its minimum depth, each
 * action is drawn at random with fixed weights (the cancels' grow with the live orders).
 */
import { cpAdd, cpAmend, cpCancel, sweep } from "./cp-actions.js";
import { litAmend, litCancel, litMarketableAdd, litPassiveAdd } from "./lit-actions.js";
import { rareAction } from "./rare-codes.js";
import type { SecurityDay } from "./security-day.js";

/**
 * Draws and runs one action of `d`: a lit passive or marketable add, lit amend or cancel, Centre
 * Point add, cancel or amend, a sweep, or (with the rare-codes rule) a rare code. One rng draw,
 * then the action's own.
 */
export function randomAction(d: SecurityDay): void {
  const w0 = 30; // lit passive add
  const w1 = w0 + 6; // lit marketable add
  const w2 = w1 + 7; // lit amend
  const w3 = w2 + (30 * d.liveLit.length) / 40; // lit cancel
  const w4 = w3 + 16; // centre point add
  const w5 = w4 + (5 * d.cp.size) / 30; // centre point cancel
  const w6 = w5 + 2; // centre point amend
  const w7 = w6 + 8; // sweep
  const w8 = w7 + (d.rules.rareCodes ? 1.5 : 0); // a rare code
  const x = d.rng.float() * w8;
  if (x < w0) litPassiveAdd(d, d.rng.chance(0.5) ? 1 : 2);
  else if (x < w1) litMarketableAdd(d);
  else if (x < w2) litAmend(d);
  else if (x < w3) litCancel(d);
  else if (x < w4) cpAdd(d);
  else if (x < w5) cpCancel(d);
  else if (x < w6) cpAmend(d);
  else if (x < w7) sweep(d);
  else rareAction(d);
}
