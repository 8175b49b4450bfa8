import { describe, expect, it } from "vitest";
import { jobKeyString, jobMatrix, resolveConfig, unmatchedRequests, type JobKey } from "../../src/config/index.js";

const k = (securityCode: string, date: string): JobKey => ({ securityCode, date });

// Present in the data, in scan order with a duplicate and an extra field (a PartitionScan has many).
const PRESENT = [
  { ...k("CBA", "2024-10-07"), orderRows: 5 },
  k("BHP", "2024-10-03"),
  k("110621", "2024-10-02"),
  k("BHP", "2024-10-02"),
  k("CBA", "2024-10-02"),
  k("BHP", "2024-10-07"),
  k("BHP", "2024-10-03"),
  k("CBA", "2024-10-04"),
];

const matrix = (over: Record<string, unknown>): string[] =>
  jobMatrix(resolveConfig({ inputs: ["x"], ...over }), PRESENT).map(jobKeyString);

describe("jobMatrix", () => {
  it("is every present pair when nothing is requested, sorted by (security, date), without duplicates", () => {
    const m = jobMatrix(resolveConfig({ inputs: ["x"] }), PRESENT);
    expect(m.map(jobKeyString)).toEqual([
      "110621|2024-10-02",
      "BHP|2024-10-02",
      "BHP|2024-10-03",
      "BHP|2024-10-07",
      "CBA|2024-10-02",
      "CBA|2024-10-04",
      "CBA|2024-10-07",
    ]);
    // Bare keys: nothing of the scan rows is carried along.
    expect(m[6]).toEqual({ securityCode: "CBA", date: "2024-10-07" });
  });

  it("keeps the requested securities that are present", () => {
    expect(matrix({ securities: ["CBA", "NAB", 110621] })).toEqual([
      "110621|2024-10-02",
      "CBA|2024-10-02",
      "CBA|2024-10-04",
      "CBA|2024-10-07",
    ]);
  });

  it("keeps an inclusive date range, open at either end", () => {
    expect(matrix({ dates: { from: "2024-10-03", to: "2024-10-04" } })).toEqual(["BHP|2024-10-03", "CBA|2024-10-04"]);
    expect(matrix({ dates: { from: "2024-10-04" } })).toEqual(["BHP|2024-10-07", "CBA|2024-10-04", "CBA|2024-10-07"]);
    expect(matrix({ dates: { to: "2024-10-02" } })).toEqual(["110621|2024-10-02", "BHP|2024-10-02", "CBA|2024-10-02"]);
    expect(matrix({ dates: { from: "2024-10-05", to: "2024-10-06" } })).toEqual([]);
  });

  it("keeps a list of dates, and combines securities with dates", () => {
    expect(matrix({ dates: ["2024-10-07", "2024-10-02", "2024-10-07"] })).toEqual([
      "110621|2024-10-02",
      "BHP|2024-10-02",
      "BHP|2024-10-07",
      "CBA|2024-10-02",
      "CBA|2024-10-07",
    ]);
    expect(matrix({ securities: ["BHP"], dates: { from: "2024-10-03" } })).toEqual([
      "BHP|2024-10-03",
      "BHP|2024-10-07",
    ]);
  });

  it("is empty for no data", () => {
    expect(jobMatrix(resolveConfig({ inputs: ["x"] }), [])).toEqual([]);
  });

  it("sorts by code units, not by locale ('Z' before 'a', '10' before '9')", () => {
    const m = jobMatrix({}, [k("a", "2024-01-01"), k("Z", "2024-01-01"), k("9", "2024-01-01"), k("10", "2024-01-01")]);
    expect(m.map((x) => x.securityCode)).toEqual(["10", "9", "Z", "a"]);
  });
});

describe("unmatchedRequests", () => {
  it("names listed securities and dates the data does not hold", () => {
    const config = resolveConfig({
      inputs: ["x"],
      securities: ["NAB", "BHP", "ZZZ"],
      dates: ["2024-10-04", "2024-10-03"],
    });
    // CBA has 2024-10-04 but CBA is not requested; BHP has 2024-10-03.
    expect(unmatchedRequests(config, PRESENT)).toEqual({ securities: ["NAB", "ZZZ"], dates: ["2024-10-04"] });
    expect(unmatchedRequests(resolveConfig({ inputs: ["x"] }), PRESENT)).toEqual({ securities: [], dates: [] });
  });
});

describe("jobKeyString", () => {
  it("joins security and date with |", () => {
    expect(jobKeyString(k("110621", "2024-10-02"))).toBe("110621|2024-10-02");
  });
});
