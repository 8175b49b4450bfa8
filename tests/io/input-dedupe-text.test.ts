import { readFileSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverInputs } from "../../src/io/inputs/inputs.js";
import { formatInputListing } from "../../src/io/inputs/input-format.js";
import { scan } from "../../src/io/scan/scan.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";

// A copy of an input that differs only in its line ends (a Windows export of the same extract:
// CRLF) or only in a UTF-8 BOM. Before, only equal bytes (or equal bytes once decompressed) made a
// copy, so `orders.csv` beside `orders-win.csv` was read twice: every row twice in the store,
// dropped by the jobs as repeated events, and doubled in every output under `duplicates: keep`.

const TRADES = readFileSync(join(FORMATS, "trades-example.csv"), "utf8");
const crlf = (text: string): string => text.replace(/\n/g, "\r\n");
const BOM = "\ufeff";
const OLD = new Date("2024-10-02T08:00:00Z");
const OLDER = new Date("2024-10-01T08:00:00Z");

async function tradeRows(inputs: string[]): Promise<number> {
  const r = await scan(inputs);
  return r.partitions.reduce((s, p) => s + p.tradeRows, 0);
}

/** A trades file of `n` rows (about 150 bytes each), row `change` (if any) with another price. */
function bigTrades(n: number, change?: number): string {
  const [head, row] = TRADES.split("\n") as [string, string];
  const f = row.split(",");
  const rows = Array.from({ length: n }, (_, i) => {
    const g = [...f];
    g[1] = String(3_000_000 + i); // sequence
    g[18] = String(i + 1); // row_num
    if (i === change) g[12] = "3339"; // tradeprice
    return g.join(",");
  });
  return [head, ...rows].join("\n") + "\n";
}

describe("copies that differ only in line ends or a BOM", () => {
  // The older file is read, whichever it is (the rule of every copy: oldest, shortest name, path).
  it.each(["trades.csv", "trades-win.csv"])(
    "trades.csv (LF) and trades-win.csv (CRLF) of the same rows: read once, the older (%s) kept, the other listed",
    async (older) => {
      const dir = tmp();
      const lf = writeFixture(dir, "trades.csv", TRADES);
      const win = writeFixture(dir, "trades-win.csv", crlf(TRADES));
      const [keep, copy] = older === "trades.csv" ? [lf, win] : [win, lf];
      utimesSync(keep, OLD, OLD);
      const l = await discoverInputs([dir]);
      expect(l.duplicates).toEqual([{ file: copy, sameAs: keep, reason: "same_content", differsIn: "line_ends" }]);
      expect(l.data.map((d) => d.file)).toEqual([keep]);
      expect(await tradeRows([dir])).toBe(4);
      expect(formatInputListing(l)).toContain(
        `  WARNING ${copy} is a copy of ${keep} (the same text but for line ends or a byte order mark): only ${keep} is read`,
      );
    },
  );

  it("a copy with a UTF-8 BOM, and one with a BOM and CRLF, are copies", async () => {
    const dir = tmp();
    const plain = writeFixture(dir, "trades.csv", TRADES);
    const bom = writeFixture(dir, "trades-bom.csv", BOM + TRADES);
    const both = writeFixture(dir, "trades-excel.csv", BOM + crlf(TRADES));
    utimesSync(plain, OLD, OLD);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([
      { file: bom, sameAs: plain, reason: "same_content", differsIn: "line_ends" },
      { file: both, sameAs: plain, reason: "same_content", differsIn: "line_ends" },
    ]);
    expect(await tradeRows([dir])).toBe(4);
  });

  it("a gzipped CRLF copy is a copy; with an exact gzip copy too, all three are one group, one file read", async () => {
    const dir = tmp();
    const plain = writeFixture(dir, "trades.csv", TRADES);
    const gz = writeFixture(dir, "trades.csv.gz", TRADES); // the same bytes compressed
    const winGz = writeFixture(dir, "trades-win.csv.gz", BOM + crlf(TRADES));
    // The CRLF copy is the oldest: it is the one read, and both others name it.
    utimesSync(winGz, OLDER, OLDER);
    utimesSync(plain, OLD, OLD);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([
      { file: plain, sameAs: winGz, reason: "same_content", differsIn: "line_ends" },
      { file: gz, sameAs: winGz, reason: "same_content", differsIn: "line_ends" },
    ]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["trades-win.csv.gz"]);
    expect(await tradeRows([dir])).toBe(4);
  });

  it("an exact copy stays listed as the same bytes beside a line-end copy", async () => {
    const dir = tmp();
    const plain = writeFixture(dir, "trades.csv", TRADES);
    const resent = writeFixture(dir, "trades-resent.csv", TRADES);
    const win = writeFixture(dir, "trades-win.csv", crlf(TRADES));
    utimesSync(plain, OLDER, OLDER);
    utimesSync(resent, OLD, OLD);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([
      { file: resent, sameAs: plain, reason: "same_content" },
      { file: win, sameAs: plain, reason: "same_content", differsIn: "line_ends" },
    ]);
    expect(formatInputListing(l)).toContain(
      `  WARNING ${resent} is a copy of ${plain} (the same bytes): only ${plain} is read`,
    );
  });

  // A Windows export without the final CRLF (or an original without its final LF): before, the texts
  // differed by that last line end, the copy was read as a second input and every row counted twice.
  it.each([
    ["the copy lacks the final CRLF", TRADES, crlf(TRADES).slice(0, -2)],
    ["the original lacks the final LF", TRADES.slice(0, -1), BOM + crlf(TRADES)],
    ["the copy ends in blank lines", TRADES, crlf(TRADES) + "\r\n\r\n"],
  ])("%s: a copy, named with the file read, in plain and gzip form", async (_, original, copy) => {
    expect(TRADES.endsWith("\n")).toBe(true);
    const dir = tmp();
    const plain = writeFixture(dir, "trades.csv", original);
    const win = writeFixture(dir, "trades-win.csv", copy);
    const winGz = writeFixture(dir, "trades-win.csv.gz", copy);
    utimesSync(plain, OLDER, OLDER);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([
      { file: win, sameAs: plain, reason: "same_content", differsIn: "line_ends" },
      { file: winGz, sameAs: plain, reason: "same_content", differsIn: "line_ends" },
    ]);
    expect(l.data.map((d) => d.file)).toEqual([plain]);
    expect(formatInputListing(l)).toContain(
      `  WARNING ${win} is a copy of ${plain} (the same text but for line ends or a byte order mark): only ${plain} is read`,
    );
    expect(await tradeRows([dir])).toBe(4);
  });

  it("large files: a copy without the final line end is found past the head and tail windows", async () => {
    const dir = tmp();
    const text = bigTrades(5000);
    const plain = writeFixture(dir, "trades.csv", text);
    const win = writeFixture(dir, "trades-win.csv", crlf(text).slice(0, -2));
    const other = writeFixture(dir, "trades-other.csv", crlf(bigTrades(5000, 2500)).slice(0, -2));
    utimesSync(plain, OLDER, OLDER);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([{ file: win, sameAs: plain, reason: "same_content", differsIn: "line_ends" }]);
    expect(l.data.map((d) => d.file).sort()).toEqual([other, plain].sort());
  });

  it("equal heads and tails, one row different in the middle: both read (plain and gzip)", async () => {
    const dir = tmp();
    const a = bigTrades(5000);
    const b = bigTrades(5000, 2500);
    expect(a.length).toBeGreaterThan(4 * 128 * 1024); // the changed row is far from both ends
    expect(a.slice(0, 200_000)).toBe(b.slice(0, 200_000));
    expect(a.slice(-200_000)).toBe(b.slice(-200_000));
    writeFixture(dir, "trades.csv", a);
    writeFixture(dir, "trades-win.csv", crlf(b));
    writeFixture(dir, "trades-win.csv.gz", BOM + crlf(b));
    const l = await discoverInputs([dir]);
    // The two CRLF files hold the same rows: one copy. The LF file differs from them: read too.
    expect(l.duplicates.map((d) => relative(dir, d.file))).toEqual(["trades-win.csv.gz"]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["trades-win.csv", "trades.csv"]);
    expect(await tradeRows([dir])).toBe(10_000);
  });

  it("a file that is a longer version of another (equal head, more rows) is not a copy", async () => {
    const dir = tmp();
    writeFixture(dir, "trades.csv", bigTrades(3000));
    writeFixture(dir, "trades-win.csv", crlf(bigTrades(3001)));
    writeFixture(dir, "trades-win.csv.gz", crlf(bigTrades(2999)));
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([]);
    expect(l.data).toHaveLength(3);
  });
});
