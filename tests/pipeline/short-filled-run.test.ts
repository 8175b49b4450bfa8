import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sydneyLocalToUtcNs } from "../../src/model/time.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { formatSummary } from "../../src/pipeline/summary.js";
import { ORDERS_HEAD, stubOrder, stubTrade, tmp, TRADES_HEAD, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/*
 * A trades file that lacks legs: the orders' rows report more matched (totalmatchedquantity) than
 * the legs add up to. Security SHORT, sweeps of 100 shares:
 *   2024-10-03 (legs in the trades file)
 *     A = 7904794000124046634: traded 40, then 60 (matched 40 → 100); only the 40 leg: 60 missing.
 *     B: traded 100 in one row; its 100 leg: complete.
 *     C: traded 30, amended to 80 shares (matched still 30), cancelled; a leg of 10 only: 20 missing.
 *   2024-10-04 (no leg at all in the trades file: the date is missing from it)
 *     D: traded 50; E: placed only.
 */
const SEC = "SHORT";
const A = 7904794000124046634n;
const B = A + 1n;
const C = A + 2n;
const D = A + 3n;
const E = A + 4n;

function fixture(): { orders: string; trades: string } {
  let seq = 1;
  const rows: string[] = [];
  const legs: string[] = [];
  const at = (date: string, seconds: number): bigint => sydneyLocalToUtcNs(date, 10 * 3600 + seconds);
  const row = (date: string, id: bigint, s: number, reason: number, qty: number, matched: number, status = 1): void => {
    const cancelled = reason === 1;
    rows.push(
      stubOrder({
        security_code: SEC,
        date,
        order_id: id,
        timestamp: at(date, s),
        sequence: seq++,
        changereason: reason,
        orderstatus: cancelled ? 2 : status,
        exchangeordertype: 2048,
        quantity: qty,
        totalmatchedquantity: matched,
        leavesquantity: cancelled ? 0 : qty - matched,
      }),
    );
  };
  const leg = (date: string, id: bigint, s: number, quantity: number): void => {
    legs.push(
      stubTrade({
        securitycode: SEC,
        tradedate: date,
        orderid: id,
        tradetime: at(date, s),
        sequence: legs.length + 1,
        matchgroupid: 5000n + BigInt(legs.length),
        tradeprice: 134510,
        quantity,
      }),
    );
  };
  const d1 = "2024-10-03";
  row(d1, A, 1, 6, 100, 0);
  row(d1, A, 2, 3, 100, 40);
  leg(d1, A, 2, 40);
  row(d1, A, 3, 3, 100, 100, 2); // its 60 leg is missing
  row(d1, B, 4, 6, 100, 0);
  row(d1, B, 5, 3, 100, 100, 2);
  leg(d1, B, 5, 100);
  row(d1, C, 6, 6, 100, 0);
  row(d1, C, 7, 3, 100, 30);
  leg(d1, C, 7, 10); // 10 of its 30
  row(d1, C, 8, 5, 80, 30);
  row(d1, C, 9, 1, 80, 30);
  const d2 = "2024-10-04";
  row(d2, D, 1, 6, 100, 0);
  row(d2, D, 2, 3, 100, 50);
  row(d2, E, 3, 6, 100, 0);
  return { orders: `${ORDERS_HEAD}\n${rows.join("\n")}\n`, trades: `${TRADES_HEAD}\n${legs.join("\n")}\n` };
}

const MISSING_LINE =
  `trades: 2 Centre Point orders report more filled (totalmatchedquantity) than their trade legs add up to ` +
  `(80 shares of trades missing: their real fills, fill ratios, VWAPs and savings are understated): ${A}, ${C}; ` +
  "check that the trades extract covers these orders' securities and dates in full " +
  "(a file cut short, a date left out, a filter upstream)";
const NO_TRADE_JOB_LINE =
  `trades: 1 of 2 jobs holds no trade leg though the others do (${SEC}|2024-10-04), where 1 Centre Point order ` +
  "reports 50 shares filled (totalmatchedquantity), all counted as unfilled; add the trades extract of these " +
  "securities and dates to the inputs";

/** job.json's data-quality block of a job. */
const jobQuality = (out: string, date: string) =>
  (
    JSON.parse(readFileSync(join(out, "by_security", `SEC_${SEC}`, date, "job.json"), "utf8")) as {
      dataQuality: { counts: Record<string, number>; samples: Record<string, unknown[]> };
    }
  ).dataQuality;

/** aggregated/data_quality.csv as rows by header name. */
function dataQualityCsv(out: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(out, "aggregated", "data_quality.csv"), "utf8")
    .trimEnd()
    .split("\n");
  const names = (head as string).split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [names[i] as string, v])));
}

describe("orders filled short of their totalmatchedquantity: trades missing from the extract", () => {
  it("are counted per job, summed in data_quality.csv and named in the run summary", async () => {
    const data = tmp("sweeplab-short-");
    const { orders, trades } = fixture();
    writeFixture(data, "orders.csv", orders);
    writeFixture(data, "trades.csv", trades);
    const out = tmp("sweeplab-short-out-");
    const { reference: _none, ...config } = configFor(data, out);
    const result = await runPipeline(config);
    expect(result.jobs).toMatchObject({ done: 2, failed: 0 });

    const day1 = jobQuality(out, "2024-10-03");
    expect(day1.counts).toMatchObject({
      tradeLegs: 3,
      shortFilledOrders: 2,
      shortFilledQty: 60 + 20,
      noTradeFilledOrders: 0,
      overfilledOrders: 0,
    });
    // Ids as decimal text, exact beyond 2^53.
    expect(day1.samples.shortFilledOrders).toEqual([
      { orderId: String(A), matchedQty: 100, filledQty: 40 },
      { orderId: String(C), matchedQty: 30, filledQty: 10 },
    ]);
    const day2 = jobQuality(out, "2024-10-04");
    expect(day2.counts).toMatchObject({
      tradeLegs: 0,
      shortFilledOrders: 0,
      noTradeFilledOrders: 1,
      noTradeFilledQty: 50,
    });

    const dq = result.dataQuality!;
    expect(dq.totals).toMatchObject({
      shortFilledOrders: 2,
      shortFilledQty: 80,
      noTradeFilledOrders: 1,
      noTradeFilledQty: 50,
    });
    expect(dq.warnings).toBe(2);
    expect(dq.worst).toEqual([{ key: `${SEC}|2024-10-03`, warnings: 2, counts: { shortFilledOrders: 2 } }]);
    expect(dq.reasons).toEqual([NO_TRADE_JOB_LINE, MISSING_LINE]);
    const printed = formatSummary(result);
    expect(printed).toContain("data quality: 2 warnings in 2 jobs (shortFilledOrders 2)");
    expect(printed).toContain(`  ! ${MISSING_LINE}`);
    // run_summary.json holds the same section.
    const saved = JSON.parse(readFileSync(join(out, "run_summary.json"), "utf8")) as { dataQuality: typeof dq };
    expect(saved.dataQuality.reasons).toEqual(dq.reasons);

    const table = dataQualityCsv(out);
    expect(table.map((r) => [r.date, r.warnings, r.short_filled_orders, r.short_filled_qty])).toEqual([
      ["2024-10-03", "2", "2", "80"],
      ["2024-10-04", "0", "0", "0"],
    ]);
    expect(table.map((r) => [r.no_trade_filled_orders, r.no_trade_filled_qty])).toEqual([
      ["0", "0"],
      ["1", "50"],
    ]);
  }, 60_000);

  it("without a trades file: the no-trade-leg line alone, no warning", async () => {
    const data = tmp("sweeplab-short-none-");
    writeFixture(data, "orders.csv", fixture().orders);
    const out = tmp("sweeplab-short-none-out-");
    const { reference: _none, ...config } = configFor(data, out);
    const result = await runPipeline(config);
    const dq = result.dataQuality!;
    // A, B, C and D report shares filled: 100 + 100 + 30 + 50.
    expect(dq.totals).toMatchObject({ shortFilledOrders: 0, noTradeFilledOrders: 4, noTradeFilledQty: 280 });
    expect(dq.warnings).toBe(0);
    expect(dq.reasons).toEqual([
      "trades: no trade leg in the 2 jobs (no trades file for their securities and dates?): every real fill is 0, " +
        "whatever the fill groups say (they come from the order rows' totalmatchedquantity and leavesquantity); " +
        "add the trades extract to the inputs",
    ]);
  }, 60_000);
});
