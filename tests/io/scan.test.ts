import { describe, expect, it } from "vitest";
import { scan } from "../../src/io/scan.js";
import { formatScan, scanToJson } from "../../src/io/scan-format.js";
import { FORMATS } from "../helpers.js";

describe("scan over the real format examples", () => {
  it("reports per (security, Sydney date) counts, participants and time range", async () => {
    const progress: number[] = [];
    const r = await scan([FORMATS], { onProgress: (p) => progress.push(p.rows) });
    expect(r.files.map((f) => [f.file.split("/").pop(), f.table, f.rowsRead, f.accepted, f.rejected])).toEqual([
      ["nbbo.csv", "nbbo", 2, 2, 0],
      ["orders-example.csv", "orders", 3, 3, 0],
      ["trades-example.csv", "trades", 4, 4, 0],
    ]);
    expect(r.partitions).toEqual([
      {
        securityCode: "110621",
        date: "2024-09-05",
        orderRows: 0,
        centrePointRows: 0,
        sweepRows: 0,
        sweepOrders: 0,
        tradeRows: 4,
        centrePointTradeRows: 0, // dealsource 20 = auction
        nbboRows: 2,
        participants: [8, 61],
        firstTsNs: 1725494536000532398n,
        lastTsNs: 1725515320122959614n,
      },
      {
        securityCode: "85603",
        date: "2024-09-04",
        orderRows: 3,
        centrePointRows: 3,
        sweepRows: 3,
        sweepOrders: 3,
        tradeRows: 0,
        centrePointTradeRows: 0,
        nbboRows: 0,
        participants: [54],
        firstTsNs: 1725448941024284297n,
        lastTsNs: 1725448941029855785n,
      },
    ]);
    expect(r.totals).toMatchObject({ files: 3, rowsRead: 9, accepted: 9, rejected: 0 });
    expect(r.totals.rowsPerSecond).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("formats as a table and as exact JSON", async () => {
    const r = await scan([FORMATS]);
    const text = formatScan(r);
    expect(text).toContain("Partitions (security × Sydney trading date): 2");
    expect(text).toMatch(/85603\s+2024-09-04\s+3\s+3\s+3\s+3/);
    expect(text).toContain("9 rows read = 9 accepted + 0 rejected");
    const json = JSON.parse(scanToJson(r)) as { partitions: { firstTsNs: string }[] };
    expect(json.partitions[0]?.firstTsNs).toBe("1725494536000532398");
  });

  it("accepts globs and refuses a pattern that matches nothing", async () => {
    const r = await scan([`${FORMATS}/trades-*.csv`]);
    expect(r.totals.rowsRead).toBe(4);
    await expect(scan([`${FORMATS}/nothing-*.csv`])).rejects.toMatchObject({ code: "unreadable" });
  });
});
