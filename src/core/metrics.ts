import type { OrderEvents, QuoteSeries } from "../model/partition.js";
import type { SweepTable } from "./classify.js";
import type { RealFills } from "./match.js";
import { priceStepUnits } from "../model/price.js";
import { sideSign, ticksToMicroAud } from "./money.js";
import { meanMidHalfTicks } from "./nbbo.js";
import type { SimulationResult } from "./simulate.js";
import type { OrderSummary } from "./states.js";

/** Per sweep order, real vs simulated (one entry per row of the {@link SweepTable}). */
export interface SweepMetrics {
  length: number;
  orderId: BigUint64Array;
  participantId: Int32Array;
  side: Uint8Array;
  group: Uint8Array;
  band: Uint8Array;
  qty: Float64Array;
  placedNs: Float64Array;
  /** Real: filled quantity, value in ticks (Σp·q), number of trade legs, first/last trade time (NaN if none). */
  realFilled: Float64Array;
  realValueTicks: Float64Array;
  realTrades: Int32Array;
  realFirstTradeNs: Float64Array;
  realLastTradeNs: Float64Array;
  /**
   * 1 when the sweep was simulated, 0 when its job's simulation was not run (a final-state order
   * table): its simulated columns, compared quantity and savings are then "not simulated" (held as
   * 0 here, written as empty fields, left out of every simulated measure), not a result of 0.
   */
  simulated: Uint8Array;
  /** Simulated (midpoint replay): filled quantity, value in half ticks, number of fills. */
  simFilled: Float64Array;
  simValueHalfTicks: Float64Array;
  simFills: Int32Array;
  /** min(real filled, simulated filled): the quantity over which prices are compared. */
  comparedQty: Float64Array;
  /** side·(real VWAP − simulated average price)·comparedQty in whole micro-AUD (0 when nothing compared). */
  savingsMicroAud: Float64Array;
  /** side·(real VWAP − simulated average price) / real VWAP in basis points; NaN when nothing compared or the real VWAP is 0. */
  savingsBps: Float64Array;
  /** Time-weighted mean NBBO midpoint over the order's life (placement → final state), half ticks; NaN if none. */
  meanMidHalfTicks: Float64Array;
  /** Cost scenarios on the real filled quantity, whole micro-AUD (0 when no fill or no midpoint). */
  costMidpointMicroAud: Float64Array;
  costHalfSpreadMicroAud: Float64Array;
  costImpactMicroAud: Float64Array;
}

/** Inputs of {@link sweepMetrics}. */
export interface MetricsInput {
  orders: OrderEvents;
  table: OrderSummary;
  sweeps: SweepTable;
  real: RealFills;
  sim: SimulationResult;
  /** False when the simulation was not run (`sim` is then empty): every sweep is flagged not simulated. */
  simulated: boolean;
  quotes: QuoteSeries;
  decimals: number;
  /** k of the `impact_k_ticks` scenario, in exchange ticks (price steps at the mid, see `priceStepUnits`). */
  impactTicks: number;
}

/**
 * Real against simulated execution per sweep order. Savings are side-signed (+1 buy, −1 sell) so a
 * positive number always means the simulated Centre Point price was better for the order's owner: a
 * sell filled higher in simulation is a saving. Cost scenarios re-price the real filled quantity at
 * the mean midpoint over the order's life: `midpoint` (mid), `half_spread_capture` (½·mid + ½·VWAP)
 * and `impact_k_ticks` (mid + side·k·step, where step is the exchange price step at the mean mid:
 * `priceStepUnits(⌊mid⌋, decimals)` price units, so k counts ticks of the instrument, not units).
 */
export function sweepMetrics(m: MetricsInput): SweepMetrics {
  const { orders, table, sweeps, real, sim } = m;
  const n = sweeps.length;
  const out: SweepMetrics = {
    length: n,
    orderId: new BigUint64Array(n),
    participantId: new Int32Array(n),
    side: new Uint8Array(n),
    group: Uint8Array.from(sweeps.group),
    band: Uint8Array.from(sweeps.band),
    qty: Float64Array.from(sweeps.qty),
    placedNs: Float64Array.from(sweeps.placedNs),
    realFilled: new Float64Array(n),
    realValueTicks: new Float64Array(n),
    realTrades: new Int32Array(n),
    realFirstTradeNs: new Float64Array(n),
    realLastTradeNs: new Float64Array(n),
    simulated: new Uint8Array(n).fill(m.simulated ? 1 : 0),
    simFilled: new Float64Array(n),
    simValueHalfTicks: new Float64Array(n),
    simFills: new Int32Array(n),
    comparedQty: new Float64Array(n),
    savingsMicroAud: new Float64Array(n),
    savingsBps: new Float64Array(n).fill(Number.NaN),
    meanMidHalfTicks: new Float64Array(n).fill(Number.NaN),
    costMidpointMicroAud: new Float64Array(n),
    costHalfSpreadMicroAud: new Float64Array(n),
    costImpactMicroAud: new Float64Array(n),
  };
  // Ids copied as 32-bit word pairs: no bigint per sweep.
  const fromId = new Uint32Array(table.orderId.buffer, table.orderId.byteOffset, 2 * table.orderId.length);
  const toId = new Uint32Array(out.orderId.buffer);
  for (let i = 0; i < n; i++) {
    const k = sweeps.order[i] as number;
    const side = sweeps.side[i] as number;
    const sign = sideSign(side);
    toId[2 * i] = fromId[2 * k] as number;
    toId[2 * i + 1] = fromId[2 * k + 1] as number;
    out.participantId[i] = orders.participantId[table.firstRow[k] as number] as number;
    out.side[i] = side;
    const d = real.detailOf === undefined ? k : (real.detailOf[k] as number);
    if (d < 0) throw new Error(`sweepMetrics: the real fills have no detail for sweep order ${k} (see matchTrades)`);
    const rq = real.filledQty[k] as number;
    const rv = real.valueTicks[d] as number;
    out.realFilled[i] = rq;
    out.realValueTicks[i] = rv;
    out.realTrades[i] = real.trades[d] as number;
    out.realFirstTradeNs[i] = real.firstTradeNs[d] as number;
    out.realLastTradeNs[i] = real.lastTradeNs[d] as number;
    const s = sim.slotOfOrder[k] as number;
    const sq = s < 0 ? 0 : (sim.filledQty[s] as number);
    const sv = s < 0 ? 0 : (sim.valueHalfTicks[s] as number);
    out.simFilled[i] = sq;
    out.simValueHalfTicks[i] = sv;
    out.simFills[i] = s < 0 ? 0 : (sim.fills[s] as number);
    const cq = Math.min(rq, sq);
    out.comparedQty[i] = cq;
    if (cq > 0) {
      const realVwap = rv / rq;
      const simAvg = sv / (2 * sq);
      out.savingsMicroAud[i] = ticksToMicroAud(sign * (realVwap - simAvg) * cq, m.decimals);
      // bps of a real VWAP of 0 (a leg at price 0) is undefined: NaN, as when nothing was compared.
      if (realVwap > 0) out.savingsBps[i] = (1e4 * sign * (realVwap - simAvg)) / realVwap + 0;
    }
    const mid = meanMidHalfTicks(m.quotes, sweeps.placedNs[i] as number, sweeps.finalNs[i] as number);
    if (mid !== undefined) {
      out.meanMidHalfTicks[i] = mid;
      if (rq > 0) {
        const midTicks = mid / 2;
        const atMid = sign * (rv - midTicks * rq);
        out.costMidpointMicroAud[i] = ticksToMicroAud(atMid, m.decimals);
        out.costHalfSpreadMicroAud[i] = ticksToMicroAud(atMid / 2, m.decimals);
        const step = priceStepUnits(Math.floor(midTicks), m.decimals);
        const impactPrice = midTicks + sign * m.impactTicks * step;
        out.costImpactMicroAud[i] = ticksToMicroAud(sign * (rv - impactPrice * rq), m.decimals);
      }
    }
  }
  return out;
}
