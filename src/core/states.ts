import type { OrderEvents } from "../model/partition.js";

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
  /** orderId → order number. */
  index: Map<bigint, number>;
}

/** Builds the {@link OrderTable} of a partition in one pass (O(rows)). */
export function orderStates(orders: OrderEvents): OrderTable {
  const index = new Map<bigint, number>();
  const first: number[] = [];
  const last: number[] = [];
  const count: number[] = [];
  for (let r = 0; r < orders.length; r++) {
    const id = orders.orderId[r] as bigint;
    const k = index.get(id);
    if (k === undefined) {
      index.set(id, first.length);
      first.push(r);
      last.push(r);
      count.push(1);
    } else {
      last[k] = r;
      count[k] = (count[k] as number) + 1;
    }
  }
  const n = first.length;
  const orderId = new BigUint64Array(n);
  for (let k = 0; k < n; k++) orderId[k] = orders.orderId[first[k] as number] as bigint;
  return {
    length: n,
    orderId,
    firstRow: Int32Array.from(first),
    lastRow: Int32Array.from(last),
    rowCount: Int32Array.from(count),
    index,
  };
}
