import { describe, expect, it } from "vitest";
import { runJob } from "../../src/core/job.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition, t } from "../fixtures/partition.js";

/*
 * Three Centre Point orders of one book: placed 10:00:30 (before its staggered open at 10:02:15),
 * 10:03:00 (inside) and 15:59:00 (inside the config's 10:00–16:00, after a 15:30 PRE_CSPA).
 */
const p = buildPartition({
  events: [
    { orderId: 1, t: "10:00:30" },
    { orderId: 2, t: "10:03:00" },
    { orderId: 3, t: "15:59:00" },
  ],
});

describe("the job's session window", () => {
  it("defaults to analysis.session and says so", () => {
    const r = runJob(p, defaultAnalysisConfig());
    expect(r.session).toEqual({ startNs: t("10:00:00"), endNs: t("16:00:00"), source: "config" });
    expect([r.selection.selectedOrders, r.selection.outsideSessionOrders]).toEqual([3, 0]);
  });

  it("uses the window it is given (the book's, from the sessions file) for selection, and reports it", () => {
    const session = { startNs: t("10:02:15"), endNs: t("15:30:00"), source: "sessions file" as const };
    const r = runJob(p, defaultAnalysisConfig(), session);
    expect(r.session).toEqual(session);
    // Orders 1 (before the book opened) and 3 (after its continuous session) are outside.
    expect([r.selection.selectedOrders, r.selection.outsideSessionOrders]).toEqual([1, 2]);
  });
});
