import { CHANGE_REASON } from "../model/codes.js";
import type { OrderEvents } from "../model/partition.js";
import type { SimulationResult } from "./simulate.js";
import type { OrderSummary, OrderTable } from "./states.js";

/**
 * What a partition's order rows are: `"events"`, the full event history of a Direct Drop order
 * extract (a placement row, then a row per trade, amendment, cancel…), or `"final_state"`, one
 * row per order holding its last state (an extract of order final states). A final-state table
 * still gives fill groups (final leaves and totalmatchedquantity), size bands (final quantity) and
 * real fills (trades by order id); it cannot be replayed into a book or a midpoint simulation.
 */
export type OrderShape = "events" | "final_state";

/**
 * Below this share of placement rows (changereason 6 "new" or 29 "new inactive"), a table with one
 * row per order is a final-state table. In an event file an order with one row is an order placed
 * and left alone (its one row is a placement), or reloaded from an earlier day (30/31); in a
 * final-state file most last rows are trades, cancels, purges or reloads, and only orders never
 * touched after their placement keep a placement as their last row.
 */
export const FINAL_STATE_MAX_PLACEMENT_SHARE = 0.5;

/** The counts behind an {@link OrderShape} decision (kept in the job result to explain it). */
export interface OrderShapeEvidence {
  shape: OrderShape;
  /** Order rows and distinct order ids of the partition (after repeated rows were handled). */
  rows: number;
  orders: number;
  /** Rows with changereason 6 (new) or 29 (new inactive). */
  placementRows: number;
}

/**
 * Recognises the shape of a partition's order rows (pure, O(rows)). The rule: `"final_state"` when
 * the partition has at least one order row, every order id occurs on exactly one row, and fewer
 * than {@link FINAL_STATE_MAX_PLACEMENT_SHARE} of the rows are placements (changereason 6 or 29);
 * otherwise `"events"`. A partition mixing both (some orders with a history, some with a single
 * final row) has repeated ids, so it is `"events"`. An empty partition is `"events"`.
 */
export function orderShape(
  orders: Pick<OrderEvents, "length" | "changeReason">,
  table: OrderSummary,
): OrderShapeEvidence {
  let placementRows = 0;
  for (let r = 0; r < orders.length; r++) {
    const c = orders.changeReason[r] as number;
    if (c === CHANGE_REASON.new || c === CHANGE_REASON.newInactive) placementRows++;
  }
  return {
    shape: orderShapeOf({ rows: orders.length, placementRows, everyOrderOnce: table.length === orders.length }),
    rows: orders.length,
    orders: table.length,
    placementRows,
  };
}

/**
 * The one rule of {@link orderShape}, from its counts: `"final_state"` when there is at least one
 * order row, every order id occurs on exactly one row (`everyOrderOnce`) and fewer than
 * {@link FINAL_STATE_MAX_PLACEMENT_SHARE} of the rows are placements; otherwise `"events"`.
 * `sweeplab scan` decides with it too, from its own counts of the same rows, so that its word for a
 * partition is what a run will do with it.
 */
export function orderShapeOf(c: { rows: number; placementRows: number; everyOrderOnce: boolean }): OrderShape {
  const fewPlacements = c.placementRows < FINAL_STATE_MAX_PLACEMENT_SHARE * c.rows;
  return c.rows > 0 && c.everyOrderOnce && fewPlacements ? "final_state" : "events";
}

/**
 * The simulation result of a job whose simulation was skipped: no Centre Point order has a slot,
 * so every sweep's simulated fill, compared quantity and savings are 0 and flagged as skipped.
 */
export function noSimulation(table: Pick<OrderTable, "length">): SimulationResult {
  return {
    orderId: new BigUint64Array(0),
    firstRow: new Int32Array(0),
    filledQty: new Float64Array(0),
    valueHalfTicks: new Float64Array(0),
    fills: new Int32Array(0),
    fillList: [],
    fillCount: 0,
    slotOfOrder: new Int32Array(table.length).fill(-1),
    index: new Map<bigint, number>(),
  };
}
