import { describe, expect, it } from "vitest";
import { CELL_COUNT, cellBand, cellBandName, cellGroup, cellIndex, cellIndexOf } from "../../src/core/cells.js";

describe("the (fill group, size band) cells of a job", () => {
  it("lays the 9 cells out as (group − 1)·3 + band, and back", () => {
    // Worked by hand: group 1 Small = 0, group 1 Large = 2, group 2 Medium = 4, group 3 Large = 8.
    expect(cellIndex(1, 0)).toBe(0);
    expect(cellIndex(1, 2)).toBe(2);
    expect(cellIndex(2, 1)).toBe(4);
    expect(cellIndex(3, 2)).toBe(8);
    expect(cellIndexOf(2, "Medium")).toBe(4);
    expect(cellIndexOf(3, "Small")).toBe(6);
    expect(cellIndexOf(1, "Huge")).toBe(-1);
    expect(CELL_COUNT).toBe(9);
    const seen: string[] = [];
    for (let i = 0; i < CELL_COUNT; i++) {
      expect(cellIndex(cellGroup(i), cellBand(i))).toBe(i);
      expect(cellIndexOf(cellGroup(i), cellBandName(i))).toBe(i);
      seen.push(`${cellGroup(i)} ${cellBandName(i)}`);
    }
    expect(seen).toEqual([
      "1 Small",
      "1 Medium",
      "1 Large",
      "2 Small",
      "2 Medium",
      "2 Large",
      "3 Small",
      "3 Medium",
      "3 Large",
    ]);
  });
});
