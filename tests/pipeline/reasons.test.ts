import { describe, expect, it } from "vitest";
import { emptyDataQualityCounts, type DataQualityCounts } from "../../src/core/data-quality.js";
import { resultReasons, type ReasonInput } from "../../src/pipeline/reasons.js";

/** The store of sample_data: 3 securities × 4 dates (2024-10-02, 03, 04 and Monday 07). */
const PRESENT = ["110621", "110622", "110623"].flatMap((securityCode) =>
  ["2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"].map((date) => ({ securityCode, date })),
);
const counts = (over: Partial<DataQualityCounts>): DataQualityCounts => ({ ...emptyDataQualityCounts(), ...over });
const input = (over: Partial<ReasonInput>): ReasonInput => ({
  requested: {},
  present: PRESENT,
  jobs: 12,
  session: { start: "10:00", end: "16:00" },
  duplicates: "drop",
  ...over,
});
const WIDEN =
  '; widen analysis.session (e.g. start "00:00", end "24:00", or run with --session 00:00..24:00) to analyse them';
const HEALTHY = counts({ centrePointOrders: 413, selectedOrders: 413, tradeLegs: 1084, matchedTradeLegs: 1084 });

describe("resultReasons", () => {
  it("says nothing about a healthy run", () => {
    expect(resultReasons(input({ totals: HEALTHY, outsideSessionPlacedNs: null }))).toEqual([]);
  });

  it("names a security the data does not hold, with the ones it does", () => {
    expect(resultReasons(input({ requested: { securities: ["999999"] }, jobs: 0 }))).toEqual([
      "security 999999 is not in the data: present are 110621, 110622, 110623",
    ]);
  });

  it("names a weekend date as such", () => {
    expect(resultReasons(input({ requested: { dates: ["2024-10-05"] }, jobs: 0 }))).toEqual([
      "2024-10-05 is a Saturday: no data for that date",
    ]);
  });

  it("names a weekday date the data does not hold, with the dates it does", () => {
    expect(resultReasons(input({ requested: { dates: ["2024-10-03", "2024-10-08"] }, jobs: 3 }))).toEqual([
      "2024-10-08 is not in the data: present are 2024-10-02, 2024-10-03, 2024-10-04, 2024-10-07",
    ]);
  });

  it("names a date range that matches no date", () => {
    expect(resultReasons(input({ requested: { dates: { from: "2025-01-01", to: "2025-01-31" } }, jobs: 0 }))).toEqual([
      "dates 2025-01-01..2025-01-31 match no date in the data: present are 2024-10-02 to 2024-10-07",
    ]);
  });

  it("says when securities and dates exist but not together", () => {
    const present = [
      { securityCode: "A", date: "2024-10-02" },
      { securityCode: "B", date: "2024-10-03" },
    ];
    expect(
      resultReasons(input({ present, requested: { securities: ["A"], dates: { from: "2024-10-03" } }, jobs: 0 })),
    ).toEqual(["dates 2024-10-03.. match no date in the data: present are 2024-10-02 to 2024-10-02"]);
  });

  it("says when the store is empty", () => {
    expect(resultReasons(input({ present: [], jobs: 0 }))).toEqual([
      "the partition store is empty: no input row was accepted, so there is no job",
    ]);
  });

  it("says when every Centre Point order is outside the session, and when they were placed", () => {
    const totals = counts({ centrePointOrders: 128, outsideSessionOrders: 128 });
    const placed = { first: (21 * 60 + 22) * 60e9 + 5e9, last: (21 * 60 + 23) * 60e9 + 59e9 };
    expect(resultReasons(input({ totals, outsideSessionPlacedNs: placed }))).toEqual([
      `0 of 128 Centre Point orders inside the session 10:00–16:00 Sydney: all placed 21:22–21:23${WIDEN}`,
    ]);
  });

  it("says when the jobs hold no Centre Point order at all", () => {
    const totals = counts({ tradeLegs: 40, matchedTradeLegs: 40 });
    expect(resultReasons(input({ totals, jobs: 2, centrePointMask: 6464 }))).toEqual([
      "no Centre Point order (centrePointMask 6464) in the 2 jobs: nothing to analyse",
    ]);
  });

  // The real nbbo-no-price.csv alone: 7 jobs of NBBO quotes, no order row, 7 of 8 quotes one-sided.
  const NBBO_ONLY = ["70698", "70936", "71760", "72167", "74150", "75290", "75511"].map((s) => `${s}|2025-07-01`);

  it("says when no job holds an order row (trades or NBBO quotes only), and how many quotes had no midpoint", () => {
    const totals = counts({ quotesWithoutMidpoint: 7 });
    expect(resultReasons(input({ totals, jobs: 7, centrePointMask: 6464, noOrderJobs: NBBO_ONLY }))).toEqual([
      "no order rows in the 7 jobs (their inputs hold only trades or NBBO quotes): nothing to analyse; " +
        "7 quotes have no midpoint (one-sided: a side -9223372036854775808, or crossed); " +
        "add the orders extract of these securities and dates to the inputs",
    ]);
  });

  it("names the jobs that hold no order row among others that do", () => {
    const totals = counts({ ...HEALTHY, quotesWithoutMidpoint: 7 });
    expect(resultReasons(input({ totals, jobs: 10, noOrderJobs: NBBO_ONLY }))).toEqual([
      `7 of 10 jobs hold no order row, only trades or NBBO quotes (${NBBO_ONLY.slice(0, 5).join(", ")}, … (7 in all)): ` +
        "nothing is analysed there; the orders files hold no row of these securities on these dates",
    ]);
  });

  it("says when the jobs hold selected orders but no trade leg: real fills are all 0 whatever the groups say", () => {
    const totals = counts({ centrePointOrders: 21, selectedOrders: 21 });
    expect(resultReasons(input({ totals, jobs: 1 }))).toEqual([
      "trades: no trade leg in the 1 job (no trades file for its securities and dates?): every real fill is 0, " +
        "whatever the fill groups say (they come from the order rows' totalmatchedquantity and leavesquantity); " +
        "add the trades extract to the inputs",
    ]);
    // No order selected (all outside the session, say): no such line.
    expect(resultReasons(input({ totals: counts({ centrePointOrders: 21 }), jobs: 1 })).join()).not.toContain(
      "no trade leg",
    );
  });

  it("says when no trade leg belongs to a known order, and how many legs were unknown otherwise", () => {
    const none = counts({ ...HEALTHY, tradeLegs: 40, matchedTradeLegs: 0, unknownOrderLegs: 40 });
    expect(resultReasons(input({ totals: none }))).toEqual(["trades: 40 legs, none of a known order"]);
    const some = counts({ ...HEALTHY, tradeLegs: 40, matchedTradeLegs: 28, unknownOrderLegs: 12 });
    expect(resultReasons(input({ totals: some }))).toEqual([
      "trades: 12 of 40 legs of no known order (not counted as fills)",
    ]);
  });

  it("reports repeated legs and events, dropped or kept, and overfilled orders by id", () => {
    const totals = counts({
      ...HEALTHY,
      tradeLegs: 2168,
      repeatedTradeLegs: 1084,
      repeatedOrderEvents: 900,
      overfilledOrders: 2,
      overfilledQty: 7,
    });
    expect(resultReasons(input({ totals }))).toEqual([
      "trades: 1084 repeated legs (same matchgroupid, orderid and side), dropped",
      "orders: 900 repeated events (same order_id, timestamp, sequence and values), dropped",
      "2 orders matched more than their quantity (7 shares beyond it, counted as filled: a fill ratio over 100 %)",
    ]);
    const kept = resultReasons(
      input({ totals, duplicates: "keep", overfilledSample: ["7904794000124046634", "7904794000124046635"] }),
    );
    expect(kept[0]).toBe(
      "trades: 1084 repeated legs (same matchgroupid, orderid and side), kept (duplicates: keep): fills are counted twice",
    );
    expect(kept.at(-1)).toBe(
      "2 orders matched more than their quantity (7 shares beyond it, counted as filled: a fill ratio over 100 %): 7904794000124046634, 7904794000124046635",
    );
  });

  it("names orders filled short of their totalmatchedquantity (trades missing) and what to check", () => {
    const totals = counts({ ...HEALTHY, shortFilledOrders: 2, shortFilledQty: 80 });
    const ids = ["7904794000124046634", "7904794000124046636"];
    expect(resultReasons(input({ totals, shortFilledSample: ids }))).toEqual([
      "trades: 2 Centre Point orders report more filled (totalmatchedquantity) than their trade legs add up to " +
        "(80 shares of trades missing: their real fills, fill ratios, VWAPs and savings are understated): " +
        "7904794000124046634, 7904794000124046636; check that the trades extract covers these orders' securities " +
        "and dates in full (a file cut short, a date left out, a filter upstream)",
    ]);
    const one = resultReasons(input({ totals: counts({ ...HEALTHY, shortFilledOrders: 1, shortFilledQty: 5 }) }));
    expect(one[0]).toMatch(
      /^trades: 1 Centre Point order reports more filled .*\(5 shares of trades missing: .*understated\); check/,
    );
    expect(one[0]).not.toContain("final-state");
    // Final-state order files: an order placed on an earlier day reports all its days' fills.
    const final = resultReasons(
      input({ totals: counts({ ...HEALTHY, shortFilledOrders: 1, shortFilledQty: 5, finalStateJobs: 1 }) }),
    );
    expect(final.find((r) => r.startsWith("trades: 1 Centre Point"))).toMatch(
      /a filter upstream\); in final-state order files, an order placed on an earlier day reports its earlier days' fills too$/,
    );
  });

  it("names the jobs without a trade leg whose orders report fills, only when other jobs have trades", () => {
    const keys = ["110621|2024-10-04", "110622|2024-10-04"];
    const totals = counts({ ...HEALTHY, noTradeFilledOrders: 7, noTradeFilledQty: 1200 });
    expect(resultReasons(input({ totals, noTradeJobs: keys }))).toEqual([
      "trades: 2 of 12 jobs hold no trade leg though the others do (110621|2024-10-04, 110622|2024-10-04), where " +
        "7 Centre Point orders report 1200 shares filled (totalmatchedquantity), all counted as unfilled; " +
        "add the trades extract of these securities and dates to the inputs",
    ]);
    // No trade leg in any job: the one no-trade-leg line, not this one too.
    const none = counts({ centrePointOrders: 21, selectedOrders: 21, noTradeFilledOrders: 7, noTradeFilledQty: 1200 });
    const said = resultReasons(input({ totals: none, jobs: 2, noTradeJobs: keys }));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^trades: no trade leg in the 2 jobs \(no trades file/);
  });

  it("says when rows change orders never placed (final-state rows beside event rows) and what it costs", () => {
    const totals = counts({ ...HEALTHY, bookUnknownOrderId: 36 });
    expect(resultReasons(input({ totals }))).toEqual([
      "orders: 36 rows change orders never placed before them (no placement or reload row: a final-state extract " +
        "beside the event extract of the same securities and dates, or an extract starting after its orders were " +
        "placed); those orders are not on the replayed book nor in the simulation (simulated fills 0): give each " +
        "security and date one complete event extract",
    ]);
  });

  it("says in one line which jobs hold final-state order rows and what was not computed", () => {
    const line = (jobs: number): string =>
      `${jobs === 1 ? "1 job holds" : `${jobs} jobs hold`} final-state order rows (one row per order, no placements)`;
    const what =
      "real fills, groups and size bands only; no book replay or simulation (simulated fills and savings not computed)";
    const totals = counts({ ...HEALTHY, finalStateJobs: 2, finalStateOrders: 149 });
    expect(resultReasons(input({ totals }))).toEqual([`${line(2)}: ${what}`]);
    expect(resultReasons(input({ totals, finalStateSample: ["110621|2024-09-04", "85603|2024-09-04"] }))).toEqual([
      `${line(2)} (110621|2024-09-04, 85603|2024-09-04): ${what}`,
    ]);
    expect(resultReasons(input({ totals: counts({ ...HEALTHY, finalStateJobs: 1, finalStateOrders: 21 }) }))).toEqual([
      `${line(1)}: ${what}`,
    ]);
  });

  // 2 jobs: every job's order rows are final states; 9 jobs: the real extracts, 2 final-state order
  // files and an NBBO file of 7 more securities (NBBO-only jobs), so some rows may be placements.
  it.each([
    [2, "last changed"],
    [9, "placed or last changed"],
  ])("with %i jobs, 2 of them final-state, says the orders were all %s", (jobs, verb) => {
    const totals = counts({
      centrePointOrders: 149,
      outsideSessionOrders: 149,
      finalStateJobs: 2,
      finalStateOrders: 149,
    });
    const when = { first: 21 * 3600e9 + 22 * 60e9, last: 21 * 3600e9 + 22 * 60e9 + 5e9 };
    expect(resultReasons(input({ jobs, totals, outsideSessionPlacedNs: when }))[0]).toBe(
      `0 of 149 Centre Point orders inside the session 10:00–16:00 Sydney: all ${verb} 21:22–21:22${WIDEN}`,
    );
  });
});
