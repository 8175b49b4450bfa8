import type { AnalysisConfig } from "../model/analysis-config.js";
import type { OrderEvents } from "../model/partition.js";
import type { OrderSummary } from "./states.js";

/** What each filter of {@link selectOrders} removed, in orders and in event rows; nothing vanishes uncounted. */
export interface SelectionCounts {
  orders: number;
  rows: number;
  /** Orders (and their rows) without a Centre Point bit. */
  nonCentrePointOrders: number;
  nonCentrePointRows: number;
  /** Centre Point orders placed outside the session window. */
  outsideSessionOrders: number;
  outsideSessionRows: number;
  /** Centre Point orders in session from participants not asked for. */
  otherParticipantOrders: number;
  otherParticipantRows: number;
  selectedOrders: number;
  selectedRows: number;
}

/** The selected orders (1 = kept) per order of the {@link OrderSummary}, with the counts. */
export interface Selection {
  selected: Uint8Array;
  counts: SelectionCounts;
}

/**
 * Selects the Centre Point orders (any bit of `config.centrePointMask` on the placement row) placed
 * inside the session window [sessionStartNs, sessionEndNs) (ns since Sydney local midnight), of the
 * requested participants (all when `config.participants` is unset). Filters apply in that order and
 * each counts what it removed, so `orders = nonCentrePoint + outsideSession + otherParticipant + selected`
 * (and the same for rows).
 */
export function selectOrders(
  orders: OrderEvents,
  table: OrderSummary,
  config: Pick<AnalysisConfig, "centrePointMask" | "participants">,
  sessionStartNs: number,
  sessionEndNs: number,
): Selection {
  const wanted = config.participants === undefined ? undefined : new Set(config.participants);
  const selected = new Uint8Array(table.length);
  const c: SelectionCounts = {
    orders: table.length,
    rows: orders.length,
    nonCentrePointOrders: 0,
    nonCentrePointRows: 0,
    outsideSessionOrders: 0,
    outsideSessionRows: 0,
    otherParticipantOrders: 0,
    otherParticipantRows: 0,
    selectedOrders: 0,
    selectedRows: 0,
  };
  for (let k = 0; k < table.length; k++) {
    const r = table.firstRow[k] as number;
    const rows = table.rowCount[k] as number;
    const t = orders.tNs[r] as number;
    if (((orders.exchangeOrderType[r] as number) & config.centrePointMask) === 0) {
      c.nonCentrePointOrders++;
      c.nonCentrePointRows += rows;
    } else if (t < sessionStartNs || t >= sessionEndNs) {
      c.outsideSessionOrders++;
      c.outsideSessionRows += rows;
    } else if (wanted !== undefined && !wanted.has(orders.participantId[r] as number)) {
      c.otherParticipantOrders++;
      c.otherParticipantRows += rows;
    } else {
      selected[k] = 1;
      c.selectedOrders++;
      c.selectedRows += rows;
    }
  }
  return { selected, counts: c };
}
