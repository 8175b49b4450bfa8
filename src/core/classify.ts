import type { AnalysisConfig } from "../model/analysis-config.js";
import type { OrderEvents } from "../model/partition.js";
import type { Selection } from "./select.js";
import type { OrderSummary } from "./states.js";

/** Fill groups: 1 fully filled (leaves 0), 2 partially filled (leaves > 0, matched > 0), 3 unfilled (matched 0). */
export type FillGroup = 1 | 2 | 3;
/** Size band index: 0 Small (qty ≤ smallMax), 1 Medium (≤ mediumMax), 2 Large. */
export type SizeBand = 0 | 1 | 2;
/** Names of the size bands by index. */
export const SIZE_BANDS = ["Small", "Medium", "Large"] as const;
/** Names of the fill groups by number. */
export const FILL_GROUPS = { 1: "Fully filled", 2: "Partially filled", 3: "Unfilled" } as const;

/** The fill group of a final state: unfilled when nothing matched, full when no leaves remain, else partial. */
export function fillGroup(matchedQty: number, leavesQty: number): FillGroup {
  if (matchedQty <= 0) return 3;
  return leavesQty <= 0 ? 1 : 2;
}

/** The size band of an order quantity. */
export function sizeBand(qty: number, bands: AnalysisConfig["sizeBands"]): SizeBand {
  return qty <= bands.smallMax ? 0 : qty <= bands.mediumMax ? 1 : 2;
}

/** The selected sweep orders with their group and band, one entry per sweep, in order of placement. */
export interface SweepTable {
  length: number;
  /** Order number in the {@link OrderSummary}. */
  order: Int32Array;
  group: Uint8Array;
  band: Uint8Array;
  /** Final order quantity (after amendments). */
  qty: Float64Array;
  /** Final totalmatchedquantity and leavesquantity from the order rows. */
  matchedQty: Float64Array;
  leavesQty: Float64Array;
  /** 1 buy, 2 sell. */
  side: Uint8Array;
  /** Placement and final-state times, ns since Sydney local midnight. */
  placedNs: Float64Array;
  finalNs: Float64Array;
}

/**
 * Classifies the selected sweep orders (any bit of `config.sweepMask` on the placement or final row,
 * since an order may be converted into a sweep) by their final state into fill groups and by their
 * final quantity into size bands.
 */
export function classifySweeps(
  orders: OrderEvents,
  table: OrderSummary,
  selection: Selection,
  config: Pick<AnalysisConfig, "sweepMask" | "sizeBands">,
): SweepTable {
  const ks: number[] = [];
  for (let k = 0; k < table.length; k++) {
    if (selection.selected[k] !== 1) continue;
    const otype =
      (orders.exchangeOrderType[table.firstRow[k] as number] as number) |
      (orders.exchangeOrderType[table.lastRow[k] as number] as number);
    if ((otype & config.sweepMask) !== 0) ks.push(k);
  }
  const n = ks.length;
  const s: SweepTable = {
    length: n,
    order: Int32Array.from(ks),
    group: new Uint8Array(n),
    band: new Uint8Array(n),
    qty: new Float64Array(n),
    matchedQty: new Float64Array(n),
    leavesQty: new Float64Array(n),
    side: new Uint8Array(n),
    placedNs: new Float64Array(n),
    finalNs: new Float64Array(n),
  };
  ks.forEach((k, i) => {
    const f = table.firstRow[k] as number;
    const l = table.lastRow[k] as number;
    const matched = orders.matchedQty[l] as number;
    const leaves = orders.leavesQty[l] as number;
    s.qty[i] = orders.qty[l] as number;
    s.matchedQty[i] = matched;
    s.leavesQty[i] = leaves;
    s.group[i] = fillGroup(matched, leaves);
    s.band[i] = sizeBand(orders.qty[l] as number, config.sizeBands);
    s.side[i] = orders.side[f] as number;
    s.placedNs[i] = orders.tNs[f] as number;
    s.finalNs[i] = orders.tNs[l] as number;
  });
  return s;
}
