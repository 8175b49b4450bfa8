/**
 * Merging the parts of a parallel scan ({@link mergeScans}) into exactly the result of a scan on
 * one thread, and the result's totals ({@link buildResult}), which both share.
 */

import { addUnknownCodes, type UnknownCodeCounts } from "../../model/unknown-codes.js";
import type { FileReport } from "../csv/reader.js";
import { addReport } from "../csv/reader.js";
import { shapeFields, sortPartitions } from "./scan-accumulator.js";
import { mergeOrderRows, type OrderRowsPart } from "./scan-order-rows.js";
import type { PartitionScan, ScanPart, ScanResult } from "./scan-types.js";

/** Sums the reports of one file's consecutive ranges into one whole-file report. */
function sumReports(rs: readonly FileReport[]): FileReport {
  const first = rs[0] as FileReport;
  const out: FileReport = {
    file: first.file,
    table: first.table,
    bytes: 0,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    blankLines: 0,
    rejectsByCode: {},
  };
  for (const r of rs) {
    // Codes in first-met order, as one reader over the whole file would list them.
    addReport(out, r);
    if (r.error !== undefined && out.error === undefined) out.error = r.error;
  }
  return out;
}

/** Number of distinct ids in the union of arrays that each hold distinct ids (sorted natively, then counted). */
function countDistinct(arrays: readonly BigUint64Array[]): number {
  if (arrays.length === 1) return (arrays[0] as BigUint64Array).length; // each part's ids are distinct
  const all = new BigUint64Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) n++;
  return n;
}

/**
 * Merges the parts of a parallel scan into exactly the result {@link scan} gives over the same
 * files: `parts` must list each file's parts together, in file order and range order. Per-file
 * reports are summed (rows, accepted, rejected, blank lines, rejects by code, unknown code values,
 * the first error);
 * partitions are summed, their participants and sweep order ids unioned (distinct ids counted
 * exactly), first/last times taken as min/max, and sorted by security then date. `seconds` is the
 * wall time the throughput figures use.
 */
export function mergeScans(parts: readonly ScanPart[], options: { seconds: number; rejectsPath?: string }): ScanResult {
  const reports: FileReport[] = [];
  for (let i = 0; i < parts.length;) {
    let j = i + 1;
    while (j < parts.length && parts[j]?.report.file === parts[i]?.report.file) j++;
    reports.push(sumReports(parts.slice(i, j).map((p) => p.report)));
    i = j;
  }
  const merged = new Map<
    string,
    { p: PartitionScan; participants: Set<number>; ids: BigUint64Array[]; orders: OrderRowsPart[] }
  >();
  for (const part of parts) {
    for (const q of part.partitions) {
      const key = `${q.securityCode}\u0000${q.date}`;
      const m = merged.get(key);
      if (m === undefined) {
        // Keys in the order the one-thread scan creates them, so that JSON output is identical too.
        merged.set(key, {
          p: {
            securityCode: q.securityCode,
            date: q.date,
            orderRows: q.orderRows,
            centrePointRows: q.centrePointRows,
            sweepRows: q.sweepRows,
            sweepOrders: 0,
            tradeRows: q.tradeRows,
            centrePointTradeRows: q.centrePointTradeRows,
            nbboRows: q.nbboRows,
            participants: [],
            firstTsNs: q.firstTsNs,
            lastTsNs: q.lastTsNs,
            orderShape: "events",
          },
          participants: new Set(q.participants),
          ids: [q.sweepOrderIds],
          orders: [q.orderKeys],
        });
        continue;
      }
      const p = m.p;
      p.orderRows += q.orderRows;
      p.centrePointRows += q.centrePointRows;
      p.sweepRows += q.sweepRows;
      p.tradeRows += q.tradeRows;
      p.centrePointTradeRows += q.centrePointTradeRows;
      p.nbboRows += q.nbboRows;
      if (q.firstTsNs < p.firstTsNs) p.firstTsNs = q.firstTsNs;
      if (q.lastTsNs > p.lastTsNs) p.lastTsNs = q.lastTsNs;
      for (const x of q.participants) m.participants.add(x);
      m.ids.push(q.sweepOrderIds);
      m.orders.push(q.orderKeys);
    }
  }
  const partitions = sortPartitions(
    [...merged.values()].map(({ p, participants, ids, orders }) => ({
      ...p,
      participants: [...participants].sort((a, b) => a - b),
      sweepOrders: countDistinct(ids),
      ...shapeFields(mergeOrderRows(orders)),
    })),
  );
  return buildResult(reports, partitions, options.seconds, options.rejectsPath);
}
/** A scan's result: the reports, the partitions, and totals over the reports. */
export function buildResult(
  reports: FileReport[],
  partitions: PartitionScan[],
  seconds: number,
  rejectsPath: string | undefined,
): ScanResult {
  const bytes = reports.reduce((s, r) => s + r.bytes, 0);
  const rowsRead = reports.reduce((s, r) => s + r.rowsRead, 0);
  let unknownCodes: UnknownCodeCounts | undefined;
  for (const r of reports)
    if (r.unknownCodes !== undefined) unknownCodes = addUnknownCodes(unknownCodes, r.unknownCodes);
  return {
    files: reports,
    partitions,
    totals: {
      files: reports.length,
      bytes,
      rowsRead,
      accepted: reports.reduce((s, r) => s + r.accepted, 0),
      rejected: reports.reduce((s, r) => s + r.rejected, 0),
      ...(unknownCodes === undefined ? {} : { unknownCodes }),
      seconds,
      rowsPerSecond: seconds > 0 ? rowsRead / seconds : 0,
      mbPerSecond: seconds > 0 ? bytes / 1e6 / seconds : 0,
    },
    ...(rejectsPath === undefined ? {} : { rejectsPath }),
  };
}
