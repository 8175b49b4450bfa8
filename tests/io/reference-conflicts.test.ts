import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { InputErrors } from "../../src/model/errors.js";
import { tmp, writeFixture } from "../helpers.js";

// An instruments file listing a security twice with two DecimalsInPrice took the last row's, in
// silence: security 777 at 0 decimals (51 ticks = A$51) then 2 (A$0.51) ran every job at A$0.51,
// exit 0, and a reordered file gave the other answer. Two rows that disagree are now a bad row of
// the file, listed before any work with both lines; rows that agree are one instrument.

describe("instruments file: one security on two rows", () => {
  it("refuses two DecimalsInPrice for one security before any work, naming both lines", async () => {
    const ob = writeFixture(tmp(), "ob.csv", "Id,DecimalsInPrice\n777,0\nAAA,3\n777,2\n");
    const err = await loadReferenceData({ instruments: ob }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    const [e] = (err as InputErrors).errors;
    expect(e?.file).toBe(ob);
    expect(e?.code).toBe("unreadable");
    expect(e?.message).toContain("line 4: DecimalsInPrice: security 777 has DecimalsInPrice 2 here and 0 on line 2");
  });

  it("takes rows that agree (a file of several snapshots) as one instrument", async () => {
    const ob = writeFixture(tmp(), "ob.csv", "Id,DecimalsInPrice\n777,3\nAAA,3\n777,3\n");
    const ref = await loadReferenceData({ instruments: ob });
    expect([...ref.instruments.entries()].map(([k, i]) => [k, i.decimalsInPrice])).toEqual([
      ["777", 3],
      ["AAA", 3],
    ]);
  });
});
