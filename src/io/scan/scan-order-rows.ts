/**
 * What a run will make of a partition's order rows, counted by a scan: the counts core
 * `orderShapeOf` decides from (the run's own rule, so that the scan's word is the run's).
 */

import { orderShapeOf, type OrderShape } from "../../core/order-shape.js";
import { CHANGE_REASON } from "../../model/codes.js";

/**
 * One scan part's order rows of one partition ({@link OrderRows.part}), for {@link mergeOrderRows}:
 * its distinct order ids with the key and kind of each id's row, or `undefined` once an id was met
 * on two rows with different keys (then not every order is on one row, whatever other parts hold).
 */
export interface OrderRowsPart {
  keys?: {
    ids: BigUint64Array;
    /** The row's timestamp as 32-bit halves, and its sequence. */
    tsHi: Uint32Array;
    tsLo: Uint32Array;
    sequence: Float64Array;
    /** 1 when the row is a placement (changereason 6 or 29). */
    placement: Uint8Array;
  };
}

/**
 * The order rows of one partition as a run counts them for its shape: rows, placements among them,
 * and whether every order id is on one row. A row with the order id, timestamp and sequence of an
 * earlier row is a repeat (a resent row), left out as the run's default `duplicates: drop` does.
 * Two limits, both toward "events": a repeat whose other fields differ is kept by the run (so an
 * id on two rows, events) but left out here, and under `duplicates: keep` the run keeps repeats.
 * The ids are kept only while every order is on one row: event data stops at its first order with
 * a second event, so only final-state data costs a map entry per order.
 */
export class OrderRows {
  /** Rows, repeats left out. */
  rows = 0;
  /** Rows that are placements (changereason 6 or 29), repeats left out. */
  placementRows = 0;
  private ids: Map<bigint, number> | undefined = new Map();
  private readonly tsHi: number[] = [];
  private readonly tsLo: number[] = [];
  private readonly sequence: number[] = [];
  private readonly placement: number[] = [];

  /** Counts one order row: its id, timestamp halves, sequence and changereason. */
  add(id: bigint, hi: number, lo: number, sequence: number, changeReason: number): void {
    const placed = changeReason === CHANGE_REASON.new || changeReason === CHANGE_REASON.newInactive ? 1 : 0;
    const ids = this.ids;
    if (ids !== undefined) {
      const at = ids.get(id);
      if (at !== undefined) {
        if (this.tsHi[at] === hi && this.tsLo[at] === lo && this.sequence[at] === sequence) return; // a repeat
        this.ids = undefined; // an order with two rows: events, and its ids are no longer needed
      } else {
        ids.set(id, this.tsHi.length);
        this.tsHi.push(hi);
        this.tsLo.push(lo);
        this.sequence.push(sequence);
        this.placement.push(placed);
      }
    }
    this.rows++;
    this.placementRows += placed;
  }

  /** What a run will make of these rows: core `orderShapeOf` of the counts. */
  shape(): OrderShape {
    return orderShapeOf({ rows: this.rows, placementRows: this.placementRows, everyOrderOnce: this.ids !== undefined });
  }

  /** This part's rows for {@link mergeOrderRows}. */
  part(): OrderRowsPart {
    if (this.ids === undefined) return {};
    return {
      keys: {
        ids: BigUint64Array.from([...this.ids.keys()]),
        tsHi: Uint32Array.from(this.tsHi),
        tsLo: Uint32Array.from(this.tsLo),
        sequence: Float64Array.from(this.sequence),
        placement: Uint8Array.from(this.placement),
      },
    };
  }
}

/**
 * The order rows of one partition over the parts of a parallel scan, in file and range order:
 * exactly what one {@link OrderRows} over the whole files counts (each part's distinct rows are
 * counted again in order, so a row repeated across parts is left out once, as one reader would).
 * `undefined` when some part met an order on two rows (the partition is then events).
 */
export function mergeOrderRows(parts: readonly OrderRowsPart[]): OrderRows | undefined {
  const all = new OrderRows();
  for (const p of parts) {
    const k = p.keys;
    if (k === undefined) return undefined;
    for (let i = 0; i < k.ids.length; i++)
      all.add(
        k.ids[i] as bigint,
        k.tsHi[i] as number,
        k.tsLo[i] as number,
        k.sequence[i] as number,
        k.placement[i] === 1 ? CHANGE_REASON.new : -1,
      );
  }
  return all;
}
