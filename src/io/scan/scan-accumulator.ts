/**
 * The per-(security, date) counting of a scan: the only columns it looks at, and the accumulator
 * that turns batches into {@link PartitionScan}s (one thread) or {@link PartitionPart}s (one part of
 * a parallel scan, merged by scan-merge.ts).
 */

import { CENTRE_POINT_DEAL_SOURCES, CENTRE_POINT_MASK, SWEEP_MASK } from "../../model/codes.js";
import { LITTLE_ENDIAN } from "../../model/endian.js";
import { compareSecurityDate } from "../../model/keys.js";
import type { NbboColumns, OrderColumns, TradeColumns } from "../../model/schemas.js";
import type { Batch } from "../csv/batch.js";
import type { PartitionPart, PartitionScan } from "./scan-types.js";
import { OrderRows } from "./scan-order-rows.js";

interface Acc {
  p: PartitionScan;
  participants: Set<number>;
  sweeps: Set<bigint>;
  orders: OrderRows;
  // Earliest and latest time as 32-bit halves (no bigint per row); p's bigints are set at the end.
  minHi: number;
  minLo: number;
  maxHi: number;
  maxLo: number;
}

// The only columns a scan looks at; every other column is still validated.
export const SCAN_COLUMNS = [
  "security_code",
  "timestamp",
  "exchangeordertype",
  "participantid",
  "order_id",
  "changereason",
  "sequence",
  "securitycode",
  "tradetime",
  "dealsource",
  "orderbookid",
];

/**
 * Per-(security, date) accumulator of scan counts. Hand-written loops over the batch columns: a
 * DataFrame group-by (danfojs) would copy every row into JS objects and cannot count distinct
 * bigint ids; this is the scan's hot path.
 */
export class ScanAccumulator {
  // By security, then date: no key string built per row (the strings' hashes are cached).
  private readonly bySecurity = new Map<string, Map<string, Acc>>();
  private readonly parts: Acc[] = [];

  add(batch: Batch): void {
    if (batch.table === "orders") this.addOrders(batch as Batch<OrderColumns>);
    else if (batch.table === "trades") this.addTrades(batch as Batch<TradeColumns>);
    else this.addNbbo(batch as Batch<NbboColumns>);
  }

  /** Final partitions, sorted by security then date. */
  finish(): PartitionScan[] {
    return sortPartitions(
      this.parts.map((a) => ({
        ...withTimes(a),
        participants: [...a.participants].sort((x, y) => x - y),
        sweepOrders: a.sweeps.size,
        ...shapeFields(a.orders),
      })),
    );
  }

  /** Partial partitions, with their sweep order ids, for {@link mergeScans}. */
  partial(): PartitionPart[] {
    return this.parts.map((a) => {
      const { sweepOrders: _n, orderShape: _s, ...rest } = withTimes(a);
      return {
        ...rest,
        participants: [...a.participants].sort((x, y) => x - y),
        sweepOrderIds: idsOf(a.sweeps),
        orderKeys: a.orders.part(),
      };
    });
  }

  // The last partition used: rows of one partition come in runs, and the reader interns codes and
  // dates, so the check is two pointer comparisons and the map (with its string key) is rarely hit.
  private last: Acc | undefined;
  private lastSec = "";
  private lastDate = "";

  private acc(sec: string, date: string): Acc {
    if (this.last !== undefined && sec === this.lastSec && date === this.lastDate) return this.last;
    let byDate = this.bySecurity.get(sec);
    if (byDate === undefined) this.bySecurity.set(sec, (byDate = new Map<string, Acc>()));
    let a = byDate.get(date);
    if (a === undefined) {
      a = {
        p: {
          securityCode: sec,
          date,
          orderRows: 0,
          centrePointRows: 0,
          sweepRows: 0,
          sweepOrders: 0,
          tradeRows: 0,
          centrePointTradeRows: 0,
          nbboRows: 0,
          participants: [],
          firstTsNs: 0n,
          lastTsNs: 0n,
          orderShape: "events",
        },
        participants: new Set(),
        sweeps: new Set(),
        orders: new OrderRows(),
        minHi: Infinity,
        minLo: 0,
        maxHi: -1,
        maxLo: 0,
      };
      byDate.set(date, a);
      this.parts.push(a);
    }
    this.last = a;
    this.lastSec = sec;
    this.lastDate = date;
    return a;
  }

  private addOrders(b: Batch<OrderColumns>): void {
    const { security_code, exchangeordertype, participantid, order_id, changereason, sequence } = b.columns;
    const ts = halves(b.columns.timestamp);
    for (let i = 0; i < b.length; i++) {
      const a = this.acc(security_code[i] as string, b.tradingDate[i] as string);
      const hi = ts[2 * i + 1] as number;
      const lo = ts[2 * i] as number;
      seen(a, hi, lo);
      a.orders.add(order_id[i] as bigint, hi, lo, sequence[i] as number, changereason[i] as number);
      const otype = exchangeordertype[i] as number;
      a.p.orderRows++;
      if ((otype & CENTRE_POINT_MASK) !== 0) a.p.centrePointRows++;
      if ((otype & SWEEP_MASK) !== 0) {
        a.p.sweepRows++;
        a.sweeps.add(order_id[i] as bigint);
      }
      a.participants.add(participantid[i] as number);
    }
  }

  private addTrades(b: Batch<TradeColumns>): void {
    const { securitycode, dealsource, participantid } = b.columns;
    const ts = halves(b.columns.tradetime);
    for (let i = 0; i < b.length; i++) {
      const a = this.acc(securitycode[i] as string, b.tradingDate[i] as string);
      seen(a, ts[2 * i + 1] as number, ts[2 * i] as number);
      a.p.tradeRows++;
      if (CENTRE_POINT_DEAL_SOURCES.has(dealsource[i] as number)) a.p.centrePointTradeRows++;
      a.participants.add(participantid[i] as number);
    }
  }

  private addNbbo(b: Batch<NbboColumns>): void {
    const { orderbookid } = b.columns;
    const ts = halves(b.columns.timestamp);
    for (let i = 0; i < b.length; i++) {
      const a = this.acc(orderbookid[i] as string, b.tradingDate[i] as string);
      seen(a, ts[2 * i + 1] as number, ts[2 * i] as number);
      a.p.nbboRows++;
    }
  }
}

/**
 * A timestamp column as 32-bit halves [lo, hi] per row (little-endian): the reader's times are
 * 1990–2100, so positive and below 2^63, and compare exactly as (hi, lo) pairs.
 */
function halves(a: BigInt64Array): Uint32Array {
  if (!LITTLE_ENDIAN) throw new Error("scan: big-endian platforms are not supported");
  return new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
}

/** Widens a partition's time span to include hi·2^32 + lo. */
function seen(a: Acc, hi: number, lo: number): void {
  if (hi < a.minHi || (hi === a.minHi && lo < a.minLo)) {
    a.minHi = hi;
    a.minLo = lo;
  }
  if (hi > a.maxHi || (hi === a.maxHi && lo > a.maxLo)) {
    a.maxHi = hi;
    a.maxLo = lo;
  }
}

/** The partition with its time span as exact bigints. */
function withTimes(a: Acc): PartitionScan {
  return {
    ...a.p,
    firstTsNs: (BigInt(a.minHi) << 32n) | BigInt(a.minLo),
    lastTsNs: (BigInt(a.maxHi) << 32n) | BigInt(a.maxLo),
  };
}

/** A partition's {@link PartitionScan.orderShape} (and `finalState` counts) from its order rows. */
export function shapeFields(rows: OrderRows | undefined): Pick<PartitionScan, "orderShape" | "finalState"> {
  if (rows === undefined || rows.shape() === "events") return { orderShape: "events" };
  return { orderShape: "final_state", finalState: { rows: rows.rows, placementRows: rows.placementRows } };
}

function idsOf(sweeps: ReadonlySet<bigint>): BigUint64Array {
  const ids = new BigUint64Array(sweeps.size);
  let i = 0;
  for (const id of sweeps) ids[i++] = id;
  return ids.sort();
}

/** Partitions sorted by security code, then date (in place). */
export function sortPartitions(ps: PartitionScan[]): PartitionScan[] {
  return ps.sort(compareSecurityDate);
}
