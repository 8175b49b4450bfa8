import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { InputErrors } from "../../src/model/errors.js";
import { continuousWindows, sessionKey } from "../../src/model/session-window.js";
import { sydneyLocalToUtcNs } from "../../src/model/time.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";

const HEADER = " Partition,Sequence,TradeDate,Id,Level,MatchingType,Name,OrderBookId,Timestamp,Type,isEndOfTrading";
const sec = (hh: number, mm: number, ss = 0): number => hh * 3600 + mm * 60 + ss;
const ns = (hh: number, mm: number, ss = 0): number => sec(hh, mm, ss) * 1e9;

/** A session.csv in the real layout: one row per (book, date, phase name, Sydney local time). */
function sessionCsv(rows: [book: string, date: string, name: string, seconds: number][]): string {
  const lines = rows.map(([book, date, name, s], i) => {
    const td = sydneyLocalToUtcNs(date, 0);
    return ` 4,${1_000_000 + i},${td},${i},1,3,${name},${book},${sydneyLocalToUtcNs(date, s)},0,${name === "CLOSE" ? 1 : 0}`;
  });
  return [HEADER, ...lines].join("\n") + "\n";
}

/** The ASX day of one book: PRE_OPEN 07:00, OPEN at `open`, PRE_CSPA 16:00, CSPA 16:10, CLOSE 16:12. */
function day(book: string, date: string, open: number): [string, string, string, number][] {
  return [
    [book, date, "PRE_OPEN", sec(7, 0)],
    [book, date, "OPEN", open],
    [book, date, "PRE_CSPA", sec(16, 0)],
    [book, date, "CSPA", sec(16, 10)],
    [book, date, "CLOSE", sec(16, 12)],
  ];
}

async function windowsOf(text: string): Promise<Map<string, { startNs: number; endNs: number }>> {
  const path = writeFixture(tmp(), "session.csv", text);
  return (await loadReferenceData({ sessions: path })).sessions;
}

describe("sessions file: each book's continuous window per trading date", () => {
  it("staggered opening groups: OPEN → PRE_CSPA per book, in Sydney local time", async () => {
    const w = await windowsOf(
      sessionCsv([...day("AAA", "2024-10-03", sec(10, 0)), ...day("CBA", "2024-10-03", sec(10, 2, 15))]),
    );
    expect(w).toEqual(
      new Map([
        [sessionKey("AAA", "2024-10-03"), { startNs: ns(10, 0), endNs: ns(16, 0) }],
        [sessionKey("CBA", "2024-10-03"), { startNs: ns(10, 2, 15), endNs: ns(16, 0) }],
      ]),
    );
  });

  it("per date, across a daylight-saving change (2024-10-06), in local wall-clock time", async () => {
    const w = await windowsOf(
      sessionCsv([...day("SYD", "2024-10-04", sec(10, 9)), ...day("SYD", "2024-10-07", sec(10, 4, 30))]),
    );
    expect(w.get("SYD|2024-10-04")).toEqual({ startNs: ns(10, 9), endNs: ns(16, 0) });
    expect(w.get("SYD|2024-10-07")).toEqual({ startNs: ns(10, 4, 30), endNs: ns(16, 0) });
    expect(w.size).toBe(2);
  });

  it("a halt between two OPENs stays inside; a halt to the end of the day ends the window", async () => {
    const w = await windowsOf(
      sessionCsv([
        ["HLT", "2024-10-03", "PRE_OPEN", sec(7, 0)],
        ["HLT", "2024-10-03", "OPEN", sec(10, 1)],
        ["HLT", "2024-10-03", "HALT", sec(11, 0)],
        ["HLT", "2024-10-03", "OPEN", sec(11, 30)],
        ["HLT", "2024-10-03", "PRE_CSPA", sec(16, 0)],
        ["STP", "2024-10-03", "OPEN", sec(10, 3)],
        ["STP", "2024-10-03", "HALT", sec(14, 0)],
        ["STP", "2024-10-03", "CLOSE", sec(16, 12)],
      ]),
    );
    expect(w.get("HLT|2024-10-03")).toEqual({ startNs: ns(10, 1), endNs: ns(16, 0) });
    expect(w.get("STP|2024-10-03")).toEqual({ startNs: ns(10, 3), endNs: ns(14, 0) });
  });

  it("rows in any order give the same windows", async () => {
    const rows = [...day("AAA", "2024-10-03", sec(10, 0)), ...day("BBB", "2024-10-03", sec(10, 6, 45))];
    const sorted = await windowsOf(sessionCsv(rows));
    const shuffled = await windowsOf(sessionCsv([...rows].reverse()));
    expect(shuffled).toEqual(sorted);
    expect(sorted.get("BBB|2024-10-03")).toEqual({ startNs: ns(10, 6, 45), endNs: ns(16, 0) });
  });

  it("no window (the job falls back to the config's) without an OPEN, or without a phase ending it", async () => {
    const w = await windowsOf(
      sessionCsv([
        ["SUS", "2024-10-03", "PRE_OPEN", sec(7, 0)], // suspended all day: never opens
        ["SUS", "2024-10-03", "CLOSE", sec(16, 12)],
        ["END", "2024-10-03", "PRE_OPEN", sec(7, 0)], // the file stops at OPEN
        ["END", "2024-10-03", "OPEN", sec(10, 0)],
        ["OK", "2024-10-03", "OPEN", sec(10, 0)],
        ["OK", "2024-10-03", "PRE_CSPA", sec(16, 0)],
      ]),
    );
    expect([...w.keys()]).toEqual(["OK|2024-10-03"]);
  });

  it("the real example: its phases fall on two Sydney dates, so no day has a window", async () => {
    // Its OPEN is at 1725448000 s = 2024-09-04 21:06:40 Sydney and PRE_CSPA at 2024-09-05 19:53:20:
    // an anonymised extract. No (book, date) has an OPEN and a later phase on the same date.
    const ref = await loadReferenceData({ sessions: join(FORMATS, "session.csv") });
    expect(ref.sessions.size).toBe(0);
    expect(
      continuousWindows([
        { securityCode: "110621", name: "OPEN", tsNs: 1725448000000000000n, isEndOfTrading: false },
        {
          securityCode: "110621",
          name: "PRE_CSPA",
          tsNs: 1725448000000000000n + 3_600_000_000_000n,
          isEndOfTrading: false,
        },
      ]),
    ).toEqual(new Map([["110621|2024-09-04", { startNs: ns(21, 6, 40), endNs: ns(22, 6, 40) }]]));
  });
});

describe("loadReferenceData", () => {
  it("loads the configured files and leaves the others empty", async () => {
    const ref = await loadReferenceData({
      instruments: join(FORMATS, "ob.csv"),
      participants: join(FORMATS, "par.csv"),
    });
    expect(ref.instruments.get("110621")?.decimalsInPrice).toBe(2);
    expect(ref.participants.get(1003)).toEqual({ participantId: 1003, name: "BrokerC", type: "Market Maker" });
    expect(ref.sessions.size).toBe(0);
    const none = await loadReferenceData(undefined);
    expect([none.instruments.size, none.participants.size, none.sessions.size]).toEqual([0, 0, 0]);
  });

  it("lists every unusable file: missing, a missing column, a bad row with its line", async () => {
    const dir = tmp();
    const missing = join(dir, "ob.csv");
    const noName = writeFixture(dir, "par.csv", "Id,ParticipantType\n1001,Broker\n");
    const badRow = writeFixture(
      dir,
      "session.csv",
      `${HEADER}\n 4,1,0,1,1,3,OPEN,AAA,1727906400000000000,0,0\n 4,2,0,2,1,3,PRE_CSPA,AAA,not-a-time,0,0\n`,
    );
    const err = await loadReferenceData({ instruments: missing, participants: noName, sessions: badRow }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputErrors);
    const errors = (err as InputErrors).errors;
    expect(errors.map((e) => [e.code, e.file])).toEqual([
      ["unreadable", missing],
      ["missing_column", noName],
      ["unreadable", badRow],
    ]);
    expect(errors[1]?.message).toContain("ParticipantName");
    expect(errors[2]?.message).toContain("line 3");
  });

  it("reads a gzipped file; a broken CSV, a broken gzip and a header with a missing column are input errors", async () => {
    const dir = tmp();
    const gz = join(dir, "session.csv.gz");
    writeFileSync(gz, gzipSync(sessionCsv(day("AAA", "2024-10-03", sec(10, 0)))));
    expect((await loadReferenceData({ sessions: gz })).sessions.get("AAA|2024-10-03")).toEqual({
      startNs: ns(10, 0),
      endNs: ns(16, 0),
    });
    const badGz = join(dir, "par.csv.gz");
    writeFileSync(badGz, gzipSync("Id,ParticipantName\n1001,A\n").subarray(0, 12));
    const quote = writeFixture(dir, "ob.csv", 'Id,DecimalsInPrice\n110621,"2\n');
    const headerOnly = writeFixture(dir, "session.csv", `${HEADER.replace(",Name", "")}\n`);
    const err = (await loadReferenceData({ instruments: quote, participants: badGz, sessions: headerOnly }).catch(
      (e: unknown) => e,
    )) as InputErrors;
    expect(err).toBeInstanceOf(InputErrors);
    expect(err.errors.map((e) => [e.code, e.file])).toEqual([
      ["unreadable", quote],
      ["unreadable", badGz],
      ["missing_column", headerOnly],
    ]);
    expect(err.errors[0]?.message).toMatch(/quote/i);
  });
});
