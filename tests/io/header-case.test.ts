import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectTable, recogniseTable } from "../../src/io/csv/header.js";
import { discoverInputs } from "../../src/io/inputs/inputs.js";
import { loadInstruments, loadParticipants, loadSessions } from "../../src/io/inputs/reference.js";
import { FORMATS, readAll, tmp, writeFixture } from "../helpers.js";

// Header names are matched to a table's columns whatever their case: real extracts already mix
// them (`EXCHANGE` in trades, `exchange` in orders). Before, an optional column in another case was
// an unknown column — read as absent, every value 0 — with no reject and no warning (a trades file
// with `PASSIVEAGGRESSIVE` had every leg passive, one with `MINIMUMQUANTITY` no order a minimum), and a required one refused the whole file.

const dir = tmp();

/** The real example with its header line rewritten by `name` (each name in turn). */
function withHeader(file: string, name: (n: string) => string): string {
  const [head, ...rest] = readFileSync(join(FORMATS, file), "utf8").split("\n");
  return [(head as string).split(",").map(name).join(","), ...rest].join("\n");
}

describe("header names in another case", () => {
  it("an all-upper-case orders header reads exactly the rows of the real example", async () => {
    const ref = await readAll(join(FORMATS, "orders-example.csv"));
    const file = writeFixture(
      dir,
      "orders-upper.csv",
      withHeader("orders-example.csv", (n) => n.toUpperCase()),
    );
    const got = await readAll(file);
    expect(got.rejects).toEqual([]);
    expect(got.csv).toBe(ref.csv);
    expect(got.rows).toBe(3);
  });

  it("the header line again in its own case, mid-file, is a duplicate_header reject (files joined with cat)", async () => {
    const text = withHeader("orders-example.csv", (n) => n.toUpperCase());
    const lines = text.trimEnd().split("\n");
    const file = writeFixture(dir, "orders-upper-twice.csv", [...lines, ...lines].join("\n") + "\n");
    const got = await readAll(file);
    expect(got.rows).toBe(6);
    expect(got.rejects.map((r) => [r.line, r.code])).toEqual([[5, "duplicate_header"]]);
  });

  it("optional columns in another case keep their values (passiveaggressive, snapshots, exchange)", async () => {
    const ref = await readAll(join(FORMATS, "trades-example.csv"));
    // Every name's case flipped: EXCHANGE → exchange, passiveaggressive → PASSIVEAGGRESSIVE…
    const flip = (n: string): string => (n === n.toUpperCase() ? n.toLowerCase() : n.toUpperCase());
    const file = writeFixture(dir, "trades-mixed.csv", withHeader("trades-example.csv", flip));
    const got = await readAll(file);
    expect(got.rejects).toEqual([]);
    expect(got.csv).toBe(ref.csv);
    // The real legs: exchange 3, snapshots 3330/3340, deal source 20 "Auction" — not zeros or empty.
    const first = got.csv.split("\n")[0]?.split(",") ?? [];
    expect(first[0]).toBe("3");
    expect(first.slice(10, 12)).toEqual(["3330", "3340"]);
    expect(got.csv.split("\n")[1]?.split(",").slice(6, 9)).toEqual(["20", "Auction", "ON Market"]);
  });

  it("a name given twice in two cases is a duplicate_column, naming it", async () => {
    const text = withHeader("orders-example.csv", (n) => (n === "minimumquantity" ? "MinimumQuantity" : n));
    const file = writeFixture(dir, "orders-twice.csv", text.replace("crossingkey,", "MINIMUMQUANTITY,"));
    await expect(readAll(file)).rejects.toMatchObject({ code: "duplicate_column" });
    await expect(readAll(file)).rejects.toThrow(/MINIMUMQUANTITY/i);
  });

  it("input discovery recognises upper-case data headers", async () => {
    expect(detectTable(["ORDER_ID", "SECURITY_CODE"])).toBe("orders");
    expect(recogniseTable(["BIDPRICE", "OFFERPRICE", "ORDERBOOKID", "TIMESTAMP", "SEQUENCE"])).toBe("nbbo");
    // A session file (OrderBookId, Timestamp, Sequence…) stays a session file, not an NBBO one.
    const session = readFileSync(join(FORMATS, "session.csv"), "utf8").split("\n")[0] as string;
    expect(recogniseTable(session.split(",").map((n) => n.trim()))).toBe("sessions");
    const sub = tmp();
    writeFixture(
      sub,
      "a.csv",
      withHeader("orders-example.csv", (n) => n.toUpperCase()),
    );
    writeFixture(
      sub,
      "b.csv",
      withHeader("nbbo.csv", (n) => n.toUpperCase()),
    );
    const listing = await discoverInputs([sub]);
    expect(listing.data.map((d) => d.table)).toEqual(["orders", "nbbo"]);
  });

  it("reference files with their header in another case are still reference files, read alike", async () => {
    // A lower-cased session.csv (an export that normalised its names) was taken for an NBBO file
    // missing bidprice and offerprice, which refused the whole run; ob.csv and par.csv went unused.
    const sub = tmp();
    const lower = (name: string) =>
      writeFixture(
        sub,
        name,
        withHeader(name, (n) => n.toLowerCase()),
      );
    const files = { ob: lower("ob.csv"), par: lower("par.csv"), session: lower("session.csv") };
    for (const name of ["ob.csv", "par.csv", "session.csv"]) {
      const header = withHeader(name, (n) => n.toLowerCase()).split("\n")[0] as string;
      expect(recogniseTable(header.split(",").map((n) => n.trim())), name).toBe(
        { "ob.csv": "instruments", "par.csv": "participants", "session.csv": "sessions" }[name],
      );
    }
    writeFixture(sub, "orders.csv", readFileSync(join(FORMATS, "orders-example.csv"), "utf8"));
    const listing = await discoverInputs([sub]);
    expect(listing.reference.map((r) => r.table).sort()).toEqual(["instruments", "participants", "sessions"]);
    expect(await loadInstruments(files.ob)).toEqual(await loadInstruments(join(FORMATS, "ob.csv")));
    expect(await loadParticipants(files.par)).toEqual(await loadParticipants(join(FORMATS, "par.csv")));
    expect(await loadSessions(files.session)).toEqual(await loadSessions(join(FORMATS, "session.csv")));
  });
});
