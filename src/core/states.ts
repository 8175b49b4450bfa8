import type { OrderEvents } from "../model/partition.js";
import { U64IdMap } from "./simulate-ids.js";

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
  index: U64IdMap;
}

/**
 * Builds the {@link OrderTable} of a partition in one pass (O(rows)), reading the ids as 32-bit
 * word pairs: no `bigint` is created per row.
 */
export function orderStates(orders: OrderEvents): OrderTable {
  const rows = orders.length;
  const index = new U64IdMap(orders.orderId, rows >>> 2);
  const first = new Int32Array(rows);
  const last = new Int32Array(rows);
  const count = new Int32Array(rows);
  const rowOrder = new Int32Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    let k = index.get(r);
    if (k === undefined) {
      k = n++;
      index.add(r, k);
      first[k] = r;
    }
    last[k] = r;
    count[k] = (count[k] as number) + 1;
    rowOrder[r] = k;
  }
  const orderId = new BigUint64Array(n);
  const from = new Uint32Array(orders.orderId.buffer, orders.orderId.byteOffset, 2 * rows);
  const to = new Uint32Array(orderId.buffer);
  for (let k = 0; k < n; k++) {
    const f = first[k] as number;
    to[2 * k] = from[2 * f] as number;
    to[2 * k + 1] = from[2 * f + 1] as number;
  }
  return {
    length: n,
    orderId,
    firstRow: first.slice(0, n),
    lastRow: last.slice(0, n),
    rowCount: count.slice(0, n),
    rowOrder,
    index,
  };
}
