import { describe, expect, it } from "vitest";
import { FrameError } from "../../src/frames/index.js";
import { DataFrame, diffFrames } from "../../src/notebook/index.js";

// diffFrames matched rows by their key values, one row per key: keys that do not identify the rows
// (a time series keyed by security only) kept the last row of each key and compared only those,
// silently; a key column one frame lacks (by_security against by_date) read as an empty key, and
// every row came out "(only before)" / "(only after)". Both are refused, saying what to do.

const bySecurityDate = (): DataFrame =>
  new DataFrame({
    security_code: ["110621", "110621", "110622"],
    date: ["2024-10-02", "2024-10-03", "2024-10-02"],
    sweeps: [10, 20, 30],
  });

describe("diffFrames keys", () => {
  it("keys that repeat in a frame are bad_argument, naming a repeated key", async () => {
    const e = (await diffFrames(bySecurityDate(), bySecurityDate(), ["security_code"]).catch(
      (x: unknown) => x,
    )) as FrameError;
    expect(e).toBeInstanceOf(FrameError);
    expect(e.code).toBe("bad_argument");
    expect(e.message).toBe(
      'diffFrames: the keys security_code do not identify the rows of before: 2 rows have ["110621"]; ' +
        "add key columns (e.g. date) so that each row has its own",
    );
  });

  it("a key column a frame lacks is unknown_column, listing that frame's columns", async () => {
    const other = new DataFrame({ date: ["2024-10-02"], sweeps: [40] });
    const bySecurity = new DataFrame({ security_code: ["110621", "110622"], sweeps: [30, 30] });
    const e = (await diffFrames(bySecurity, other, ["security_code"]).catch((x: unknown) => x)) as FrameError;
    expect(e.code).toBe("unknown_column");
    expect(e.message).toBe('diffFrames: key "security_code" is not a column of after; its columns are: date, sweeps');
  });

  it("keys that identify the rows still give the changed cells", async () => {
    const after = bySecurityDate();
    const changed = new DataFrame({
      security_code: ["110621", "110621", "110622"],
      date: ["2024-10-02", "2024-10-03", "2024-10-02"],
      sweeps: [10, 25, 30],
    });
    const d = await diffFrames(after, changed, ["security_code", "date"]);
    expect(d.values).toEqual([["110621", "2024-10-03", "sweeps", 20, 25, 5]]);
  });

  it("a misspelt option (tolerence) is bad_argument, not an exact comparison without a word", async () => {
    const untyped = (o: unknown): { tolerance?: number } => o as { tolerance?: number };
    await expect(
      diffFrames(bySecurityDate(), bySecurityDate(), ["security_code", "date"], untyped({ tolerence: 0.5 })),
    ).rejects.toThrow(new FrameError("bad_argument", 'diffFrames: "tolerence" is no option (tolerance)'));
    await expect(
      diffFrames(bySecurityDate(), bySecurityDate(), ["security_code", "date"], untyped({ tolerance: "0.5" })),
    ).rejects.toThrow('diffFrames: tolerance must be a number ≥ 0, got "0.5"');
    // NaN was said as "got null" (JSON).
    await expect(
      diffFrames(bySecurityDate(), bySecurityDate(), ["security_code", "date"], { tolerance: Number.NaN }),
    ).rejects.toThrow("diffFrames: tolerance must be a number ≥ 0, got NaN");
  });
});
