import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS, readAll, tmp, writeFixture } from "../helpers.js";

// Headers a spreadsheet writes: trailing empty columns, another delimiter, UTF-16. Before, two
// trailing commas refused the file as `column "" appears twice`, and a semicolon, tab or UTF-16 file
// was only "missing required column(s)" with its header quoted back (UTF-16 as spaced-out garbage).

const dir = tmp();
const ORDERS = readFileSync(join(FORMATS, "orders-example.csv"), "utf8");

describe("headers a spreadsheet writes", () => {
  it("two or more unnamed columns (trailing commas) are unknown columns, not duplicates", async () => {
    const text = ORDERS.trimEnd()
      .split("\n")
      .map((l) => `${l},,`)
      .join("\n");
    const got = await readAll(writeFixture(dir, "orders-trailing.csv", `${text}\n`));
    expect(got.rejects).toEqual([]);
    expect(got.csv).toBe((await readAll(join(FORMATS, "orders-example.csv"))).csv);
  });

  it("a semicolon- or tab-separated file is refused naming its delimiter", async () => {
    for (const [name, sep, word] of [
      ["orders-semi.csv", ";", "semicolons"],
      ["orders-tab.csv", "\t", "tabs"],
    ] as const) {
      const file = writeFixture(dir, name, ORDERS.replaceAll(",", sep));
      await expect(readAll(file)).rejects.toMatchObject({ code: "missing_column" });
      await expect(readAll(file)).rejects.toThrow(`its header is separated by ${word}, not commas`);
    }
  });

  it("a UTF-16 file is refused as such (unknown_format), not as missing columns", async () => {
    const file = writeFixture(dir, "orders-utf16.csv", Buffer.from(`\ufeff${ORDERS}`, "utf16le"));
    await expect(readAll(file)).rejects.toMatchObject({ code: "unknown_format" });
    await expect(readAll(file)).rejects.toThrow("UTF-16");
  });
});

describe("gzip data under a .csv name", () => {
  it("is refused as unknown_format saying to rename it .csv.gz (not as UTF-16 or missing columns)", async () => {
    const { gzipSync } = await import("node:zlib");
    const { writeFileSync } = await import("node:fs");
    const file = join(dir, "orders-packed.csv");
    writeFileSync(file, gzipSync(ORDERS));
    await expect(readAll(file)).rejects.toMatchObject({ code: "unknown_format" });
    await expect(readAll(file)).rejects.toThrow("holds gzip-compressed data: rename it to orders-packed.csv.gz");
  });
});

describe("a header with quotes a spreadsheet or a script wrote", () => {
  it('quoted names after a space ("a", "b"): read as the names, the rows as usual', async () => {
    const [head, ...rows] = ORDERS.trimEnd().split("\n") as [string, ...string[]];
    const spaced = head
      .split(",")
      .map((n) => `"${n}"`)
      .join(", ");
    const got = await readAll(writeFixture(dir, "orders-spaced-quotes.csv", `${spaced}\n${rows.join("\n")}\n`));
    expect(got.rejects).toEqual([]);
    expect(got.csv).toBe((await readAll(join(FORMATS, "orders-example.csv"))).csv);
  });

  it("a header that is not CSV at all is unknown_format saying what is wrong, not empty_file", async () => {
    const file = writeFixture(dir, "orders-bad-quote.csv", `order_id,"exchange" x,timestamp\n1,2,3\n`);
    await expect(readAll(file)).rejects.toMatchObject({ code: "unknown_format" });
    await expect(readAll(file)).rejects.toThrow(
      /its header line is not valid CSV \(.*\): a quote must enclose a whole name \("a","b"\); save the file again as CSV/,
    );
  });
});
