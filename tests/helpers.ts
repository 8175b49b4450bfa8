import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ORDER_HEADER, TRADE_HEADER } from "../src/model/headers.js";
import { openTable, type FileReport, type ReadOptions } from "../src/io/csv/reader.js";
import { batchToCsv } from "../src/io/csv/csv-write.js";
import type { RowReject } from "../src/model/errors.js";
import { ORDER_BASE, TRADE_BASE_FIELDS } from "./fixtures/rows.mjs";

/** Folder of the real format examples copied from the predecessor (tests/fixtures/formats). */
export const FORMATS = join(import.meta.dirname, "fixtures", "formats");
/**
 * The three example tables of FORMATS (nbbo.csv, orders-example.csv, trades-example.csv) as one
 * glob input: the folder itself also holds the real extracts under real/, which a folder scan finds.
 */
export const FORMAT_EXAMPLES = `${FORMATS}/{orders,trades,nbbo}*.csv`;

/** A fresh temporary folder. */
export function tmp(prefix = "sweeplab-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` (gzipped when the name ends in .gz) into `dir` and returns the path. */
export function writeFixture(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  writeFileSync(path, name.endsWith(".gz") ? gzipSync(bytes) : bytes);
  return path;
}

type OrderField = (typeof ORDER_HEADER)[number];
type TradeField = (typeof TRADE_HEADER)[number];

/** A valid order row (the first row of the real example) with some fields replaced. */
export function stubOrder(over: Partial<Record<OrderField, string | number | bigint>> = {}): string {
  return ORDER_HEADER.map((h) => String(over[h] ?? ORDER_BASE[h])).join(",");
}

/** A valid trade leg row (the first leg of the real example) with some fields replaced. */
export function stubTrade(over: Partial<Record<TradeField, string | number | bigint>> = {}): string {
  return TRADE_HEADER.map((h, i) => String(over[h] ?? TRADE_BASE_FIELDS[i])).join(",");
}

/** The orders header line. */
export const ORDERS_HEAD = ORDER_HEADER.join(",");
/** The trades header line. */
export const TRADES_HEAD = TRADE_HEADER.join(",");

/** Reads a whole table file: its rows re-written as CSV (spec column order), rejects and report. */
export async function readAll(
  path: string,
  options: ReadOptions = {},
): Promise<{ csv: string; rejects: RowReject[]; report: FileReport; rows: number }> {
  const rejects: RowReject[] = [];
  const reader = await openTable(path, { ...options, onReject: (r) => rejects.push(r) });
  let csv = "";
  let rows = 0;
  for await (const b of reader) {
    csv += batchToCsv(b, reader.spec.header);
    rows += b.length;
  }
  return { csv, rejects, report: reader.report, rows };
}

/** A fault the test worker injects into a job (tests/fixtures/pool/fault-worker.cjs). */
export type Fault = "throw" | "hang" | "exit" | "oom" | "enospc" | "partial";

/**
 * Pipeline options that run the tasks in the test worker, injecting `byJob[key]` into the job with
 * that key (`SEC|YYYY-MM-DD`); the other tasks run as in production.
 */
export function faults(byJob: Readonly<Record<string, Fault>>): {
  testWorker: { filename: string; data: { faults: Readonly<Record<string, Fault>> } };
} {
  return {
    testWorker: {
      filename: join(import.meta.dirname, "fixtures", "pool", "fault-worker.cjs"),
      data: { faults: byJob },
    },
  };
}

/** The error `f` throws (as `E`); fails the test when it throws none. */
export function errorOf<E = Error>(f: () => unknown): E {
  try {
    f();
  } catch (e) {
    return e as E;
  }
  throw new Error("no error");
}
