import { join } from "node:path";
import { existsSync } from "node:fs";
import type { Batch } from "../csv/batch.js";
import { discoverInputs } from "../inputs/inputs.js";
import { openTable, type FileReport } from "../csv/reader.js";
import { decimalsOf, loadInstruments } from "../inputs/reference.js";
import { DEFAULT_DECIMALS } from "../../model/price.js";
import {
  allocOrderEvents,
  allocQuoteSeries,
  allocTradeLegs,
  type OrderEvents,
  type Partition,
  type QuoteSeries,
  type TradeLegs,
} from "../../model/partition.js";
import type { NbboColumns, OrderColumns, TradeColumns } from "../../model/schemas.js";
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
 * date), rows sorted by (tNs, sequence). Meant for small data (sample_data, tests, one notebook
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
      const p: Partition = { securityCode, date, decimals, orders: toOrders(g.orders), trades: toTrades(g.trades) };
      if (g.quotes.length > 0) p.quotes = toQuotes(g.quotes);
      return p;
    });
  return { partitions, files: reports };
}

/**
 * Rows with their partition time `t` (ns since local midnight of the exact timestamp `time` gives),
 * sorted by (t, sequence); ties keep read order (Array.prototype.sort is stable).
 */
function sortedRows<R>(rows: readonly R[], time: (r: R) => bigint, sequence: (r: R) => number): (R & { t: number })[] {
  const keyed = rows.map((r) => ({ ...r, t: nsSinceLocalMidnight(time(r)), s: sequence(r) }));
  return keyed.sort((a, b) => a.t - b.t || a.s - b.s);
}

function toOrders(rows: Rows["orders"]): OrderEvents {
  const keyed = sortedRows(
    rows,
    (r) => r.b.columns.timestamp[r.i] as bigint,
    (r) => r.b.columns.sequence[r.i] as number,
  );
  const o = allocOrderEvents(keyed.length);
  keyed.forEach(({ b, i, t }, r) => {
    const c = b.columns;
    o.orderId[r] = c.order_id[i] as bigint;
    o.tsNs[r] = c.timestamp[i] as bigint;
    o.tNs[r] = t;
    o.sequence[r] = c.sequence[i] as number;
    o.priceTicks[r] = c.price[i] as number;
    o.side[r] = c.side[i] as number;
    o.changeReason[r] = c.changereason[i] as number;
    o.orderStatus[r] = c.orderstatus[i] as number;
    o.orderType[r] = c.ordertype[i] as number;
    o.exchangeOrderType[r] = c.exchangeordertype[i] as number;
    o.qty[r] = c.quantity[i] as number;
    o.leavesQty[r] = c.leavesquantity[i] as number;
    o.matchedQty[r] = c.totalmatchedquantity[i] as number;
    o.minQty[r] = c.minimumquantity[i] as number;
    o.singleFillMinQty[r] = c.singlefillminimumquantity[i] as number;
    o.nationalBidTicks[r] = c.national_bid[i] as number;
    o.nationalOfferTicks[r] = c.national_offer[i] as number;
    o.participantId[r] = c.participantid[i] as number;
  });
  return o;
}

function toTrades(rows: Rows["trades"]): TradeLegs {
  const keyed = sortedRows(
    rows,
    (r) => r.b.columns.tradetime[r.i] as bigint,
    (r) => r.b.columns.sequence[r.i] as number,
  );
  const l = allocTradeLegs(keyed.length);
  keyed.forEach(({ b, i, t }, r) => {
    const c = b.columns;
    l.orderId[r] = c.orderid[i] as bigint;
    l.matchGroupId[r] = c.matchgroupid[i] as bigint;
    l.tsNs[r] = c.tradetime[i] as bigint;
    l.tNs[r] = t;
    l.sequence[r] = c.sequence[i] as number;
    l.priceTicks[r] = c.tradeprice[i] as number;
    l.qty[r] = c.quantity[i] as number;
    l.side[r] = c.side[i] as number;
    l.dealSource[r] = c.dealsource[i] as number;
    l.participantId[r] = c.participantid[i] as number;
    l.passiveAggressive[r] = c.passiveaggressive[i] as number;
    l.nationalBidTicks[r] = c.nationalbidpricesnapshot[i] as number;
    l.nationalOfferTicks[r] = c.nationalofferpricesnapshot[i] as number;
  });
  return l;
}

function toQuotes(rows: Rows["quotes"]): QuoteSeries {
  const keyed = sortedRows(
    rows,
    (r) => r.b.columns.timestamp[r.i] as bigint,
    (r) => r.b.columns.sequence[r.i] as number,
  );
  const q = allocQuoteSeries(keyed.length);
  keyed.forEach(({ b, i, t }, r) => {
    q.tNs[r] = t;
    q.bidTicks[r] = b.columns.bidprice[i] as number;
    q.offerTicks[r] = b.columns.offerprice[i] as number;
  });
  return q;
}
