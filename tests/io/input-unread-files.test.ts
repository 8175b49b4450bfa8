import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverInputs } from "../../src/io/inputs/inputs.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";

// Table data packed or saved in a form the reader does not read (orders.zip, trades.csv.bz2, a .tsv)
// beside the CSV files of a folder. Before, the folder walk did not see them at all: the run went on
// without those orders — every trade leg "of an unknown order" — and never named the file.

const TRADES = readFileSync(join(FORMATS, "trades-example.csv"), "utf8");

describe("files of a folder the reader cannot read", () => {
  it("are listed as ignored with the reason; .csv and .csv.gz are read; other files are not listed", async () => {
    const dir = tmp();
    writeFixture(dir, "trades.csv", TRADES);
    for (const name of ["orders.zip", "orders-2024.csv.bz2", "nbbo.csv.xz", "orders.tsv", "orders.gz"])
      writeFixture(dir, name, "not read");
    writeFixture(dir, "README.md", "notes");
    writeFixture(dir, "plot.png", "png");
    const l = await discoverInputs([dir]);
    expect(l.data.map((d) => d.file)).toEqual([join(dir, "trades.csv")]);
    expect(l.ignored.map((i) => i.file)).toEqual(
      ["nbbo.csv.xz", "orders-2024.csv.bz2", "orders.gz", "orders.tsv", "orders.zip"].map((n) => join(dir, n)),
    );
    expect(l.ignored.find((i) => i.file.endsWith("orders.zip"))?.reason).toBe(
      "not read: only .csv and .csv.gz files are read (unpack or convert it)",
    );
  });

  it("a folder holding only a zip is refused naming it, not as an input matching no file", async () => {
    const dir = tmp();
    writeFixture(dir, "orders.zip", "not read");
    await expect(discoverInputs([dir])).rejects.toThrow(/orders\.zip: not read: only \.csv and \.csv\.gz/);
  });

  it("a .csv that is no regular file (a named pipe) is listed as ignored, not passed over without a word", async () => {
    const dir = tmp();
    writeFixture(dir, "trades.csv", TRADES);
    execFileSync("mkfifo", [join(dir, "orders.csv")]);
    const l = await discoverInputs([dir]);
    expect(l.data.map((d) => d.file)).toEqual([join(dir, "trades.csv")]);
    expect(l.ignored).toEqual([
      { file: join(dir, "orders.csv"), reason: "not read: not a regular file (a named pipe, socket or device)" },
    ]);
  });

  it("so is a link named .csv to a named pipe", async () => {
    const dir = tmp();
    writeFixture(dir, "trades.csv", TRADES);
    const pipe = join(tmp(), "pipe");
    execFileSync("mkfifo", [pipe]);
    symlinkSync(pipe, join(dir, "orders.csv"));
    const l = await discoverInputs([dir]);
    expect(l.data.map((d) => d.file)).toEqual([join(dir, "trades.csv")]);
    expect(l.ignored).toEqual([
      { file: join(dir, "orders.csv"), reason: "not read: not a regular file (a named pipe, socket or device)" },
    ]);
  });
});
