import { z } from "zod";
import { fieldSchema, type FieldKind, type FieldValue } from "./fields.js";
import { NBBO_HEADER, ORDER_HEADER, TRADE_HEADER } from "./headers.js";

/** A file's columns: header name → field kind. */
export type ColumnSpec = Readonly<Record<string, FieldKind>>;

/** One file kind: its columns in writing order, which of them must be present, and its time column. */
export interface TableSpec<S extends ColumnSpec = ColumnSpec> {
  kind: TableKind;
  columns: S;
  header: readonly (keyof S & string)[];
  required: ReadonlySet<keyof S & string>;
  /** The ns timestamp column that assigns a row to its trading date. */
  timeColumn: keyof S & string;
  /** The column that names the security. */
  securityColumn: keyof S & string;
}

/** The input tables sweeplab reads. */
export type TableKind = "orders" | "trades" | "nbbo";

/** Order event columns and their kinds (ARCHITECTURE.md §1). */
export const ORDER_COLUMNS = {
  order_id: "u64",
  exchange: "int",
  timestamp: "ns",
  security_code: "security",
  price: "price",
  side: "side",
  changereason: "changereason",
  orderstatus: "orderstatus",
  quantity: "qty",
  leavesquantity: "qty",
  ordertype: "ordertype",
  exchangeordertype: "otype",
  national_bid: "quote",
  national_offer: "quote",
  bid: "quote",
  offer: "quote",
  participantid: "int",
  preferenceonly: "int",
  midtick: "int",
  singlefillminimumquantity: "qty",
  minimumquantity: "qty",
  sequence: "int",
  crossingkey: "text",
  totalmatchedquantity: "qty",
  shortsellquantity: "qty",
  triggercondition: "text",
  timevaliditydecoded: "text",
  row_num: "text",
  timevalidity: "text",
  date: "text",
} as const satisfies Record<(typeof ORDER_HEADER)[number], FieldKind>;

/** Trade leg columns and their kinds. */
export const TRADE_COLUMNS = {
  EXCHANGE: "int",
  sequence: "int",
  tradedate: "date",
  tradetime: "ns",
  securitycode: "security",
  orderid: "u64",
  dealsource: "dealsource",
  dealsourcedecoded: "text",
  exchangeinfo: "text",
  matchgroupid: "u64",
  nationalbidpricesnapshot: "quote",
  nationalofferpricesnapshot: "quote",
  tradeprice: "price",
  quantity: "qty",
  side: "side",
  sidedecoded: "text",
  participantid: "int",
  passiveaggressive: "pa",
  row_num: "text",
} as const satisfies Record<(typeof TRADE_HEADER)[number], FieldKind>;

/** NBBO columns and their kinds. */
export const NBBO_COLUMNS = {
  partition: "int",
  sequence: "int",
  tradedate: "ns",
  bidprice: "quote",
  creationtime: "ns",
  offerprice: "quote",
  orderbookid: "security",
  timestamp: "ns",
  userid: "text",
  runid: "text",
} as const satisfies Record<(typeof NBBO_HEADER)[number], FieldKind>;

/** Column kinds of the orders file. */
export type OrderColumns = typeof ORDER_COLUMNS;
/** Column kinds of the trades file. */
export type TradeColumns = typeof TRADE_COLUMNS;
/** Column kinds of the NBBO file. */
export type NbboColumns = typeof NBBO_COLUMNS;

/** Orders: every column the analysis uses is required; the rest default to 0 / "" when absent. */
export const ORDERS: TableSpec<OrderColumns> = {
  kind: "orders",
  columns: ORDER_COLUMNS,
  header: ORDER_HEADER,
  required: new Set([
    "order_id",
    "timestamp",
    "security_code",
    "price",
    "side",
    "changereason",
    "quantity",
    "leavesquantity",
    "ordertype",
    "exchangeordertype",
    "participantid",
    "sequence",
    "totalmatchedquantity",
  ]),
  timeColumn: "timestamp",
  securityColumn: "security_code",
};

/** Trades: one row per leg. */
export const TRADES: TableSpec<TradeColumns> = {
  kind: "trades",
  columns: TRADE_COLUMNS,
  header: TRADE_HEADER,
  required: new Set([
    "sequence",
    "tradetime",
    "securitycode",
    "orderid",
    "dealsource",
    "matchgroupid",
    "tradeprice",
    "quantity",
    "side",
    "participantid",
  ]),
  timeColumn: "tradetime",
  securityColumn: "securitycode",
};

/** National best bid/offer quotes. */
export const NBBO: TableSpec<NbboColumns> = {
  kind: "nbbo",
  columns: NBBO_COLUMNS,
  header: NBBO_HEADER,
  required: new Set(["sequence", "bidprice", "offerprice", "orderbookid", "timestamp"]),
  timeColumn: "timestamp",
  securityColumn: "orderbookid",
};

/** The spec of each table kind. */
export const TABLES = { orders: ORDERS, trades: TRADES, nbbo: NBBO } as const;

/** The zod shape of a row: one text-to-value field schema per column. */
export type RowShape<S extends ColumnSpec> = { [K in keyof S]: z.ZodType<FieldValue[S[K]], string> };

function rowSchema<S extends ColumnSpec>(columns: S): z.ZodObject<RowShape<S>> {
  const shape = Object.fromEntries(Object.entries(columns).map(([name, kind]) => [name, fieldSchema(kind)]));
  return z.object(shape as RowShape<S>);
}

/** One order event row, parsed exactly from its CSV text (ids and timestamps as bigint). */
export const OrderRow = rowSchema(ORDER_COLUMNS);
export type OrderRow = z.infer<typeof OrderRow>;

/** One trade leg row. */
export const TradeRow = rowSchema(TRADE_COLUMNS);
export type TradeRow = z.infer<typeof TradeRow>;

/** One NBBO quote row. */
export const NbboRow = rowSchema(NBBO_COLUMNS);
export type NbboRow = z.infer<typeof NbboRow>;
