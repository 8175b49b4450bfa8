import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS, readAll, tmp, writeFixture } from "../helpers.js";

/**
 * Empty trailing columns, as spreadsheet and database exports write them: a comma at the end of
 * every row (an empty field the header does not name), or an unnamed column at the end of the
 * header that the rows leave out. They hold no value, so the rows read exactly as the real example
 * does — before, every row of such a file was a `field_count` reject. A field beyond the header
 * that holds a value is still a `field_count` reject, saying what to check. General path and fast
 * path (7-byte and 1 MiB chunks).
 */
const dir = tmp("sweeplab-trailing-");
const READS = [{ fastPath: false }, { chunkSize: 7 }, { chunkSize: 1 << 20 }] as const;
const [HEAD, ...ROWS] = readFileSync(join(FORMATS, "orders-example.csv"), "utf8").trimEnd().split("\n") as [
  string,
  ...string[],
];

describe("empty trailing columns", () => {
  it("a comma (or two, or a space) at the end of every row: the same rows as the real example", async () => {
    const want = await readAll(join(FORMATS, "orders-example.csv"));
    expect(want.rows).toBe(3);
    const ends = [",", ",,", ", ", ",\t,"];
    const file = writeFixture(
      dir,
      "orders-trailing-commas.csv",
      `${HEAD}\n${ROWS.map((r, i) => r + (ends[i] ?? ",")).join("\n")}\n`,
    );
    for (const read of READS) {
      const got = await readAll(file, read);
      expect(got.rejects, JSON.stringify(read)).toEqual([]);
      expect(got.csv).toBe(want.csv);
      expect(got.report).toMatchObject({ rowsRead: 3, accepted: 3, rejected: 0 });
    }
  });

  it("CRLF line ends and a trailing comma together", async () => {
    const want = await readAll(join(FORMATS, "orders-example.csv"));
    const file = writeFixture(
      dir,
      "orders-trailing-crlf.csv",
      `${HEAD}\r\n${ROWS.map((r) => `${r},`).join("\r\n")}\r\n`,
    );
    for (const read of READS) expect((await readAll(file, read)).csv, JSON.stringify(read)).toBe(want.csv);
  });

  it("an unnamed column at the end of the header that the rows leave out", async () => {
    const want = await readAll(join(FORMATS, "orders-example.csv"));
    const file = writeFixture(dir, "orders-unnamed-tail.csv", `${HEAD},,\n${ROWS.join("\n")}\n`);
    for (const read of READS) {
      const got = await readAll(file, read);
      expect(got.rejects, JSON.stringify(read)).toEqual([]);
      expect(got.csv).toBe(want.csv);
    }
  });

  it("a field beyond the header holding a value is still a field_count reject, saying what to check", async () => {
    const file = writeFixture(dir, "orders-extra-value.csv", `${HEAD}\n${ROWS[0]},x\n${ROWS[1]}\n`);
    for (const read of READS) {
      const got = await readAll(file, read);
      expect(got.report).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
      expect(got.rejects[0]).toMatchObject({ line: 2, column: 31, code: "field_count" });
      expect(got.rejects[0]?.message).toBe(
        'expected the header\'s 30 fields, found 31 (field 31 is "x"): a value with an unquoted comma, or a column the header does not name',
      );
    }
  });

  it("a row short of a named column: field_count naming the first missing column", async () => {
    const short = (ROWS[0] as string).split(",").slice(0, 28).join(",");
    const file = writeFixture(dir, "orders-short.csv", `${HEAD}\n${short}\n`);
    const got = await readAll(file);
    expect(got.rejects[0]).toMatchObject({ line: 2, column: 29, code: "field_count" });
    expect(got.rejects[0]?.message).toBe(
      "expected the header's 30 fields, found 28 (no timevalidity, date): the row is cut short or lost a separator",
    );
  });
});
