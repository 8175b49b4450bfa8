import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { discoverInputs } from "../../src/io/inputs/inputs.js";
import { formatInputListing } from "../../src/io/inputs/input-format.js";
import { scan } from "../../src/io/scan/scan.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";

// A copy of an input compressed (`gzip -k orders.csv` leaves orders.csv and orders.csv.gz side by
// side) or compressed again at another level: the same rows under other bytes. Before, only equal
// bytes made a copy, so such a pair was read twice — every row twice in the store, counted by the
// jobs as repeated events (and doubled under `duplicates: keep`).

const TRADES = readFileSync(join(FORMATS, "trades-example.csv"), "utf8");
const OLD = new Date("2024-10-02T08:00:00Z");

async function tradeRows(inputs: string[]): Promise<number> {
  const r = await scan(inputs);
  return r.partitions.reduce((s, p) => s + p.tradeRows, 0);
}

describe("copies under another compression", () => {
  it("trades.csv and trades.csv.gz of the same rows: read once, the older kept, the other listed", async () => {
    const dir = tmp();
    const plain = writeFixture(dir, "trades.csv", TRADES);
    const gz = writeFixture(dir, "trades.csv.gz", TRADES);
    utimesSync(plain, OLD, OLD);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([{ file: gz, sameAs: plain, reason: "same_content" }]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["trades.csv"]);
    expect(await tradeRows([dir])).toBe(4);
    expect(formatInputListing(l)).toContain(
      `  WARNING ${gz} is a copy of ${plain} (the same data once decompressed): only ${plain} is read`,
    );
  });

  it("two gzip files of the same rows at other compression levels are copies; other rows are not", async () => {
    const dir = tmp();
    // Written as they are (writeFixture would gzip them again).
    const put = (name: string, bytes: Buffer): string => (writeFileSync(join(dir, name), bytes), join(dir, name));
    const a = put("trades-a.csv.gz", gzipSync(TRADES, { level: 1 }));
    const b = put("trades-b.csv.gz", gzipSync(TRADES, { level: 9 }));
    expect(a.length > 0 && !readFileSync(a).equals(readFileSync(b))).toBe(true);
    // Same uncompressed size, one digit different: not a copy.
    writeFixture(dir, "trades-c.csv.gz", TRADES.replace("3113625", "3113629"));
    writeFixture(dir, "trades-d.csv", TRADES.replace("3113626", "3113628"));
    utimesSync(a, OLD, OLD);
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([{ file: b, sameAs: a, reason: "same_content" }]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["trades-a.csv.gz", "trades-c.csv.gz", "trades-d.csv"]);
    expect(await tradeRows([dir])).toBe(12);
  });

  it("a damaged gzip file is never taken for a copy (it reaches the reader, which reports it)", async () => {
    const dir = tmp();
    const whole = gzipSync(TRADES);
    const plain = writeFixture(dir, "trades.csv", TRADES);
    // Its last 4 bytes (the uncompressed size) kept, the middle cut out.
    writeFileSync(join(dir, "trades-cut.csv.gz"), Buffer.concat([whole.subarray(0, 40), whole.subarray(-8)]));
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([]);
    expect(l.data.map((d) => d.file)).toContain(plain);
  });
});
