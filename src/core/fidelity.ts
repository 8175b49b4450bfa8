import type { RealFills } from "./match.js";
import type { Selection } from "./select.js";
import type { SimulationResult } from "./simulate.js";
import type { OrderSummary } from "./states.js";
import type { SweepTable } from "./classify.js";

/**
 * How faithful the midpoint replay is: over the selected NON-sweep Centre Point orders (whose real
 * fills the replay should reproduce), real against simulated filled quantity.
 */
export interface ReplayFidelity {
  orders: number;
  realFilledQty: number;
  simFilledQty: number;
  /** Orders whose simulated filled quantity equals the real one exactly. */
  ordersEqual: number;
  /** Σ |simulated − real| filled quantity. */
  absDiffQty: number;
}

/** Compares real and simulated fills of the selected non-sweep Centre Point orders. */
export function replayFidelity(
  table: OrderSummary,
  selection: Selection,
  sweeps: SweepTable,
  real: RealFills,
  sim: SimulationResult,
): ReplayFidelity {
  const isSweep = new Uint8Array(table.length);
  for (let i = 0; i < sweeps.length; i++) isSweep[sweeps.order[i] as number] = 1;
  const f: ReplayFidelity = { orders: 0, realFilledQty: 0, simFilledQty: 0, ordersEqual: 0, absDiffQty: 0 };
  for (let k = 0; k < table.length; k++) {
    if (selection.selected[k] !== 1 || isSweep[k] === 1) continue;
    const s = sim.slotOfOrder[k] as number;
    const sq = s < 0 ? 0 : (sim.filledQty[s] as number);
    const rq = real.filledQty[k] as number;
    f.orders++;
    f.realFilledQty += rq;
    f.simFilledQty += sq;
    if (sq === rq) f.ordersEqual++;
    f.absDiffQty += Math.abs(sq - rq);
  }
  return f;
}
