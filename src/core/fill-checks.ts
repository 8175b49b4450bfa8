import { CHANGE_REASON } from "../model/codes.js";
import type { OrderEvents } from "../model/partition.js";
import type { RealFills } from "./match.js";
import type { OrderSummary, OrderTable } from "./states.js";

/*
 * The orders whose trade legs disagree with their own rows: legs beyond the order's quantity
 * (overfilled), or fewer shares in the legs than the rows report matched (short-filled).
 */

/** An order filled beyond its quantity: its id, quantity (final state) and Σ trade leg quantity. */
export interface OverfilledOrder {
  orderId: bigint;
  qty: number;
  filledQty: number;
}

/** Orders of the table whose real filled quantity exceeds their quantity (final state). */
export function overfilledOrders(
  orders: OrderEvents,
  table: OrderSummary,
  fills: RealFills,
  maxSample = 10,
): { count: number; excessQty: number; sample: OverfilledOrder[] } {
  const sample: OverfilledOrder[] = [];
  let count = 0;
  let excessQty = 0;
  for (let k = 0; k < table.length; k++) {
    const qty = orders.qty[table.lastRow[k] as number] as number;
    const filled = fills.filledQty[k] as number;
    if (filled <= qty) continue;
    count++;
    excessQty += filled - qty;
    if (sample.length < maxSample) sample.push({ orderId: table.orderId[k] as bigint, qty, filledQty: filled });
  }
  return { count, excessQty, sample };
}

/**
 * A Centre Point order the exchange reports filled beyond its trade legs: its id, the quantity its
 * order rows report matched on the job's date (`matchedQty`, shares) and Σ its trade legs'
 * quantity (`filledQty`, shares); `matchedQty − filledQty` shares of its trades are missing.
 */
export interface ShortFilledOrder {
  orderId: bigint;
  matchedQty: number;
  filledQty: number;
}

/** The short-filled orders of a job: how many, Σ missing shares, and the first `maxSample` of them. */
export interface ShortFilled {
  count: number;
  missingQty: number;
  sample: ShortFilledOrder[];
}

/** No short-filled order (a job without any trade leg: see `dataQuality`). */
export function noShortFilled(): ShortFilled {
  return { count: 0, missingQty: 0, sample: [] };
}

/**
 * The quantity each order's rows report matched on the partition's date, shares: the largest
 * `totalmatchedquantity` of its rows (cumulative, so its final value; the largest, so a repeated
 * row, an amendment or a cancel row reporting less does not lower it), less the value on its first
 * row when that row is a reload (changereason 30/31: matched on an earlier day, before the
 * partition's trades). A final-state order (one row) reports its last row's value. O(rows).
 */
export function reportedMatchedQty(
  orders: Pick<OrderEvents, "length" | "matchedQty" | "changeReason">,
  table: Pick<OrderTable, "length" | "firstRow" | "rowOrder">,
): Float64Array {
  const max = new Float64Array(table.length);
  for (let r = 0; r < orders.length; r++) {
    const k = table.rowOrder[r] as number;
    const m = orders.matchedQty[r] as number;
    if (m > (max[k] as number)) max[k] = m;
  }
  for (let k = 0; k < table.length; k++) {
    const first = table.firstRow[k] as number;
    const reason = orders.changeReason[first] as number;
    if (reason !== CHANGE_REASON.reloaded && reason !== CHANGE_REASON.reloadedIntraday) continue;
    max[k] = Math.max(0, (max[k] as number) - (orders.matchedQty[first] as number));
  }
  return max;
}

/**
 * The Centre Point orders (a bit of `centrePointMask` on their first row) whose rows report more
 * matched ({@link reportedMatchedQty}) than their trade legs add up to (`fills.filledQty`): trades
 * missing from the trades extract, so their real fill, VWAP and savings are understated. An order
 * reporting 0 (or no value: 0) is never counted. `sample`: the first `maxSample` in order of first
 * appearance. Pure, O(rows).
 */
export function shortFilledOrders(
  orders: Pick<OrderEvents, "length" | "matchedQty" | "changeReason" | "exchangeOrderType">,
  table: Pick<OrderTable, "length" | "orderId" | "firstRow" | "rowOrder">,
  fills: Pick<RealFills, "filledQty">,
  centrePointMask: number,
  maxSample = 10,
): ShortFilled {
  const reported = reportedMatchedQty(orders, table);
  const out = noShortFilled();
  for (let k = 0; k < table.length; k++) {
    if (((orders.exchangeOrderType[table.firstRow[k] as number] as number) & centrePointMask) === 0) continue;
    const matchedQty = reported[k] as number;
    const filledQty = fills.filledQty[k] as number;
    if (matchedQty <= filledQty) continue;
    out.count++;
    out.missingQty += matchedQty - filledQty;
    if (out.sample.length < maxSample) out.sample.push({ orderId: table.orderId[k] as bigint, matchedQty, filledQty });
  }
  return out;
}
