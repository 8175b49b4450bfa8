import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TABLES } from "../../src/model/schemas.js";
import { parseField } from "../../src/model/fields.js";
import { FORMATS, readAll, tmp, writeFixture } from "../helpers.js";

// Spaces around a value: the README's "Using real exchange extracts" promises leading spaces are
// accepted (the exchange's ob.csv and session.csv put one before every row). Before, an orders or
// trades file written that way lost every row as a `not_integer` reject of its first field (the
// run then stopped with "the store holds no partition").

const dir = tmp();

function lines(file: string): string[] {
  return readFileSync(join(FORMATS, file), "utf8").trimEnd().split("\n");
}

describe("spaces around values", () => {
  it("a leading space before every row (the ob.csv quirk) reads exactly the rows of the real example", async () => {
    for (const name of ["orders-example.csv", "trades-example.csv", "nbbo.csv"]) {
      const [head, ...rows] = lines(name);
      const ref = await readAll(join(FORMATS, name));
      const file = writeFixture(dir, `lead-${name}`, [` ${head}`, ...rows.map((r) => ` ${r}`)].join("\n") + "\n");
      const got = await readAll(file);
      expect(got.rejects).toEqual([]);
      expect(got.csv).toBe(ref.csv);
      expect(got.report).toMatchObject({ rowsRead: rows.length, accepted: rows.length, rejected: 0 });
    }
  });

  it("spaces and tabs around every numeric, id, time, code, security and date field: the same rows", async () => {
    const [head, ...rows] = lines("trades-example.csv");
    const names = (head as string).split(",");
    const kinds = names.map((n) => (TABLES.trades.columns as Record<string, string>)[n] ?? "text");
    const padded = rows.map((r) =>
      r
        .split(",")
        .map((v, i) => (kinds[i] === "text" ? v : ` \t${v}  `))
        .join(","),
    );
    const ref = await readAll(join(FORMATS, "trades-example.csv"));
    const got = await readAll(writeFixture(dir, "trades-padded.csv", [head, ...padded].join("\n") + "\n"));
    expect(got.rejects).toEqual([]);
    expect(got.csv).toBe(ref.csv);
    expect(got.csv).toContain("7904794000124046634");
  });

  it("the fast path never keeps a padded security code or date as it is (only the code and date padded)", async () => {
    const [head, ...rows] = lines("trades-example.csv");
    // Every other field plain, so the line is a fast-path candidate: "110621 " or " 2024-09-05".
    const padded = rows.map((r, i) =>
      i % 2 === 0 ? r.replace(",110621,", ",110621 ,") : r.replace(",2024-09-05,", ", 2024-09-05,"),
    );
    const ref = await readAll(join(FORMATS, "trades-example.csv"));
    for (const fastPath of [true, false]) {
      const got = await readAll(writeFixture(dir, "trades-padded-code.csv", [head, ...padded].join("\n") + "\n"), {
        fastPath,
      });
      expect(got.rejects).toEqual([]);
      expect(got.csv).toBe(ref.csv);
    }
  });

  it("parseField trims spaces and tabs of every kind but text; a value of spaces only is empty_field", () => {
    expect(parseField("u64", " 7904794000124046634 ")).toBe(7904794000124046634n);
    expect(parseField("ns", "\t1725494536001032398")).toBe(1725494536001032398n);
    expect(parseField("qty", " 75 ")).toBe(75);
    expect(parseField("quote", " -9223372036854775808")).toBe(-1);
    expect(parseField("side", "2 ")).toBe(2);
    expect(parseField("security", " 110621 ")).toBe("110621");
    expect(parseField("date", " 2024-09-05")).toBe("2024-09-05");
    expect(parseField("text", " Current Max ")).toBe(" Current Max ");
    expect(parseField("qty", "   ")).toMatchObject({ code: "empty_field" });
    // Inner spaces are still not a number.
    expect(parseField("qty", "7 5")).toMatchObject({ code: "not_integer" });
  });
});
