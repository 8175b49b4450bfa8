/**
 * The per-order `orders` detail table of a job, declared once (see ./index.ts): from it derive its
 * CSV header (`JOB_ORDER_COLUMNS`), its CSV writer (io/outputs/orders-csv.ts) and its Parquet
 * writer (io/outputs/detail-parquet.ts). Each column's `value` names the partition's order column
 * (`OrderEvents`, model/tables/orders.ts) or the job's value it is written from.
 */
import type { OrderArrayKey, OrderDetailColumn } from "../detail-column.js";
import { DATE, ORDER_ID, SECURITY, SIDE } from "./columns.js";

/** `{ value }` of an `orders` column holding the partition's order column `key` as it is. */
const order = <K extends OrderArrayKey>(key: K): { value: { order: K } } => ({ value: { order: key } });

/**
 * `orders`: the partition's Centre Point order events (any bit of `analysis.centrePointMask`), in
 * partition order, with the input's columns (written, not read back).
 */
export const ORDERS_TABLE = [
  { ...ORDER_ID, ...order("orderId") },
  { name: "timestamp", type: "timestamp_ns", doc: "event time, ns since the Unix epoch (UTC)", ...order("tsNs") },
  { ...SECURITY, value: { job: "securityCode" } },
  { name: "price", type: "int64", doc: "limit price, integer ticks (0 for a market order)", ...order("priceTicks") },
  { ...SIDE, ...order("side") },
  { name: "changereason", type: "int32", doc: "the exchange's change reason code", ...order("changeReason") },
  { name: "orderstatus", type: "int32", doc: "the exchange's order status code", ...order("orderStatus") },
  { name: "quantity", type: "int64", doc: "order quantity, shares", ...order("qty") },
  { name: "leavesquantity", type: "int64", doc: "quantity left after the event, shares", ...order("leavesQty") },
  { name: "ordertype", type: "int32", doc: "1 limit, 2 market, 3 market-to-limit", ...order("orderType") },
  {
    name: "exchangeordertype",
    type: "int32",
    doc: "the exchange order type bit mask",
    ...order("exchangeOrderType"),
  },
  {
    name: "national_bid",
    type: "int64",
    doc: "national best bid on the row, ticks (0 = none)",
    ...order("nationalBidTicks"),
  },
  {
    name: "national_offer",
    type: "int64",
    doc: "national best offer on the row, ticks (0 = none)",
    ...order("nationalOfferTicks"),
  },
  { name: "participantid", type: "int32", doc: "the participant id", ...order("participantId") },
  { name: "minimumquantity", type: "int64", doc: "minimum execution quantity, shares", ...order("minQty") },
  {
    name: "singlefillminimumquantity",
    type: "int64",
    doc: "single-fill minimum quantity, shares",
    ...order("singleFillMinQty"),
  },
  { name: "sequence", type: "int64", doc: "the exchange's sequence number", ...order("sequence") },
  {
    name: "totalmatchedquantity",
    type: "int64",
    doc: "cumulative filled quantity after the event, shares",
    ...order("matchedQty"),
  },
  { ...DATE, value: { job: "date" } },
] as const satisfies readonly OrderDetailColumn[];
