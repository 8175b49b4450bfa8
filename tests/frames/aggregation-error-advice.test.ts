import { describe, expect, it } from "vitest";
import { AggregationError } from "../../src/aggregate/errors.js";
import { ticksToMicroAudExact } from "../../src/aggregate/money.js";

// An AggregationError says what to do, not only what disagrees (README: a toolkit error is one line
// saying what to do): each code ends with its remedy.

describe("AggregationError messages say what to do", () => {
  it("duplicate_job, bad_cells, rows_mismatch: the job, then the remedy", () => {
    expect(new AggregationError("duplicate_job", "appears twice", "A", "2024-10-02").message).toBe(
      "job (A, 2024-10-02): appears twice; pass each (security, date) once",
    );
    expect(new AggregationError("bad_cells", "has 8 cells; expected 9", "A", "2024-10-02").message).toBe(
      "job (A, 2024-10-02): has 8 cells; expected 9; its record is damaged: run the same command again to recompute the job",
    );
    expect(new AggregationError("rows_mismatch", "has rows of decimals 3 and 2", "A", "2024-10-02").message).toBe(
      "job (A, 2024-10-02): has rows of decimals 3 and 2; give one job's rows the decimals of its security",
    );
  });

  it("bad_decimals names the instruments file to fix", () => {
    expect(() => ticksToMicroAudExact(1, 7)).toThrow(
      "DecimalsInPrice must be an integer in 0..6, got 7; fix that security's DecimalsInPrice in the instruments file (ob.csv)",
    );
  });

  it("bad_option keeps its own message (it says what is allowed)", () => {
    expect(new AggregationError("bad_option", "bucketMinutes must be a positive integer, got 0").message).toBe(
      "bucketMinutes must be a positive integer, got 0",
    );
  });
});
