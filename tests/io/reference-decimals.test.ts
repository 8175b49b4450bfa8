import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { InputErrors } from "../../src/model/errors.js";
import { tmp, writeFixture } from "../helpers.js";

// The aggregation sums money as whole micro-AUD (ticks × 10^(6 − decimals)), so it takes
// DecimalsInPrice 0..6 only. An instruments file with more used to pass the check before any work,
// then every job ran and the run died at aggregation with "DecimalsInPrice must be an integer in 0..6,
// got 7", naming neither the file nor the security. It is now a bad row of the instruments file,
// listed before any work like every unusable reference file (README "What happens when things go wrong").

describe("instruments file: DecimalsInPrice", () => {
  it("takes 0 to 6", async () => {
    const ob = writeFixture(tmp(), "ob.csv", "Id,DecimalsInPrice\nAAA,0\nBBB,6\n");
    const ref = await loadReferenceData({ instruments: ob });
    expect([...ref.instruments.values()].map((i) => i.decimalsInPrice)).toEqual([0, 6]);
  });

  it("refuses 7 before any work: the file, the line and the allowed range", async () => {
    const ob = writeFixture(tmp(), "ob.csv", "Id,DecimalsInPrice\nAAA,2\nBBB,7\n");
    const err = await loadReferenceData({ instruments: ob }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    const [e] = (err as InputErrors).errors;
    expect(e?.file).toBe(ob);
    expect(e?.message).toContain("line 3");
    expect(e?.message).toContain("DecimalsInPrice must be 0..6");
  });

  it("a decimal point or a sign is a bad row whose message is about DecimalsInPrice, not a quantity", async () => {
    const ob = writeFixture(tmp(), "ob.csv", "Id,DecimalsInPrice\nAAA,2.0\nBBB,-1\n");
    const err = await loadReferenceData({ instruments: ob }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    const [e] = (err as InputErrors).errors;
    expect(e?.message).toContain(
      'line 2: DecimalsInPrice: expected a whole number, got "2.0": a decimal point is not read: export whole numbers',
    );
    expect(e?.message).toContain("line 3: DecimalsInPrice: DecimalsInPrice must be 0..6");
    expect(e?.message).not.toContain("quantit");
  });
});
