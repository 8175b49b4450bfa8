import { copyFileSync, mkdirSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { discoverInputs, expandInputs, OUTPUT_MARKER } from "../../src/io/inputs/inputs.js";
import { useFoundReference } from "../../src/io/inputs/input-reference.js";
import { scan } from "../../src/io/scan/scan.js";
import { FORMATS, stubOrder, stubTrade, tmp, writeFixture } from "../helpers.js";
import { ORDER_HEADER, TRADE_HEADER } from "../../src/model/headers.js";

const ORDERS = `${ORDER_HEADER.join(",")}\n${stubOrder()}\n${stubOrder({ order_id: "7898856358160837783", sequence: "72468" })}\n`;
const TRADES = `${TRADE_HEADER.join(",")}\n${stubTrade()}\n${stubTrade({ sequence: "3113625", side: "2", orderid: "7904794000123705673" })}\n`;

/** A folder with one orders file (2 rows) and one trades file (2 legs) under plain names. */
function dataDir(): string {
  const dir = tmp();
  writeFixture(dir, "orders.csv", ORDERS);
  writeFixture(dir, "trades.csv", TRADES);
  return dir;
}

/** Total trade and order rows over the scan's partitions. */
async function rowCounts(inputs: string[]): Promise<{ orders: number; trades: number }> {
  const r = await scan(inputs);
  return {
    orders: r.partitions.reduce((s, p) => s + p.orderRows, 0),
    trades: r.partitions.reduce((s, p) => s + p.tradeRows, 0),
  };
}

describe("inputs found by content (issue 12.5)", () => {
  it("reads drr_trades.csv and my-orders.csv.gz by their headers and lists notes.csv as ignored", async () => {
    const dir = tmp();
    writeFixture(dir, "drr_trades.csv", TRADES);
    writeFixture(dir, "my-orders.csv.gz", ORDERS);
    writeFixture(dir, "notes.csv", "a,b,c\n1,2,3\n");
    writeFixture(dir, "readme.txt", "not a csv");
    const r = await scan([dir]);
    expect(r.files.map((f) => [relative(dir, f.file), f.table, f.accepted])).toEqual([
      ["drr_trades.csv", "trades", 2],
      ["my-orders.csv.gz", "orders", 2],
    ]);
    expect(r.inputs?.ignored).toEqual([
      { file: join(dir, "notes.csv"), reason: "header matches no known table: first columns a, b, c" },
    ]);
  });

  it("recognises every table from its header whatever the file is called, case-insensitive extension", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "ref", "deep"), { recursive: true });
    writeFixture(dir, "cba_20240505_trades.CSV", readFileSync(join(FORMATS, "trades-example.csv")));
    writeFixture(dir, "x1.csv", readFileSync(join(FORMATS, "orders-example.csv")));
    writeFileSync(join(dir, "quotes.Csv.Gz"), gzipSync(readFileSync(join(FORMATS, "nbbo.csv"))));
    writeFixture(dir, "ref/instr.csv", readFileSync(join(FORMATS, "ob.csv")));
    writeFixture(dir, "ref/deep/p.csv", readFileSync(join(FORMATS, "par.csv")));
    writeFixture(dir, "ref/phases.csv.gz", readFileSync(join(FORMATS, "session.csv")));
    const l = await discoverInputs([dir]);
    expect(l.data.map((d) => [relative(dir, d.file), d.table])).toEqual([
      ["cba_20240505_trades.CSV", "trades"],
      ["quotes.Csv.Gz", "nbbo"],
      ["x1.csv", "orders"],
    ]);
    expect(l.reference.map((d) => [relative(dir, d.file), d.table])).toEqual([
      ["ref/deep/p.csv", "participants"],
      ["ref/instr.csv", "instruments"],
      ["ref/phases.csv.gz", "sessions"],
    ]);
    expect(l.ignored).toEqual([]);
  });

  it("an explicitly named file with an unknown header still fails the check (unknown_format), not ignored", async () => {
    const dir = tmp();
    const f = writeFixture(dir, "extract.csv", "a,b,c\n1,2,3\n");
    writeFixture(dir, "orders.csv", ORDERS);
    expect(await expandInputs([f, join(dir, "orders.csv")])).toEqual([f, join(dir, "orders.csv")]);
    await expect(scan([f])).rejects.toMatchObject({ errors: [{ code: "unknown_format", file: f }] });
  });

  it("a folder holding no .csv file beside one that does is an `unreadable` input, as before", async () => {
    const dir = dataDir();
    const empty = tmp();
    writeFixture(empty, "readme.txt", "no tables here");
    await expect(expandInputs([dir, empty])).rejects.toMatchObject({ code: "unreadable", file: empty });
  });

  it("a folder holding no table is an `unreadable` input naming what was ignored", async () => {
    const dir = tmp();
    writeFixture(dir, "notes.csv", "a,b,c\n");
    await expect(expandInputs([dir])).rejects.toMatchObject({
      code: "unreadable",
      message: expect.stringContaining("notes.csv: header matches no known table: first columns a, b, c"),
    });
  });
});

describe("de-duplicated inputs (issue 13.2)", () => {
  it("a folder and a file in it (spelt differently) read the file once and report the duplicate", async () => {
    const dir = dataDir();
    const again = relative(process.cwd(), join(dir, "trades.csv"));
    expect(await rowCounts([dir, again])).toEqual({ orders: 2, trades: 2 });
    const l = await discoverInputs([dir, again]);
    expect(l.duplicates).toEqual([{ file: again, sameAs: join(dir, "trades.csv"), reason: "same_file" }]);
  });

  it("a folder whose only table is also named explicitly (same spelling) is not taken for an ignored-only input", async () => {
    const dir = tmp();
    const trades = writeFixture(dir, "trades.csv", TRADES);
    writeFixture(dir, "notes.csv", "a,b,c\n");
    expect(await expandInputs([dir, trades])).toEqual([trades]);
  });

  it("a folder reachable through a symlink is read once", async () => {
    const dir = dataDir();
    const link = join(tmp(), "alias");
    symlinkSync(dir, link);
    expect(await rowCounts([dir, link])).toEqual({ orders: 2, trades: 2 });
    const l = await discoverInputs([link, dir]);
    expect(l.data.map((d) => d.file)).toEqual([join(dir, "orders.csv"), join(dir, "trades.csv")]);
    expect(l.skipped).toEqual([
      {
        path: link,
        code: "same_folder",
        reason: `the same folder as ${dir}: read once`,
      },
    ]);
  });

  it("a folder given twice is read once and said so", async () => {
    const dir = dataDir();
    expect(await rowCounts([dir, dir])).toEqual({ orders: 2, trades: 2 });
    const l = await discoverInputs([dir, `${dir}/`]);
    expect(l.duplicates).toEqual([]);
    expect(l.skipped).toEqual([
      { path: `${dir}/`, code: "same_folder", reason: `the same folder as ${dir}: read once` },
    ]);
  });

  it("a glob does not pick files inside an output folder", async () => {
    const dir = dataDir();
    mkdirSync(join(dir, "out", "agg"), { recursive: true });
    writeFileSync(join(dir, "out", OUTPUT_MARKER), "{}\n");
    writeFixture(dir, "out/agg/trades-copy.csv", TRADES.replace("3113625", "3113626"));
    const l = await discoverInputs([`${dir}/**/*.csv`]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["orders.csv", "trades.csv"]);
    expect(l.skipped).toEqual([
      {
        path: join(dir, "out"),
        code: "output_folder",
        reason: `a sweeplab output folder (holds ${OUTPUT_MARKER}): not read`,
      },
    ]);
  });

  it("a link to a file beside it is read once, by the file's own path", async () => {
    const dir = dataDir();
    symlinkSync(join(dir, "trades.csv"), join(dir, "trades-link.csv")); // met first in the walk
    expect(await rowCounts([dir])).toEqual({ orders: 2, trades: 2 });
    expect((await discoverInputs([dir])).duplicates).toEqual([
      { file: join(dir, "trades-link.csv"), sameAs: join(dir, "trades.csv"), reason: "same_file" },
    ]);
  });

  it("a symlink loop is never followed twice", async () => {
    const dir = dataDir();
    mkdirSync(join(dir, "sub"));
    symlinkSync(dir, join(dir, "sub", "loop"));
    expect(await rowCounts([dir])).toEqual({ orders: 2, trades: 2 });
    const l = await discoverInputs([dir]);
    expect(l.skipped).toEqual([
      { path: join(dir, "sub", "loop"), code: "link_loop", reason: `a link back to ${dir}: not followed` },
    ]);
  });

  it("an output folder (holding .sweeplab-output.json) inside an input folder is not read", async () => {
    const dir = dataDir();
    const out = join(dir, "processed_files");
    mkdirSync(join(out, "x"), { recursive: true });
    writeFileSync(join(out, OUTPUT_MARKER), "{}\n");
    writeFixture(out, "x/trades-copy.csv", TRADES.replace("3113625", "3113626")); // not the same bytes
    expect(OUTPUT_MARKER).toBe(".sweeplab-output.json");
    expect(await rowCounts([dir])).toEqual({ orders: 2, trades: 2 });
    const l = await discoverInputs([dir]);
    expect(l.skipped).toEqual([
      { path: out, code: "output_folder", reason: `a sweeplab output folder (holds ${OUTPUT_MARKER}): not read` },
    ]);
  });

  it("an output folder of a version before the marker (holding run_manifest.json) is not read", async () => {
    const dir = dataDir();
    const out = join(dir, "processed_files");
    mkdirSync(join(out, "by_security"), { recursive: true });
    writeFileSync(join(out, "run_manifest.json"), "{}\n");
    writeFixture(out, "by_security/orders.csv.gz", ORDERS.replace("72468", "72469"));
    expect(await rowCounts([dir])).toEqual({ orders: 2, trades: 2 });
    expect((await discoverInputs([dir])).skipped).toEqual([
      { path: out, code: "output_folder", reason: "a sweeplab output folder (holds run_manifest.json): not read" },
    ]);
  });

  it("the run's own output folder is not read even without the marker", async () => {
    const dir = dataDir();
    const out = join(dir, "out");
    mkdirSync(out);
    writeFixture(out, "trades-copy.csv", TRADES.replace("3113625", "3113626"));
    const l = await discoverInputs([dir], { outputDir: relative(process.cwd(), out) });
    expect(l.data.map((d) => d.file)).toEqual([join(dir, "orders.csv"), join(dir, "trades.csv")]);
    expect(l.skipped).toEqual([{ path: out, code: "run_output", reason: "the run's own output folder: not read" }]);
  });

  it("a resent copy (same bytes under another name) is read once, with a warning naming both", async () => {
    const dir = dataDir();
    copyFileSync(join(dir, "trades.csv"), join(dir, "trades-resent.csv"));
    writeFixture(dir, "trades-other.csv", TRADES.replace("3113625", "3113627")); // same size, other bytes
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([
      { file: join(dir, "trades-resent.csv"), sameAs: join(dir, "trades.csv"), reason: "same_content" },
    ]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["orders.csv", "trades-other.csv", "trades.csv"]);
    expect(await rowCounts([dir])).toEqual({ orders: 2, trades: 4 });
  });

  it("of two copies the older one is read, whatever the names", async () => {
    const dir = dataDir();
    const older = join(dir, "trades-2024-10-02-original.csv");
    renameSync(join(dir, "trades.csv"), older);
    utimesSync(older, new Date("2024-10-02T08:00:00Z"), new Date("2024-10-02T08:00:00Z"));
    copyFileSync(older, join(dir, "t.csv"));
    const l = await discoverInputs([dir]);
    expect(l.duplicates).toEqual([{ file: join(dir, "t.csv"), sameAs: older, reason: "same_content" }]);
  });

  it("two empty files are not taken for copies of each other (both reach the header check)", async () => {
    const dir = tmp();
    writeFixture(dir, "orders-a.csv", "");
    writeFixture(dir, "orders-b.csv", "");
    expect(await expandInputs([dir])).toEqual([join(dir, "orders-a.csv"), join(dir, "orders-b.csv")]);
  });
});

describe("header recognition and found reference tables", () => {
  it("a folder file holding most orders columns is an orders file whose missing column is reported", async () => {
    const dir = tmp();
    const f = writeFixture(dir, "extract.csv", ORDERS.replace("security_code,", "").replace(/\n.*\n.*\n$/, "\n"));
    expect((await discoverInputs([dir])).data).toEqual([{ file: f, table: "orders" }]);
    await expect(scan([dir])).rejects.toMatchObject({ errors: [{ code: "missing_column", file: f }] });
  });

  it("a job's classified.csv (order_id and security_code, few orders columns) found in a folder is ignored", async () => {
    const dir = dataDir();
    writeFixture(
      dir,
      "classified.csv",
      "security_code,date,order_id,participant_id,side,group\nBHP,2024-10-02,1,2,1,a\n",
    );
    const l = await discoverInputs([dir]);
    expect(l.data.map((d) => relative(dir, d.file))).toEqual(["orders.csv", "trades.csv"]);
    expect(l.ignored).toEqual([
      {
        file: join(dir, "classified.csv"),
        reason: "header matches no known table: first columns security_code, date, order_id, …",
      },
    ]);
  });

  it("a reference table is taken only when the config leaves it unset and exactly one is found", async () => {
    const dir = dataDir();
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeFixture(dir, "a/ob.csv", readFileSync(join(FORMATS, "ob.csv")));
    writeFixture(dir, "b/ob.csv", readFileSync(join(FORMATS, "ob.csv"), "utf8").replace("\n", "\n\n")); // other bytes
    writeFixture(dir, "par.csv", readFileSync(join(FORMATS, "par.csv")));
    writeFixture(dir, "session.csv", readFileSync(join(FORMATS, "session.csv")));
    const mine = join(tmp(), "session.csv");
    const { listing, reference } = await useFoundReference(await discoverInputs([dir]), { sessions: mine });
    expect(reference).toEqual({ participants: join(dir, "par.csv"), sessions: mine });
    expect(listing.reference.map((r) => [relative(dir, r.file), r.note])).toEqual([
      ["a/ob.csv", "not used: 2 instruments files among the inputs; name one in the config's reference.instruments"],
      ["b/ob.csv", "not used: 2 instruments files among the inputs; name one in the config's reference.instruments"],
      ["par.csv", "taken as reference.participants (the config names none)"],
      ["session.csv", `not used: the config's reference.sessions names ${mine}`],
    ]);
  });
});
