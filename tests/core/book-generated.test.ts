/**
 * End to end: the replay of every generated partition must reproduce, after every row, the lit
 * best bid/offer the generator wrote on that row, with zero warnings.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayBook } from "../../src/core/book.js";
import { generate } from "../../src/gen/index.js";
import { CENTRE_POINT_MASK } from "../../src/model/codes.js";
import { allocOrderEvents, type OrderEvents } from "../../src/model/partition.js";

/** Generated order rows of one (security, date), as typed columns (tNs = row index). */
interface GeneratedPartition {
  key: string;
  orders: OrderEvents;
}

/** Parses a generated orders CSV and splits it into partitions, keeping file order inside each. */
function readPartitions(path: string): GeneratedPartition[] {
  const records: string[][] = parse(readFileSync(path, "utf8"));
  const header = records[0] ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`missing column ${name}`);
    return i;
  };
  const c = {
    id: col("order_id"),
    code: col("security_code"),
    date: col("date"),
    price: col("price"),
    side: col("side"),
    reason: col("changereason"),
    status: col("orderstatus"),
    qty: col("quantity"),
    leaves: col("leavesquantity"),
    type: col("ordertype"),
    eot: col("exchangeordertype"),
    bid: col("national_bid"),
    offer: col("national_offer"),
    seq: col("sequence"),
    matched: col("totalmatchedquantity"),
    ts: col("timestamp"),
  };
  const groups = new Map<string, string[][]>();
  for (const rec of records.slice(1)) {
    const key = `${rec[c.code]}|${rec[c.date]}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [rec]);
    else list.push(rec);
  }
  return [...groups].map(([key, rows]) => {
    const o = allocOrderEvents(rows.length);
    const num = (rec: string[], i: number): number => Number(rec[i]);
    rows.forEach((rec, r) => {
      o.orderId[r] = BigInt(rec[c.id] ?? "");
      o.tsNs[r] = BigInt(rec[c.ts] ?? "");
      o.tNs[r] = r;
      o.sequence[r] = num(rec, c.seq);
      o.priceTicks[r] = num(rec, c.price);
      o.side[r] = num(rec, c.side);
      o.changeReason[r] = num(rec, c.reason);
      o.orderStatus[r] = num(rec, c.status);
      o.orderType[r] = num(rec, c.type);
      o.exchangeOrderType[r] = num(rec, c.eot);
      o.qty[r] = num(rec, c.qty);
      o.leavesQty[r] = num(rec, c.leaves);
      o.matchedQty[r] = num(rec, c.matched);
      o.nationalBidTicks[r] = num(rec, c.bid);
      o.nationalOfferTicks[r] = num(rec, c.offer);
    });
    return { key, orders: o };
  });
}

/** Centre Point resting quantity per side recomputed from the rows (last state of each order). */
function referenceCpDepth(o: OrderEvents): { buy: number[]; sell: number[] } {
  const leaves = new Map<bigint, { side: number; leaves: number }>();
  const buy: number[] = [];
  const sell: number[] = [];
  let b = 0;
  let s = 0;
  for (let r = 0; r < o.length; r++) {
    const id = o.orderId[r]!;
    const prev = leaves.get(id);
    if (prev !== undefined) {
      if (prev.side === 1) b -= prev.leaves;
      else s -= prev.leaves;
      leaves.delete(id);
    }
    const cp = (o.exchangeOrderType[r]! & CENTRE_POINT_MASK) !== 0;
    const open = o.orderStatus[r] === 1 && o.leavesQty[r]! > 0;
    if (cp && open) {
      leaves.set(id, { side: o.side[r]!, leaves: o.leavesQty[r]! });
      if (o.side[r] === 1) b += o.leavesQty[r]!;
      else s += o.leavesQty[r]!;
    }
    buy.push(b);
    sell.push(s);
  }
  return { buy, sell };
}

const dir = mkdtempSync(join(tmpdir(), "sweeplab-book-"));
let partitions: GeneratedPartition[] = [];
beforeAll(async () => {
  const summary = await generate({ orders: 12_000, securities: 3, dates: 2, seed: 11, outDir: dir });
  partitions = summary.dates.flatMap((d) => readPartitions(join(dir, "orders", `orders-${d}.csv`)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("replayBook on generated partitions", () => {
  it("covers every generated row, with aggressive lit orders and sweeps among them", () => {
    const rows = partitions.reduce((s, p) => s + p.orders.length, 0);
    expect(partitions).toHaveLength(6);
    expect(rows).toBeGreaterThan(11_000);
    // Marketable lit adds show up as lit execution rows; Centre Point as 3 rows of CP orders.
    let litTrades = 0;
    let sweeps = 0;
    for (const { orders: o } of partitions)
      for (let r = 0; r < o.length; r++) {
        if (o.changeReason[r] === 3 && (o.exchangeOrderType[r]! & CENTRE_POINT_MASK) === 0) litTrades++;
        if (o.changeReason[r] === 6 && o.exchangeOrderType[r] === 2048) sweeps++;
      }
    expect(litTrades).toBeGreaterThan(500);
    expect(sweeps).toBeGreaterThan(300);
  });

  it("reproduces the written lit best bid/offer after every row, with zero warnings", () => {
    for (const { key, orders: o } of partitions) {
      const b = replayBook(o);
      expect(b.warnings, key).toEqual([]);
      expect(Object.values(b.warningCounts), key).toEqual([0, 0, 0, 0]);
      for (let r = 0; r < o.length; r++) {
        if (b.bestBidTicks[r] !== o.nationalBidTicks[r] || b.bestOfferTicks[r] !== o.nationalOfferTicks[r]) {
          expect(
            `${b.bestBidTicks[r]}/${b.bestOfferTicks[r]}`,
            `${key} row ${r} order ${o.orderId[r]} reason ${o.changeReason[r]}`,
          ).toBe(`${o.nationalBidTicks[r]}/${o.nationalOfferTicks[r]}`);
        }
      }
      expect(b.liveLitOrders, key).toBeGreaterThan(0);
    }
  });

  it("matches the Centre Point depth recomputed from the rows' order status", () => {
    for (const { key, orders: o } of partitions) {
      const b = replayBook(o);
      const ref = referenceCpDepth(o);
      expect(Array.from(b.cpBuyQty), key).toEqual(ref.buy);
      expect(Array.from(b.cpSellQty), key).toEqual(ref.sell);
    }
  });

  it("with perRow: false keeps no per-row arrays (a job's memory) and gives the same counts and warnings", () => {
    for (const { key, orders: o } of partitions) {
      const full = replayBook(o);
      const lean = replayBook(o, { perRow: false });
      for (const a of [lean.bestBidTicks, lean.bestOfferTicks, lean.cpBuyQty, lean.cpSellQty])
        expect(a.length, key).toBe(0);
      expect([lean.liveLitOrders, lean.liveCentrePointOrders, lean.warnings, lean.warningCounts], key).toEqual([
        full.liveLitOrders,
        full.liveCentrePointOrders,
        full.warnings,
        full.warningCounts,
      ]);
    }
  });
});
