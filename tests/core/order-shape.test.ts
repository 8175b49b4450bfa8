import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { replayBook } from "../../src/core/book.js";
import { runJob } from "../../src/core/job.js";
import { orderShape } from "../../src/core/order-shape.js";
import { orderStates } from "../../src/core/states.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import type { Partition } from "../../src/model/partition.js";
import { buildPartition, type EventSpec } from "../fixtures/partition.js";

const REAL = join(import.meta.dirname, "..", "fixtures", "formats", "real");
const SAMPLE = join(import.meta.dirname, "..", "..", "sample_data");
/** The real files were extracted at 21:22 Sydney: a session over the whole day reaches them. */
const WIDE = { ...defaultAnalysisConfig(), session: { start: "00:00", end: "23:59:59" } };
const shapeOf = (p: Partition): string => orderShape(p.orders, orderStates(p.orders)).shape;

let real: Partition[] = [];
beforeAll(async () => {
  const files = ["orders-final-2024-09-04-85603.csv", "orders-final-2024-09-04-110621.csv"].map((f) => join(REAL, f));
  real = (await loadPartitions(files)).partitions;
});

describe("orderShape on the real final-state extracts", () => {
  it("recognises both files (one row per order, no placement) as final_state", () => {
    // 110621: 21 rows = 11 reloads (30) + 10 system cancels (9); 85603: 128 = 92 reloads + 36 cancels.
    expect(real.map((p) => [p.securityCode, p.orders.length])).toEqual([
      ["110621", 21],
      ["85603", 128],
    ]);
    for (const p of real)
      expect(orderShape(p.orders, orderStates(p.orders))).toEqual({
        shape: "final_state",
        rows: p.orders.length,
        orders: p.orders.length,
        placementRows: 0,
      });
  });

  it("runJob skips the book replay and the simulation instead of flooding unknown_order_id warnings", () => {
    for (const p of real) {
      // What the replay would say: every cancel row is of an order never placed.
      const cancels = Array.from(p.orders.changeReason).filter((c) => c === 9).length;
      expect(replayBook(p.orders).warningCounts.unknown_order_id).toBe(cancels);
      const r = runJob(p, WIDE);
      expect(r.orderShape).toBe("final_state");
      expect(r.book.skipped).toBe("final_state");
      expect(r.book.warningCounts.unknown_order_id).toBe(0);
      expect(r.simulation).toEqual({
        skipped: "final_state",
        fills: 0,
        matchedQty: 0,
        fidelity: { orders: 0, realFilledQty: 0, simFilledQty: 0, ordersEqual: 0, absDiffQty: 0 },
      });
      expect(r.dataQuality.orderShape.shape).toBe("final_state");
      expect(r.dataQuality.counts).toMatchObject({
        finalStateJobs: 1,
        finalStateOrders: p.orders.length,
        bookUnknownOrderId: 0,
        selectedOrders: r.selection.selectedOrders,
      });
      // Groups and bands still come from the final rows: nothing matched, so every sweep is unfilled.
      expect(r.sweepsByGroup[2]).toBe(r.sweeps.length);
      expect(r.sweeps.length).toBeGreaterThan(0);
    }
  });
});

/*
 * A hand-built final-state partition (2024-10-03, 10:00–10:03): three sweeps, each given by its last
 * row only. S1 (id 1) traded in full (200 of 200), S2 (id 2) traded 50 of 300 and was cancelled,
 * S3 (id 3) was cancelled unfilled. The trades file holds S1's two legs (120 + 80 = 200) and three
 * legs of S2 (50 + 10 + 5 = 65: the file holds 15 more than the order's own totalmatchedquantity).
 */
const SWEEP = 2048;
const FINAL: EventSpec[] = [
  { orderId: 1, t: "10:01:00", qty: 200, matched: 200, reason: 3, status: 2, otype: SWEEP },
  { orderId: 2, t: "10:02:00", qty: 300, matched: 50, reason: 1, status: 4, otype: SWEEP },
  { orderId: 3, t: "10:03:00", qty: 40, reason: 9, status: 4, otype: SWEEP },
];
const LEGS = [
  { orderId: 1, t: "10:00:30", price: 1000, qty: 120, matchGroupId: 1 },
  { orderId: 1, t: "10:00:40", price: 1001, qty: 80, matchGroupId: 2 },
  { orderId: 2, t: "10:01:30", price: 1000, qty: 50, matchGroupId: 3 },
  { orderId: 2, t: "10:01:40", price: 1000, qty: 10, matchGroupId: 4 },
  { orderId: 2, t: "10:01:50", price: 1000, qty: 5, matchGroupId: 5 },
];

describe("a final-state partition with trades", () => {
  const r = runJob(buildPartition({ events: FINAL, trades: LEGS }), defaultAnalysisConfig());

  it("gets real fills, fill groups and size bands; no simulated fill", () => {
    expect(r.orderShape).toBe("final_state");
    // S1 fully filled (leaves 0), S2 partially (matched 50, leaves 250), S3 unfilled.
    expect(r.sweepsByGroup).toEqual([1, 1, 1]);
    expect(Array.from(r.sweeps.realFilled)).toEqual([200, 65, 0]);
    expect(Array.from(r.sweeps.simFilled)).toEqual([0, 0, 0]);
    expect(Array.from(r.sweeps.savingsMicroAud)).toEqual([0, 0, 0]);
    // Small band (qty ≤ 1,000 by default) for all three.
    expect(r.cells[0]).toMatchObject({ sweeps: 1, qty: 200, realFilled: 200, simFilled: 0, comparedQty: 0 });
  });

  it("reports no overfilled order when the legs stay within the quantities", () => {
    expect(r.dataQuality.counts.overfilledOrders).toBe(0);
  });

  it("names an order whose legs exceed its quantity (a fill ratio over 100 %)", () => {
    // A sixth leg of S1: 201 matched against a quantity of 200.
    const over = runJob(
      buildPartition({
        events: FINAL,
        trades: [...LEGS, { orderId: 1, t: "10:00:50", price: 1001, qty: 1, matchGroupId: 6 }],
      }),
      defaultAnalysisConfig(),
    );
    expect(over.orderShape).toBe("final_state");
    expect(over.dataQuality.counts).toMatchObject({ overfilledOrders: 1, overfilledQty: 1 });
    expect(over.dataQuality.samples.overfilledOrders).toEqual([{ orderId: 1n, qty: 200, filledQty: 201 }]);
  });
});

describe("orderShape on event data", () => {
  it("every sample_data (generated) partition is events", async () => {
    const { partitions } = await loadPartitions([SAMPLE]);
    expect(partitions).toHaveLength(12);
    for (const p of partitions) expect(shapeOf(p)).toBe("events");
    expect(runJob(partitions[0] as Partition, defaultAnalysisConfig()).orderShape).toBe("events");
  });

  it("a partition mixing final-state rows and an order's event history is events", () => {
    const mixed = buildPartition({
      events: [
        ...FINAL,
        { orderId: 4, t: "10:00:10", qty: 100 },
        { orderId: 4, t: "10:00:20", qty: 100, reason: 1, status: 4 },
      ],
    });
    expect(shapeOf(mixed)).toBe("events");
    expect(runJob(mixed, defaultAnalysisConfig()).book.skipped).toBeUndefined();
  });

  it("one row per order that are mostly placements is events (orders placed and left alone)", () => {
    // 2 of 3 rows are placements (changereason 6): at or over the 50 % limit.
    const placed = buildPartition({
      events: [{ orderId: 1, t: "10:00:00" }, { orderId: 2, t: "10:00:01" }, FINAL[2] as EventSpec],
    });
    expect(shapeOf(placed)).toBe("events");
    // 1 of 3 is a placement: a final-state table whose untouched order kept its placement row.
    const final = buildPartition({ events: [{ orderId: 1, t: "10:00:00" }, ...FINAL.slice(1)] });
    expect(shapeOf(final)).toBe("final_state");
  });

  it("an empty partition is events", () => {
    expect(shapeOf(buildPartition({ events: [] }))).toBe("events");
  });
});
