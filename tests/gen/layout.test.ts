import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_HEADER, NBBO_HEADER, TRADE_HEADER } from "../../src/model/headers.js";
import { sydneyLocalToUtcNs, sydneyOffsetHours, tradingDate } from "../../src/model/time.js";
import { big, type Dataset, generateAndRead, groupBy, num, readTable, SMALL, tempDir } from "./dataset.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "formats");
const tmp = tempDir();
let ds: Dataset;
beforeAll(async () => {
  ds = await generateAndRead(SMALL, tmp.dir);
});
afterAll(() => tmp.cleanup());

const rawLines = (path: string): string[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0);

describe("written files", () => {
  it("lists the per-date orders and trades files, nbbo and the reference files", () => {
    const dates = ["2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"];
    expect(ds.summary.dates).toEqual(dates);
    expect(ds.summary.securities).toEqual(["110621", "110622", "110623"]);
    expect(ds.summary.files.map((f) => f.slice(tmp.dir.length + 1))).toEqual([
      "nbbo.csv",
      ...dates.flatMap((d) => [`orders/orders-${d}.csv`, `trades/trades-${d}.csv`]),
      "ob.csv",
      "par.csv",
      "session.csv",
    ]);
  });

  it("writes exactly the model headers", () => {
    for (const t of ds.ordersByDate.values()) expect(t.header).toEqual([...ORDER_HEADER]);
    for (const t of ds.tradesByDate.values()) expect(t.header).toEqual([...TRADE_HEADER]);
    expect(ds.nbbo.header).toEqual([...NBBO_HEADER]);
  });

  it("hits the order row target within 5 % and reports exact row counts", () => {
    expect(Math.abs(ds.summary.orderRows - SMALL.orders) / SMALL.orders).toBeLessThan(0.05);
    expect(ds.orders).toHaveLength(ds.summary.orderRows);
    expect(ds.trades).toHaveLength(ds.summary.tradeRows);
    expect(ds.nbbo.rows).toHaveLength(ds.summary.nbboRows);
  });

  it("numbers rows 1… per file", () => {
    for (const t of [...ds.ordersByDate.values(), ...ds.tradesByDate.values()]) {
      t.rows.forEach((r, i) => expect(r.row_num).toBe(String(i + 1)));
    }
  });

  it("dates every row by its Sydney trading date, across the DST start of 2024-10-06", () => {
    for (const [date, t] of ds.ordersByDate) {
      for (const r of t.rows) {
        expect(r.date).toBe(date);
        expect(tradingDate(big(r, "timestamp"))).toBe(date);
      }
    }
    for (const [date, t] of ds.tradesByDate)
      for (const r of t.rows) expect(tradingDate(big(r, "tradetime"))).toBe(date);
    const firstTs = (d: string): bigint => big(ds.ordersByDate.get(d)?.rows[0] ?? {}, "timestamp");
    expect(sydneyOffsetHours(firstTs("2024-10-04"))).toBe(10);
    expect(sydneyOffsetHours(firstTs("2024-10-07"))).toBe(11);
  });

  it("keeps every order event inside the 10:00–16:00 Sydney session", () => {
    for (const [date, t] of ds.ordersByDate) {
      const open = sydneyLocalToUtcNs(date, 10 * 3600);
      const close = sydneyLocalToUtcNs(date, 16 * 3600);
      for (const r of t.rows) {
        const ts = big(r, "timestamp");
        expect(ts >= open && ts < close, `${date} ${ts}`).toBe(true);
      }
    }
  });

  it("writes rows in time order, interleaving the securities", () => {
    for (const t of [...ds.ordersByDate.values()]) {
      const ts = t.rows.map((r) => big(r, "timestamp"));
      expect(ts.every((x, i) => i === 0 || x >= (ts[i - 1] ?? 0n))).toBe(true);
      const switches = t.rows.filter((r, i) => i > 0 && r.security_code !== t.rows[i - 1]?.security_code).length;
      expect(switches).toBeGreaterThan(t.rows.length / 10);
    }
    for (const t of [...ds.tradesByDate.values()]) {
      const ts = t.rows.map((r) => big(r, "tradetime"));
      expect(ts.every((x, i) => i === 0 || x >= (ts[i - 1] ?? 0n))).toBe(true);
    }
  });

  it("writes 64-bit ids exactly, above 2^53", () => {
    const idRe = /^[1-9]\d{18}$/;
    const ids = [
      ...ds.orders.map((r) => r.order_id ?? ""),
      ...ds.trades.flatMap((r) => [r.orderid ?? "", r.matchgroupid ?? ""]),
    ];
    for (const id of ids) {
      expect(id).toMatch(idRe);
      expect(BigInt(id) > 2n ** 53n).toBe(true);
      expect(BigInt(id).toString()).toBe(id);
    }
    // A float round-trip would corrupt them: at least some ids are not representable as a double.
    expect(ids.some((id) => BigInt(Number(id)).toString() !== id)).toBe(true);
    const orderIds = new Set(ds.orders.map((r) => r.order_id));
    for (const t of ds.trades) expect(orderIds.has(t.orderid), t.orderid).toBe(true);
    const adds = ds.orders.filter((r) => r.changereason === "6").map((r) => r.order_id);
    expect(new Set(adds).size).toBe(adds.length);
  });
});

describe("reference files", () => {
  it("ob.csv matches the real header, with the leading-space quirk, one row per security", () => {
    const real = rawLines(join(FIXTURES, "ob.csv"));
    const ours = rawLines(join(tmp.dir, "ob.csv"));
    expect(ours[0]).toBe(real[0]);
    expect(ours).toHaveLength(4);
    for (const l of ours) expect(l.startsWith(" ")).toBe(true);
    const ob = readTable(join(tmp.dir, "ob.csv"));
    const real1 = readTable(join(FIXTURES, "ob.csv"));
    expect(ob.rows.every((r) => Object.keys(r).length === Object.keys(real1.rows[0] ?? {}).length)).toBe(true);
    expect(ob.rows.map((r) => r[" Partition"])).toEqual([" ASX", " ASX", " ASX"]);
    expect(ob.rows.map((r) => r.Id)).toEqual(["110621", "110622", "110623"]);
    expect(ob.rows.map((r) => r.DecimalsInPrice)).toEqual(["3", "3", "2"]);
    expect(ob.rows[0]?.OrderTypeAttributes).toBe("LimitAllowed,CenterPointSweepLimitAllowed");
  });

  it("par.csv matches the real header and has 8–12 participants 1001…", () => {
    const real = readTable(join(FIXTURES, "par.csv"));
    const par = readTable(join(tmp.dir, "par.csv"));
    expect(par.header).toEqual(real.header);
    expect(par.rows.length).toBeGreaterThanOrEqual(8);
    expect(par.rows.length).toBeLessThanOrEqual(12);
    expect(par.rows.map((r) => r.Id)).toEqual(par.rows.map((_, i) => String(1001 + i)));
    const ids = new Set(par.rows.map((r) => r.Id));
    for (const r of ds.orders) expect(ids.has(r.participantid)).toBe(true);
    for (const r of ds.trades) expect(ids.has(r.participantid)).toBe(true);
    // Skewed: the busiest participant sends far more orders than the quietest.
    const counts = [
      ...groupBy(
        ds.orders.filter((r) => r.changereason === "6"),
        (r) => r.participantid ?? "",
      ).values(),
    ].map((l) => l.length);
    expect(Math.max(...counts)).toBeGreaterThan(4 * Math.min(...counts));
  });

  it("session.csv has the real header and phases, per security and date, at Sydney local times", () => {
    const realLines = rawLines(join(FIXTURES, "session.csv"));
    const lines = rawLines(join(tmp.dir, "session.csv"));
    expect(lines[0]).toBe(realLines[0]);
    for (const l of lines) expect(l.startsWith(" ")).toBe(true);
    const real = readTable(join(FIXTURES, "session.csv"));
    const s = readTable(join(tmp.dir, "session.csv"));
    expect(s.rows).toHaveLength(3 * 4 * 9);
    const phases = real.rows.map((r) => r.Name);
    const bySecDate = groupBy(s.rows, (r) => `${r.OrderBookId}|${r.TradeDate}`);
    expect(bySecDate.size).toBe(12);
    for (const rows of bySecDate.values()) expect(rows.map((r) => r.Name)).toEqual(phases);
    const at = (date: string, name: string, code = "110621"): string | undefined =>
      s.rows.find(
        (r) => r.OrderBookId === code && r.Name === name && r.TradeDate === String(sydneyLocalToUtcNs(date, 0)),
      )?.Timestamp;
    expect(at("2024-10-04", "OPEN")).toBe(String(sydneyLocalToUtcNs("2024-10-04", 36000)));
    expect(at("2024-10-07", "OPEN")).toBe("1728255600000000000"); // 2024-10-06T23:00Z = 10:00 AEDT
    expect(at("2024-10-04", "OPEN")).toBe("1728000000000000000"); // 2024-10-04T00:00Z = 10:00 AEST
    expect(at("2024-10-02", "CLOSE")).toBe(String(sydneyLocalToUtcNs("2024-10-02", 16 * 3600 + 12 * 60)));
    expect(s.rows.filter((r) => r.isEndOfTrading === "1").every((r) => r.Name === "CLOSE")).toBe(true);
  });

  it("prices are tick multiples around A$5–A$60 with the security's decimals", () => {
    const tick = new Map([
      ["110621", 10],
      ["110622", 10],
      ["110623", 1],
    ]);
    const scale = new Map([
      ["110621", 1000],
      ["110622", 1000],
      ["110623", 100],
    ]);
    for (const r of ds.orders) {
      const code = r.security_code ?? "";
      const p = num(r, "price");
      if (r.ordertype === "2") {
        expect(p).toBe(0);
        continue;
      }
      expect(p % (tick.get(code) ?? 0)).toBe(0);
      const aud = p / (scale.get(code) ?? 1);
      expect(aud > 3 && aud < 100, `${code} ${p}`).toBe(true);
    }
  });
});
