import { allocPartitionColumns, type PartitionColumnsOf } from "./table-spec.js";
import { NBBO_TABLE } from "./tables/nbbo.js";
import { ORDER_TABLE } from "./tables/orders.js";
import { TRADE_TABLE } from "./tables/trades.js";

/**
 * The input of one analysis job: every row of one (security, Sydney trading date) partition, in
 * typed columns (plain, structured-cloneable). Times inside a partition are `tNs`: nanoseconds since
 * Sydney local midnight of the partition's date, a JS number that is exact (< 8.64e13 < 2^53);
 * the exact UTC `tsNs` bigint is kept beside it for output. Rows are sorted by (tNs, sequence),
 * rows tied on both by their other stored values (`tieColumnsOf`, model/table-spec.ts), so that
 * their order depends on the rows alone, never on the files they came from.
 */

/** The columns every partition table has besides its declared ones. */
export interface PartitionRows {
  length: number;
  /** ns since Sydney local midnight of the partition date. */
  tNs: Float64Array;
}

/**
 * Order event rows of one partition, sorted by (tNs, sequence): the ORDER_TABLE columns declared
 * with a `partition` array (model/tables/orders.ts documents each: `tsNs` the exact UTC timestamp,
 * `priceTicks`, `qty`, `matchedQty` = totalmatchedquantity, `nationalBidTicks` (0 = none), …).
 */
export interface OrderEvents extends PartitionRows, PartitionColumnsOf<typeof ORDER_TABLE> {}

/** Trade legs of one partition, sorted by (tNs, sequence). Two legs per match share `matchGroupId`. */
export interface TradeLegs extends PartitionRows, PartitionColumnsOf<typeof TRADE_TABLE> {}

/** National best bid/offer quotes, sorted by (tNs, sequence) as above: `bidTicks`, `offerTicks`. */
export interface QuoteSeries extends PartitionRows, PartitionColumnsOf<typeof NBBO_TABLE> {}

/** One (security, date) partition: the unit of work of a job. */
export interface Partition {
  securityCode: string;
  /** Sydney trading date, YYYY-MM-DD. */
  date: string;
  /** Implied price decimals (ob.csv DecimalsInPrice): ticks / 10^decimals = AUD. */
  decimals: number;
  orders: OrderEvents;
  trades: TradeLegs;
  /** NBBO file quotes when given; otherwise the analysis uses the row snapshots. */
  quotes?: QuoteSeries;
}

/** Allocates empty order columns for `n` rows. */
export function allocOrderEvents(n: number): OrderEvents {
  return allocPartitionColumns(ORDER_TABLE, n);
}

/** Allocates empty trade columns for `n` legs. */
export function allocTradeLegs(n: number): TradeLegs {
  return allocPartitionColumns(TRADE_TABLE, n);
}

/** Allocates empty quote columns for `n` quotes. */
export function allocQuoteSeries(n: number): QuoteSeries {
  return allocPartitionColumns(NBBO_TABLE, n);
}
