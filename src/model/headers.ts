/**
 * Header names of the ASX Genium INET "Direct Drop" extracts, in the order the exchange writes
 * them (ARCHITECTURE.md §1). Readers match columns by name, so a file may order them differently;
 * writers (the generator, CSV outputs) use exactly this order.
 */
export const ORDER_HEADER = [
  "order_id",
  "exchange",
  "timestamp",
  "security_code",
  "price",
  "side",
  "changereason",
  "orderstatus",
  "quantity",
  "leavesquantity",
  "ordertype",
  "exchangeordertype",
  "national_bid",
  "national_offer",
  "bid",
  "offer",
  "participantid",
  "preferenceonly",
  "midtick",
  "singlefillminimumquantity",
  "minimumquantity",
  "sequence",
  "crossingkey",
  "totalmatchedquantity",
  "shortsellquantity",
  "triggercondition",
  "timevaliditydecoded",
  "row_num",
  "timevalidity",
  "date",
] as const;

/** Trades file header: one row per leg, two legs per match sharing `matchgroupid`. */
export const TRADE_HEADER = [
  "EXCHANGE",
  "sequence",
  "tradedate",
  "tradetime",
  "securitycode",
  "orderid",
  "dealsource",
  "dealsourcedecoded",
  "exchangeinfo",
  "matchgroupid",
  "nationalbidpricesnapshot",
  "nationalofferpricesnapshot",
  "tradeprice",
  "quantity",
  "side",
  "sidedecoded",
  "participantid",
  "passiveaggressive",
  "row_num",
] as const;

/** National best bid/offer file header (`tradedate` and `timestamp` are ns since the epoch). */
export const NBBO_HEADER = [
  "partition",
  "sequence",
  "tradedate",
  "bidprice",
  "creationtime",
  "offerprice",
  "orderbookid",
  "timestamp",
  "userid",
  "runid",
] as const;

/** A column name of the orders file. */
export type OrderColumn = (typeof ORDER_HEADER)[number];
/** A column name of the trades file. */
export type TradeColumn = (typeof TRADE_HEADER)[number];
/** A column name of the NBBO file. */
export type NbboColumn = (typeof NBBO_HEADER)[number];
