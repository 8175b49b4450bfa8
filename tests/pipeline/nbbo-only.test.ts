import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { formatSummary } from "../../src/pipeline/summary.js";
import { FORMATS, tmp } from "../helpers.js";
import { configFor } from "./helpers.js";

/**
 * The real NBBO extract without prices (tests/fixtures/formats/real/nbbo-no-price.csv: 8 quotes of
 * 7 securities on 2025-07-01, 7 of them one-sided, a side written -9223372036854775808) run alone:
 * every row kept, 7 jobs of quotes only, and the summary says there is no order row to analyse,
 * how many quotes had no midpoint, and what to add — not that no order has the Centre Point mask.
 */
describe("a run over NBBO quotes only (the real no-price extract)", () => {
  it("keeps every quote and says there is no order row, with the one-sided quotes counted", async () => {
    const data = tmp("sweeplab-nbbo-only-");
    copyFileSync(join(FORMATS, "real", "nbbo-no-price.csv"), join(data, "nbbo-no-price.csv"));
    const out = tmp("sweeplab-nbbo-only-out-");
    const { reference: _none, ...config } = configFor(data, out);
    const s = await runPipeline(config);
    expect(s.partition).toMatchObject({ rowsRead: 8, accepted: 8, rejected: 0 });
    expect(s.jobs).toMatchObject({ total: 7, done: 7, failed: 0 });
    // 74150 has 2 quotes (one-sided, then 14/15); the 6 others one each, all one-sided: 7 without a mid.
    expect(s.dataQuality?.totals.quotesWithoutMidpoint).toBe(7);
    expect(s.dataQuality?.reasons).toEqual([
      "no order rows in the 7 jobs (their inputs hold only trades or NBBO quotes): nothing to analyse; " +
        "7 quotes have no midpoint (one-sided: a side -9223372036854775808, or crossed); " +
        "add the orders extract of these securities and dates to the inputs",
    ]);
    expect(formatSummary(s)).not.toContain("centrePointMask");
  }, 60_000);

  it("counts each quote once when two NBBO files hold the same quotes (a day's file beside a week's)", async () => {
    // The week's extract holds the day's 8 quotes again, in another row order: not a copy of the
    // file (other bytes, other text), so both are read and every quote comes twice into the store.
    const data = tmp("sweeplab-nbbo-twice-");
    const day = readFileSync(join(FORMATS, "real", "nbbo-no-price.csv"), "utf8")
      .trimEnd()
      .split("\n");
    writeFileSync(join(data, "nbbo-2025-07-01.csv"), `${day.join("\n")}\n`);
    writeFileSync(join(data, "nbbo-week.csv"), `${[day[0], ...day.slice(1).reverse()].join("\n")}\n`);
    const out = tmp("sweeplab-nbbo-twice-out-");
    const { reference: _none, ...config } = configFor(data, out);
    const s = await runPipeline(config);
    expect(s.partition).toMatchObject({ rowsRead: 16, accepted: 16, rejected: 0 });
    expect(s.dataQuality?.totals.quotesWithoutMidpoint).toBe(7); // as from the day's file alone, not 14
    expect(s.dataQuality?.reasons[0]).toContain("; 7 quotes have no midpoint");
    const job = JSON.parse(readFileSync(join(out, "by_security", "SEC_74150", "2025-07-01", "job.json"), "utf8"));
    expect(job.rows.quotes).toBe(2);
  }, 60_000);
});
