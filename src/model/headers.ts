import { headerOf, type HeaderOf } from "./table-spec.js";
import { NBBO_TABLE } from "./tables/nbbo.js";
import { ORDER_TABLE } from "./tables/orders.js";
import { TRADE_TABLE } from "./tables/trades.js";

/**
 * Header names of the ASX Genium INET "Direct Drop" extracts, in the order the exchange writes
 * them, derived from the table declarations (model/tables/). Readers match columns by name, so a
 * file may order them differently; writers (the generator, CSV outputs) use exactly this order.
 */
export const ORDER_HEADER: readonly OrderColumn[] = headerOf(ORDER_TABLE);

/** Trades file header: one row per leg, two legs per match sharing `matchgroupid`. */
export const TRADE_HEADER: readonly TradeColumn[] = headerOf(TRADE_TABLE);

/** National best bid/offer file header (`tradedate` and `timestamp` are ns since the epoch). */
export const NBBO_HEADER: readonly NbboColumn[] = headerOf(NBBO_TABLE);

/** A column name of the orders file. */
export type OrderColumn = HeaderOf<typeof ORDER_TABLE>;
/** A column name of the trades file. */
export type TradeColumn = HeaderOf<typeof TRADE_TABLE>;
/** A column name of the NBBO file. */
export type NbboColumn = HeaderOf<typeof NBBO_TABLE>;
