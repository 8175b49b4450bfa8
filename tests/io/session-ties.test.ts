import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { sydneyLocalToUtcNs } from "../../src/model/time.js";
import { tmp, writeFixture } from "../helpers.js";

// Phases of one book at the same timestamp are ordered by the exchange's `Sequence`, then OPEN
// first, never by their place in session.csv: the same file with its rows in another order gives the
// same windows (REFERENCE "Reference files", the sessions rule).

const HEADER = " Partition,Sequence,TradeDate,Id,Level,MatchingType,Name,OrderBookId,Timestamp,Type,isEndOfTrading";
const at = (hh: number, mm: number): bigint => sydneyLocalToUtcNs("2024-10-03", hh * 3600 + mm * 60);
const ns = (hh: number, mm: number): number => (hh * 3600 + mm * 60) * 1e9;

/** A session.csv row: phase `name` of book 110621 at `ts`, exchange sequence `seq`. */
const row = (seq: string, name: string, ts: bigint): string =>
  ` 4,${seq},1727877600000000000,1,1,1,${name},110621,${ts},0,0`;

async function windowsOf(rows: readonly string[], header = HEADER): Promise<unknown> {
  const dir = tmp();
  writeFixture(dir, "session.csv", [header, ...rows].join("\n") + "\n");
  return (await loadReferenceData({ sessions: join(dir, "session.csv") })).sessions;
}

describe("session phases tied on their timestamp", () => {
  // The book reopens after a halt at 15:00 in the same nanosecond as the pre-close starts: by the
  // exchange's sequence the OPEN (seq 19) came first, so the window ends at PRE_CSPA (seq 20).
  const open = row("12", "OPEN", at(10, 0));
  const halt = row("15", "HALT", at(14, 0));
  const reopen = row("19", "OPEN", at(15, 0));
  const close = row("20", "PRE_CSPA", at(15, 0));
  const want = new Map([["110621|2024-10-03", { startNs: ns(10, 0), endNs: ns(15, 0) }]]);

  it("are ordered by Sequence, whichever comes first in the file", async () => {
    expect(await windowsOf([open, halt, reopen, close])).toEqual(want);
    expect(await windowsOf([open, halt, close, reopen])).toEqual(want);
    expect(await windowsOf([close, reopen, halt, open])).toEqual(want);
  });

  it("compare sequences as numbers (9 before 10)", async () => {
    const rows = (a: string, b: string): string[] => [
      open,
      halt,
      row(a, "OPEN", at(15, 0)),
      row(b, "PRE_CSPA", at(15, 0)),
    ];
    expect(await windowsOf(rows("9", "10"))).toEqual(want);
    expect(await windowsOf(rows("9", "10").reverse())).toEqual(want);
    // By the sequence the close came first: the book stays open after 15:00, to the next phase.
    const later = row("30", "CLOSE", at(16, 0));
    const reopened = new Map([["110621|2024-10-03", { startNs: ns(10, 0), endNs: ns(16, 0) }]]);
    expect(await windowsOf([...rows("10", "9"), later])).toEqual(reopened);
    expect(await windowsOf([later, ...rows("10", "9")].reverse())).toEqual(reopened);
  });

  it("without a Sequence column (or with equal ones): OPEN first, not by file position", async () => {
    const header = HEADER.replace(",Sequence", "");
    const noSeq = (r: string): string => r.replace(/^ 4,\d+,/, " 4,");
    const a = [open, halt, reopen, close].map(noSeq);
    const b = [open, halt, close, reopen].map(noSeq);
    // OPEN before PRE_CSPA: the window ends at 15:00, as by the sequence above.
    expect(await windowsOf(a, header)).toEqual(want);
    expect(await windowsOf(b, header)).toEqual(want);
  });
});
