import { z } from "zod";
import { fieldSchema, type FieldKind, type FieldValue } from "./fields.js";
import { headerOf, kindsOf, requiredOf, type KindsOf, type TableDef, type TableKind } from "./table-spec.js";
import { NBBO_TABLE } from "./tables/nbbo.js";
import { ORDER_TABLE } from "./tables/orders.js";
import { TRADE_TABLE } from "./tables/trades.js";

/** A file's columns: header name → field kind. */
export type ColumnSpec = Readonly<Record<string, FieldKind>>;

/**
 * One file kind as the readers use it, derived from its declaration (model/tables/): its columns
 * in writing order, which of them must be present, and its time and security columns.
 */
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

export type { TableKind } from "./table-spec.js";

/** Order event columns and their kinds (from ORDER_TABLE). */
export const ORDER_COLUMNS: OrderColumns = kindsOf(ORDER_TABLE);

/** Trade leg columns and their kinds (from TRADE_TABLE). */
export const TRADE_COLUMNS: TradeColumns = kindsOf(TRADE_TABLE);

/** NBBO columns and their kinds (from NBBO_TABLE). */
export const NBBO_COLUMNS: NbboColumns = kindsOf(NBBO_TABLE);

/** Column kinds of the orders file. */
export type OrderColumns = KindsOf<typeof ORDER_TABLE>;
/** Column kinds of the trades file. */
export type TradeColumns = KindsOf<typeof TRADE_TABLE>;
/** Column kinds of the NBBO file. */
export type NbboColumns = KindsOf<typeof NBBO_TABLE>;

/** The readers' view of a table declaration: field kinds, header, required set, time and security columns. */
export function tableSpecOf<T extends TableDef>(def: T): TableSpec<KindsOf<T>> {
  return {
    kind: def.kind,
    columns: kindsOf(def),
    header: headerOf(def),
    required: requiredOf(def),
    timeColumn: def.timeColumn,
    securityColumn: def.securityColumn,
  };
}

/** Orders: every column the analysis uses is required; the rest default to 0 / "" when absent. */
export const ORDERS: TableSpec<OrderColumns> = tableSpecOf(ORDER_TABLE);

/** Trades: one row per leg. */
export const TRADES: TableSpec<TradeColumns> = tableSpecOf(TRADE_TABLE);

/** National best bid/offer quotes. */
export const NBBO: TableSpec<NbboColumns> = tableSpecOf(NBBO_TABLE);

/** The spec of each table kind. */
export const TABLES = { orders: ORDERS, trades: TRADES, nbbo: NBBO } as const;

/** The zod shape of a row: one text-to-value field schema per column. */
export type RowShape<S extends ColumnSpec> = { [K in keyof S]: z.ZodType<FieldValue[S[K]], string> };

/** The zod schema of a row of these columns: one text-to-value field schema per column (model/fields.ts). */
export function rowSchema<S extends ColumnSpec>(columns: S): z.ZodObject<RowShape<S>> {
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
