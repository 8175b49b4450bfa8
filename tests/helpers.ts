import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ORDER_HEADER, TRADE_HEADER } from "../src/model/headers.js";
import { openTable, type FileReport, type ReadOptions } from "../src/io/reader.js";
import { batchToCsv } from "../src/io/csv-write.js";
import type { RowReject } from "../src/model/errors.js";

/** Folder of the real format examples copied from the predecessor (tests/fixtures/formats). */
export const FORMATS = join(import.meta.dirname, "fixtures", "formats");

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
  const base: Record<OrderField, string> = {
    order_id: "7898856358160837782",
    exchange: "2",
    timestamp: "1725448941024284297",
    security_code: "85603",
    price: "134510",
    side: "1",
    changereason: "30",
    orderstatus: "1",
    quantity: "200",
    leavesquantity: "200",
    ordertype: "1",
    exchangeordertype: "2048",
    national_bid: "134510",
    national_offer: "143500",
    bid: "134510",
    offer: "143500",
    participantid: "54",
    preferenceonly: "0",
    midtick: "2",
    singlefillminimumquantity: "0",
    minimumquantity: "0",
    sequence: "72467",
    crossingkey: "0",
    totalmatchedquantity: "0",
    shortsellquantity: "0",
    triggercondition: "0",
    timevaliditydecoded: "Current Max",
    row_num: "56",
    timevalidity: "1536",
    date: "2024-09-04",
  };
  return ORDER_HEADER.map((h) => String(over[h] ?? base[h])).join(",");
}

/** A valid trade leg row (the first leg of the real example) with some fields replaced. */
export function stubTrade(over: Partial<Record<TradeField, string | number | bigint>> = {}): string {
  const base =
    "3,3113624,2024-09-05,1725494536001032398,110621,7904794000124046634,20,Auction,ON Market,7904794000123498546,3330,3340,3340,1,1,Buy,8,0,1".split(
      ",",
    );
  return TRADE_HEADER.map((h, i) => String(over[h] ?? base[i])).join(",");
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
