import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { sydneyLocalToUtcNs } from "../../src/model/time.js";
import { ORDERS_HEAD, stubOrder, stubTrade, tmp, TRADES_HEAD, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/**
 * One order per code of CODES.md through a whole run (partition in worker threads, the job, its
 * outputs): every changereason as the last row of a partly filled sweep, every orderstatus, every
 * dealsource and passiveaggressive on its trade legs, and the exchangeordertype bits (ARCHITECTURE
 * §1: 0 lit, 2 short sell, 64, 256, 2048, 4096, 4098, 2050; 1 is no known bit). No row is dropped,
 * and each order's group, fill and Centre Point/sweep classification is the one worked out by hand
 * below from the rows. Written out from CODES.md by hand, not taken from src/model/codes.ts.
 */
const CHANGE_REASONS = [
  0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 34, 35, 36, 37, 38, 39,
  40, 41, 42, 43, 48, 49, 50, 51,
];
/** CODES.md: inactivations (orderstatus 4) among the reasons; the other exits are cancels (orderstatus 2). */
const INACTIVATED = new Set([4, 21, 23, 24, 25, 26, 27, 29, 35, 38, 40]);
const CANCELS = new Set([1, 9, 10, 15, 19, 20, 34, 41, 42, 43, 51]);
const DEAL_SOURCES = [0, 1, 3, 4, 5, 6, 7, 20, 36, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52];
const ID = 7898856358160837000n;
const DATE = "2024-10-03";
const at = (seconds: number): bigint => sydneyLocalToUtcNs(DATE, 10 * 3600 + seconds);
const common = { security_code: "CODES", date: DATE, quantity: 100, exchangeordertype: 2048 };

function fixture(): { orders: string; trades: string } {
  const orders: string[] = [];
  const legs: string[] = [];
  let seq = 1;
  let leg = 0;
  const trade = (orderid: bigint, tradetime: bigint, quantity: number): void => {
    legs.push(
      stubTrade({
        securitycode: "CODES",
        tradedate: DATE,
        orderid,
        tradetime,
        sequence: leg + 1,
        matchgroupid: 1000n + BigInt(leg),
        dealsource: DEAL_SOURCES[leg % DEAL_SOURCES.length] as number,
        passiveaggressive: leg % 3,
        tradeprice: 134510,
        quantity,
      }),
    );
    leg++;
  };
  CHANGE_REASONS.forEach((c, i) => {
    const id = ID + BigInt(i);
    const t = at(i);
    // Placement; order 12's is a trigger order not yet triggered (orderstatus 3): it cannot trade.
    const untriggered = c === 12;
    orders.push(
      stubOrder({
        ...common,
        order_id: id,
        timestamp: t,
        sequence: seq++,
        changereason: 6,
        orderstatus: untriggered ? 3 : 1,
      }),
    );
    if (!untriggered) {
      // 40 of 100 traded.
      orders.push(
        stubOrder({
          ...common,
          order_id: id,
          timestamp: t + 1000n,
          sequence: seq++,
          changereason: 3,
          totalmatchedquantity: 40,
          leavesquantity: 60,
        }),
      );
      trade(id, t + 1000n, 40);
    }
    const status = INACTIVATED.has(c) ? 4 : CANCELS.has(c) ? 2 : 1;
    const done = c === 3;
    const matched = untriggered ? 0 : done ? 100 : 40;
    orders.push(
      stubOrder({
        ...common,
        order_id: id,
        timestamp: t + 2000n,
        sequence: seq++,
        changereason: c,
        orderstatus: status,
        totalmatchedquantity: matched,
        leavesquantity: 100 - matched,
      }),
    );
    if (done) trade(id, t + 2000n, 60);
  });
  // The exchangeordertype bits, one placement each.
  [0, 2, 64, 256, 4096, 4098, 2050, 2048 | 64, 1].forEach((otype, j) => {
    orders.push(
      stubOrder({
        ...common,
        order_id: ID + 100n + BigInt(j),
        timestamp: at(100 + j),
        sequence: seq++,
        changereason: 6,
        exchangeordertype: otype,
      }),
    );
  });
  return { orders: `${ORDERS_HEAD}\n${orders.join("\n")}\n`, trades: `${TRADES_HEAD}\n${legs.join("\n")}\n` };
}

/** Rows of a gzip CSV as objects by header name. */
function csvGz(file: string): Record<string, string>[] {
  const [head, ...lines] = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
  const names = (head as string).split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [names[i] as string, v])));
}

describe("every code of CODES.md through a run: kept, and classified as the rows say", () => {
  it("one order per changereason, orderstatus, dealsource, passiveaggressive and exchangeordertype bit", async () => {
    const data = tmp("sweeplab-codes-run-");
    const { orders, trades } = fixture();
    writeFixture(data, "orders.csv", orders);
    writeFixture(data, "trades.csv", trades);
    const out = tmp("sweeplab-codes-run-out-");
    const { reference: _none, ...config } = configFor(data, out, { outputs: { detailFormat: "csv.gz" } });
    const result = await runPipeline(config);
    // 40 orders × 3 rows but the untriggered one's 2, + 9 placements = 128 order rows; 40 legs (38, and 2 of order 3).
    expect(result.partition).toMatchObject({ rowsRead: 128 + 40, accepted: 128 + 40, rejected: 0 });
    expect(result.partition.unknownCodes).toEqual({ exchangeordertype: { "1": 1 } });
    expect(result.jobs).toMatchObject({ done: 1, failed: 0 });

    const job = JSON.parse(readFileSync(join(out, "by_security", "SEC_CODES", DATE, "job.json"), "utf8")) as {
      rows: Record<string, number>;
      orderShape: string;
      selection: Record<string, number>;
      sweepsByGroup: number[];
      dataQuality: { counts: Record<string, number> };
      book: { warningCounts?: Record<string, number>; warnings?: { code: string; orderId: string }[] };
    };
    expect(job.rows).toMatchObject({ orders: 128, trades: 40 });
    expect(job.orderShape).toBe("events");
    // Centre Point: the 40 sweeps and 64, 256, 4096, 4098, 2050, 2112; not: 0, 2 and 1.
    expect(job.selection).toMatchObject({ orders: 49, nonCentrePointOrders: 3, selectedOrders: 46 });
    // Sweeps: the 40, 2050 and 2112. Group 1: order 3 (traded to 0 leaves). Group 3: the
    // untriggered order 12 and the two placements. Group 2: the other 38 (40 of 100 traded).
    expect(job.sweepsByGroup).toEqual([1, 38, 3]);
    expect(job.dataQuality.counts).toMatchObject({ tradeLegs: 40, matchedTradeLegs: 40, unknownOrderLegs: 0 });
    // The book: a second "new" (6) of a live order is its only warning.
    expect(job.dataQuality.counts).toMatchObject({ bookDuplicateAdd: 1, bookUnknownOrderId: 0, bookNegativeLeaves: 0 });

    const dir = join(out, "by_security", "SEC_CODES", DATE);
    const classified = csvGz(join(dir, "classified.csv.gz"));
    const simulation = csvGz(join(dir, "simulation.csv.gz"));
    const groupOf = new Map(classified.map((r) => [r.order_id, r.group]));
    const filledOf = new Map(simulation.map((r) => [r.order_id, r.real_filled]));
    const tradesOf = new Map(simulation.map((r) => [r.order_id, r.real_trades]));
    const got = CHANGE_REASONS.map((c, i) => {
      const id = String(ID + BigInt(i));
      return `${c}:${groupOf.get(id)}/${filledOf.get(id)}/${tradesOf.get(id)}`;
    });
    expect(got).toEqual(CHANGE_REASONS.map((c) => (c === 3 ? "3:1/100/2" : c === 12 ? "12:3/0/0" : `${c}:2/40/1`)));
    const extra = [6, 7].map((j) => String(ID + 100n + BigInt(j)));
    expect(extra.map((id) => `${groupOf.get(id)}/${filledOf.get(id)}`)).toEqual(["3/0", "3/0"]);
    expect(classified).toHaveLength(42);
    // Every order row is in the job's orders table (the Centre Point ones), codes as read.
    const rows = csvGz(join(dir, "orders.csv.gz"));
    expect(rows.filter((r) => r.order_id === String(ID + 2n)).map((r) => r.changereason)).toEqual(["6", "3", "3"]);
    expect(new Set(rows.map((r) => r.orderstatus))).toEqual(new Set(["1", "2", "3", "4"]));
  }, 60_000);
});
