import { join } from "node:path";
import { existsSync } from "node:fs";
import type { Batch } from "../csv/batch.js";
import { discoverInputs } from "../inputs/inputs.js";
import { openTable, type FileReport } from "../csv/reader.js";
import { decimalsOf, loadInstruments } from "../inputs/reference.js";
import { DEFAULT_DECIMALS } from "../../model/price.js";
import type { OrderEvents, Partition, TradeLegs } from "../../model/partition.js";
import type { NbboColumns, OrderColumns, TradeColumns } from "../../model/schemas.js";
import {
  allocPartitionColumns,
  compareTied,
  narrowed,
  partitionColumnsOf,
  type PartitionColumnsOf,
  type TableDef,
  tieColumnsOf,
} from "../../model/table-spec.js";
import { NBBO_TABLE } from "../../model/tables/nbbo.js";
import { ORDER_TABLE } from "../../model/tables/orders.js";
import { TRADE_TABLE } from "../../model/tables/trades.js";
import { nsSinceLocalMidnight } from "../../model/time.js";
import type { RowReject } from "../../model/errors.js";

/** Options of {@link loadPartitions}. */
export interface LoadOptions {
  /**
   * ob.csv for DecimalsInPrice; default: an `ob.csv` in an input folder, else the one instruments
   * table found among the inputs (by header), if exactly one.
   */
  instrumentsPath?: string;
  /** Keep only these partitions (`${securityCode}|${date}` keys); default all. */
  only?: ReadonlySet<string>;
  /** Receives every rejected row. */
  onReject?: (r: RowReject) => void;
}

/** The loaded partitions (sorted by security, date) and the per-file accounting. */
export interface LoadedPartitions {
  partitions: Partition[];
  files: FileReport[];
}

interface Rows {
  orders: { b: Batch<OrderColumns>; i: number }[];
  trades: { b: Batch<TradeColumns>; i: number }[];
  quotes: { b: Batch<NbboColumns>; i: number }[];
}

/**
 * Reads order, trade and NBBO files into in-memory {@link Partition}s, one per (security, Sydney
 * date), rows sorted by (tNs, sequence, then the other stored values, as `readPartition` does). Meant for small data (sample_data, tests, one notebook
 * subset); the scaled run reads from the partition store instead. Inputs as `discoverInputs` finds
 * them (tables by header, each file once). Errors as {@link discoverInputs} and {@link openTable}.
 */
export async function loadPartitions(inputs: readonly string[], options: LoadOptions = {}): Promise<LoadedPartitions> {
  const listing = await discoverInputs(inputs);
  const files = listing.data.map((d) => d.file);
  const found = listing.reference.filter((r) => r.table === "instruments");
  const ob =
    options.instrumentsPath ??
    inputs.map((i) => join(i, "ob.csv")).find((p) => existsSync(p)) ??
    (found.length === 1 ? found[0]?.file : undefined);
  const instruments = ob === undefined ? new Map() : await loadInstruments(ob);
  const groups = new Map<string, Rows>();
  const rowsOf = (key: string): Rows => {
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { orders: [], trades: [], quotes: [] }));
    return g;
  };
  const reports: FileReport[] = [];
  for (const f of files) {
    const reader = await openTable(f, options.onReject === undefined ? {} : { onReject: options.onReject });
    for await (const batch of reader) {
      const sec = batch.columns[reader.spec.securityColumn] as string[];
      for (let i = 0; i < batch.length; i++) {
        const key = `${sec[i] as string}|${batch.tradingDate[i] as string}`;
        if (options.only !== undefined && !options.only.has(key)) continue;
        const g = rowsOf(key);
        if (batch.table === "orders") g.orders.push({ b: batch as Batch<OrderColumns>, i });
        else if (batch.table === "trades") g.trades.push({ b: batch as Batch<TradeColumns>, i });
        else g.quotes.push({ b: batch as Batch<NbboColumns>, i });
      }
    }
    reports.push(reader.report);
  }
  const partitions = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => {
      const [securityCode = "", date = ""] = key.split("|");
      const decimals = instruments.size === 0 ? DEFAULT_DECIMALS : decimalsOf(instruments, securityCode);
      const orders: OrderEvents = toColumns(ORDER_TABLE, g.orders);
      const trades: TradeLegs = toColumns(TRADE_TABLE, g.trades);
      const p: Partition = { securityCode, date, decimals, orders, trades };
      if (g.quotes.length > 0) p.quotes = toColumns(NBBO_TABLE, g.quotes);
      return p;
    });
  return { partitions, files: reports };
}

/**
 * Rows with their partition time `t` (ns since local midnight of the exact timestamp `time` gives),
 * sorted by (t, sequence), rows tied on both by `tied` (their other stored values, as the store's
 * reader orders them); rows equal in all of these keep read order (Array.prototype.sort is stable),
 * which changes nothing.
 */
function sortedRows<R>(
  rows: readonly R[],
  time: (r: R) => bigint,
  sequence: (r: R) => number,
  tied: (a: R, b: R) => number,
): (R & { t: number })[] {
  const keyed = rows.map((r) => ({ ...r, t: nsSinceLocalMidnight(time(r)), s: sequence(r) }));
  return keyed.sort((a, b) => a.t - b.t || a.s - b.s || tied(a, b));
}

/**
 * A table's partition columns from parsed rows, sorted by (tNs, sequence, then the other stored
 * values: {@link tieColumnsOf}): every column the table
 * declares with a `partition` array (model/tables/), copied under its field.
 */
function toColumns<T extends TableDef>(
  def: T,
  rows: readonly { b: Batch; i: number }[],
): PartitionColumnsOf<T> & { length: number; tNs: Float64Array } {
  const ties = tieColumnsOf(def);
  const value = (r: { b: Batch; i: number }, c: number): bigint | number | undefined =>
    r.b.columns[ties[c] as string]?.[r.i] as bigint | number | undefined;
  const keyed = sortedRows(
    rows,
    (r) => r.b.columns[def.timeColumn]?.[r.i] as bigint,
    (r) => r.b.columns[def.sequenceColumn]?.[r.i] as number,
    (a, b) => compareTied(ties.length, (c, row) => value(row === 0 ? a : b, c)),
  );
  const out = allocPartitionColumns(def, keyed.length);
  keyed.forEach(({ t }, r) => (out.tNs[r] = t));
  for (const p of partitionColumnsOf(def)) {
    const to = (out as Record<string, unknown>)[p.field] as unknown[];
    keyed.forEach(({ b, i }, r) => (to[r] = b.columns[p.name]?.[i]));
    // As the store's reader gives it: narrow when every value fits.
    if (p.array === "IntColumn") (out as Record<string, unknown>)[p.field] = narrowed(to as unknown as Float64Array);
  }
  return out;
}
