import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sydneyLocalToUtcNs } from "../../src/model/time.js";
import { big, type Dataset, generateAndRead, groupBy, num, SMALL_SIMULATION_ONLY, tempDir } from "./dataset.js";

const tmp = tempDir();
let ds: Dataset;
beforeAll(async () => {
  ds = await generateAndRead(SMALL_SIMULATION_ONLY, tmp.dir);
});
afterAll(() => tmp.cleanup());

describe("nbbo file", () => {
  it("has the fixed columns of the real extract and increasing sequences", () => {
    const rows = ds.nbbo.rows;
    expect(rows.length).toBeGreaterThan(100);
    const midnights = new Set(ds.summary.dates.map((d) => String(sydneyLocalToUtcNs(d, 0))));
    rows.forEach((r, i) => {
      expect(r.partition).toBe("1");
      expect(r.userid).toBe("262826");
      expect(r.runid).toBe("1751364092");
      expect(midnights.has(r.tradedate ?? "")).toBe(true);
      expect(big(r, "creationtime")).toBe(big(r, "timestamp") - 500_000n);
      if (i > 0) expect(num(r, "sequence")).toBe(num(rows[i - 1] ?? {}, "sequence") + 1);
    });
  });

  it("is never crossed", () => {
    for (const r of ds.nbbo.rows) {
      const bid = num(r, "bidprice");
      const offer = num(r, "offerprice");
      if (bid > 0 && offer > 0) expect(bid).toBeLessThan(offer);
    }
  });

  it("has one row per change of the quotes on the order rows, per security and date", () => {
    const nbbo = groupBy(ds.nbbo.rows, (r) => `${r.orderbookid}|${r.tradedate}`);
    for (const [k, rows] of groupBy(ds.orders, (r) => `${r.security_code}|${r.date}`)) {
      const [code, date] = k.split("|") as [string, string];
      const expected: string[] = [];
      let prev = "0/0";
      for (const r of rows) {
        const q = `${r.bid}/${r.offer}`;
        if (q !== prev) expected.push(`${r.timestamp} ${q}`);
        prev = q;
      }
      const actual = (nbbo.get(`${code}|${sydneyLocalToUtcNs(date, 0)}`) ?? []).map(
        (r) => `${r.timestamp} ${r.bidprice}/${r.offerprice}`,
      );
      expect(actual, k).toEqual(expected);
    }
  });
});
