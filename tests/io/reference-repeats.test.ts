import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { tmp, writeFixture } from "../helpers.js";

// An instrument or participant listed more than once (an ob.csv or par.csv of several days joined)
// takes its latest definition, by (TradeDate, Sequence), whatever the order of the file's rows
// (REFERENCE "Reference files").

const OB = " Partition,Sequence,TradeDate,Id,DecimalsInPrice,Name";
const PAR = "Partition,Sequence,TradeDate,Id,ParticipantName,ParticipantType";
const DAY1 = "1727877600000000000";
const DAY2 = "1727964000000000000";

async function load(name: "ob.csv" | "par.csv", header: string, rows: readonly string[]) {
  const dir = tmp();
  writeFixture(dir, name, [header, ...rows].join("\n") + "\n");
  const key = name === "ob.csv" ? "instruments" : "participants";
  return loadReferenceData({ [key]: join(dir, name) });
}

describe("a reference id listed more than once", () => {
  it("ob.csv: the row of the latest TradeDate, then Sequence, in any row order", async () => {
    const rows = [
      ` ASX,9,${DAY1},110621,2,Old name`,
      ` ASX,1,${DAY2},110621,2,New name`,
      ` ASX,2,${DAY2},110622,4,B`,
      ` ASX,3,${DAY2},110622,4,B renamed`,
    ];
    for (const order of [rows, [...rows].reverse(), [rows[1]!, rows[3]!, rows[0]!, rows[2]!]]) {
      const { instruments } = await load("ob.csv", OB, order);
      expect(instruments.get("110621")).toEqual({ securityCode: "110621", decimalsInPrice: 2, name: "New name" });
      expect(instruments.get("110622")).toEqual({ securityCode: "110622", decimalsInPrice: 4, name: "B renamed" });
    }
  });

  it("ob.csv without TradeDate and Sequence, or equal ones: the same row in any row order", async () => {
    const rows = [` ASX,1,${DAY1},110621,2,A`, ` ASX,1,${DAY1},110621,2,B`];
    const a = (await load("ob.csv", OB, rows)).instruments.get("110621");
    const b = (await load("ob.csv", OB, [...rows].reverse())).instruments.get("110621");
    expect(a).toEqual(b);
    const bare = rows.map((r) => r.replace(/^ ASX,1,\d+,/, " "));
    const c = (await load("ob.csv", " Id,DecimalsInPrice,Name", bare)).instruments.get("110621");
    const d = (await load("ob.csv", " Id,DecimalsInPrice,Name", [...bare].reverse())).instruments.get("110621");
    expect(c).toEqual(d);
    expect(c).toEqual(a);
  });

  it("ob.csv: two DecimalsInPrice for one security stay a bad row, whichever row is the latest (one scale prices every date)", async () => {
    const rows = [` ASX,9,${DAY1},110621,2,Old`, ` ASX,1,${DAY2},110621,3,New`];
    for (const order of [rows, [...rows].reverse()])
      await expect(load("ob.csv", OB, order)).rejects.toMatchObject({
        message: expect.stringMatching(
          /DecimalsInPrice: security 110621 has DecimalsInPrice \d here and \d on line 2; keep the right one/,
        ),
      });
  });

  it("par.csv: the latest definition of a participant, in any row order", async () => {
    const rows = [`ASX,10,${DAY1},1001,BrokerA,Broker`, `ASX,2,${DAY2},1001,BrokerA2,Market Maker`];
    for (const order of [rows, [...rows].reverse()]) {
      const { participants } = await load("par.csv", PAR, order);
      expect(participants.get(1001)).toEqual({ participantId: 1001, name: "BrokerA2", type: "Market Maker" });
    }
  });
});
