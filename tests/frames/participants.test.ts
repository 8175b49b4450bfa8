import { describe, expect, it } from "vitest";
import {
  aggregateAll,
  aggregateFrames,
  byParticipant,
  jobSumsFromSweeps,
  tableToCsv,
  type Table,
} from "../../src/frames/index.js";
import { stubSweep } from "./fixtures.js";

const SWEEPS = [
  stubSweep({ orderId: 1n, participantId: 1003, group: 1, realFilled: 100, realValueTicks: 100_000 }),
  stubSweep({ orderId: 2n, participantId: 1001 }),
  stubSweep({ orderId: 3n, participantId: 77 }), // not in the participants file
];
const NAMES = new Map([
  [1001, { name: "BrokerA", type: "Broker" }],
  [1003, { name: "BrokerC, Sydney", type: "Market Maker" }],
]);

const byPart = (tables: Table[]): Table => tables.find((t) => t.name === "by_participant")!;

describe("by_participant names the participants", () => {
  it("puts participant_name and participant_type after participant_id, from the participants file", () => {
    const t = byParticipant(SWEEPS, NAMES);
    expect(t.columns.slice(0, 4)).toEqual(["participant_id", "participant_name", "participant_type", "sweeps"]);
    expect(t.kinds.slice(0, 4)).toEqual(["key", "key", "key", "sum"]);
    expect(t.rows.map((r) => r.slice(0, 4))).toEqual([
      [77, "", "", 1], // an id the file does not list
      [1001, "BrokerA", "Broker", 1],
      [1003, "BrokerC, Sydney", "Market Maker", 1],
    ]);
    // A name with a comma is quoted in the CSV.
    expect(tableToCsv(t).split("\n")[3]?.startsWith('1003,"BrokerC, Sydney",Market Maker,1,')).toBe(true);
  });

  it("without a participants file the columns are there and empty; the measures are unchanged", () => {
    const named = byPart(aggregateAll(jobSumsFromSweeps(SWEEPS), { participants: NAMES }));
    const plain = byPart(aggregateAll(jobSumsFromSweeps(SWEEPS)));
    expect(plain.columns).toEqual(named.columns);
    expect(plain.rows.map((r) => r.slice(1, 3))).toEqual([
      ["", ""],
      ["", ""],
      ["", ""],
    ]);
    expect(plain.rows.map((r) => [r[0], ...r.slice(3)])).toEqual(named.rows.map((r) => [r[0], ...r.slice(3)]));
  });

  it("as a DataFrame: the names are string columns", () => {
    const frames = aggregateFrames(jobSumsFromSweeps(SWEEPS), { participants: NAMES });
    const df = frames.by_participant;
    expect(df.column("participant_name").values).toEqual(["", "BrokerA", "BrokerC, Sydney"]);
    expect(df.column("participant_type").values).toEqual(["", "Broker", "Market Maker"]);
    expect(df.column("participant_id").values).toEqual([77, 1001, 1003]);
  });
});
