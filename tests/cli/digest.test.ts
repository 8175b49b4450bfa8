import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resultsDigest } from "../../src/cli/digest.js";
import { tmp } from "../helpers.js";

describe("resultsDigest", () => {
  it("says 'not simulated' where a fill group's sweeps were none simulated (final-state jobs)", async () => {
    const out = tmp("sweeplab-digest-");
    mkdirSync(join(out, "aggregated"));
    writeFileSync(
      join(out, "aggregated", "global_summary.csv"),
      [
        "fill_group,size_band,sweeps,qty,real_fill_ratio,sim_fill_ratio,savings_aud,savings_bps",
        "Fully filled,All,2,300,1,0.5,1.250000,2.5",
        "Unfilled,All,3,540,0.25,,,",
        "Unfilled,Small,3,540,0.25,,,",
      ].join("\n") + "\n",
    );
    const lines = (await resultsDigest(out)).split("\n").filter((l) => l !== "");
    expect(lines.slice(1).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ["fill_group", "sweeps", "qty", "real_fill_ratio", "sim_fill_ratio", "savings_aud", "savings_bps"],
      ["Fully filled", "2", "300", "100.0%", "50.0%", "1.250000", "2.500"],
      ["Unfilled", "3", "540", "25.0%", "not simulated", "not simulated", "not simulated"],
    ]);
  });
});
