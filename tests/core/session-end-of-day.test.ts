import { describe, expect, it } from "vitest";
import { runJob } from "../../src/core/job.js";
import { AnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition } from "../fixtures/partition.js";

/*
 * Orders at 00:00:00 and in the day's last second (23:59:59.5, 23:59:59.999999999). The session's
 * end is exclusive and a clock time HH:MM:SS at most 23:59:59, so no window took in the last second:
 * README's `--session 00:00..23:59:59` left it outside. `24:00` is the end of the day.
 */
const p = buildPartition({
  events: [
    { orderId: 1, t: "00:00:00" },
    { orderId: 2, t: "23:59:59.5" },
    { orderId: 3, t: "23:59:59.999999999" },
  ],
});

describe("a session ending at 24:00 takes in the whole Sydney day", () => {
  it("accepts end 24:00 (and 24:00:00) and selects the last second's orders", () => {
    for (const end of ["24:00", "24:00:00"]) {
      const config = AnalysisConfig.parse({ session: { start: "00:00", end } });
      const r = runJob(p, config);
      expect(r.session.endNs).toBe(86_400e9);
      expect([r.selection.selectedOrders, r.selection.outsideSessionOrders]).toEqual([3, 0]);
    }
  });

  it("keeps refusing 24:00 as a start and any time past it", () => {
    expect(AnalysisConfig.safeParse({ session: { start: "24:00", end: "24:00" } }).success).toBe(false);
    expect(AnalysisConfig.safeParse({ session: { start: "00:00", end: "24:00:01" } }).success).toBe(false);
    expect(AnalysisConfig.safeParse({ session: { start: "00:00", end: "24:01" } }).success).toBe(false);
  });
});
