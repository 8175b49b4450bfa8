import { copyFileSync } from "node:fs";
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
});
