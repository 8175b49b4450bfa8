import type { OrderEvents } from "../model/partition.js";
import { OrderIdIndex } from "./order-index.js";

/**
 * Every order of a partition with its first state (placement) and last state (final) rows. Rows are
 * sorted by (tNs, sequence), so an order's first row is its earliest event and its last row its
 * final state. Orders are numbered densely in order of first appearance.
 */
export interface OrderTable {
  length: number;
  orderId: BigUint64Array;
  /** Row (in OrderEvents) of the order's first event. */
  firstRow: Int32Array;
  /** Row of the order's last event: its final state. */
  lastRow: Int32Array;
  /** Number of event rows of the order. */
  rowCount: Int32Array;
  /** Order number of every event row (one entry per row of OrderEvents). */
  rowOrder: Int32Array;
  /** orderId → order number (`lookup(id)`, or `find(lo, hi)` on 32-bit words without a `bigint`). */
  index: OrderIdIndex;
}

/**
 * An {@link OrderTable} without its per-row and lookup parts (`rowOrder`, `index`): all that the
 * stages after the replays read, so a job can let those go (8 bytes an order row) before them.
 */
export type OrderSummary = Omit<OrderTable, "rowOrder" | "index">;

/**
 * Builds the {@link OrderTable} of a partition in two passes (O(rows)), reading the ids as 32-bit
 * word pairs: no `bigint` is created per row, and besides `rowOrder` nothing is allocated per row
 * (the per-order columns are sized by the number of orders).
 */
export function orderStates(orders: OrderEvents): OrderTable {
  const rows = orders.length;
  const words = new Uint32Array(orders.orderId.buffer, orders.orderId.byteOffset, 2 * rows);
  const index = new OrderIdIndex(rows >>> 2);
  const rowOrder = new Int32Array(rows);
  for (let r = 0; r < rows; r++) rowOrder[r] = index.intern(words[2 * r] as number, words[2 * r + 1] as number);
  const n = index.size;
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const count = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    const k = rowOrder[r] as number;
    if (count[k] === 0) first[k] = r;
    last[k] = r;
    count[k] = (count[k] as number) + 1;
  }
  return { length: n, orderId: index.orderIds(), firstRow: first, lastRow: last, rowCount: count, rowOrder, index };
}
