import { describe, expect, it } from "vitest";
import { ValueTooLargeError } from "../../src/core/exact-values.js";
import { runJob } from "../../src/core/job.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { buildPartition, type EventSpec } from "../fixtures/partition.js";

const SWEEP = 2048;
const MAX = Number.MAX_SAFE_INTEGER; // 2^53 − 1 = 9007199254740991

/** One sweep buy of `qty` at `price` ticks, fully filled by one leg at that price. */
function filledSweep(orderId: number, qty: number, price: number, t = "10:00:01"): EventSpec[] {
  return [
    { orderId, t, side: 1, qty, price, otype: SWEEP, bid: price - 1, offer: price + 1 },
    { orderId, t: `${t}.5`, side: 1, qty, price, otype: SWEEP, reason: 3, matched: qty, status: 2 },
  ];
}

describe("a job whose values leave the exact integers of a double fails with value_too_large", () => {
  it("refuses a sweep whose real value Σ price × qty is beyond 2^53 − 1 ticks (it was rounded and summed, exit 0)", () => {
    // 1,000,000,000,001 shares × 1,000,003 ticks = 1,000,003,000,001,000,003 ticks: a double
    // holds 1,000,003,000,001,000,064 (the job wrote A$1000003000001.000064, not .000003).
    const qty = 1_000_000_000_001;
    const price = 1_000_003;
    const p = buildPartition({
      securityCode: "123",
      date: "2024-10-02",
      decimals: 6,
      events: filledSweep(7, qty, price),
      trades: [{ orderId: 7, t: "10:00:01.5", price, qty }],
    });
    let thrown: unknown;
    try {
      runJob(p, defaultAnalysisConfig());
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValueTooLargeError);
    const err = thrown as ValueTooLargeError;
    expect(err.code).toBe("value_too_large");
    expect(err.message).toContain("123 2024-10-02");
    expect(err.message).toContain("sweep order 7");
    expect(err.message).toContain("real_value_ticks");
    expect(err.message).toContain("9007199254740991");
  });

  it("refuses a job whose summed quantity passes 2^53 − 1 (three sweeps of 2^53 − 1 shares)", () => {
    const events: EventSpec[] = [1, 2, 3].map((id) => ({
      orderId: id,
      t: `10:00:0${id}`,
      side: 1,
      qty: MAX,
      price: 1000,
      otype: SWEEP,
    }));
    const p = buildPartition({ securityCode: "123", date: "2024-10-02", events });
    expect(() => runJob(p, defaultAnalysisConfig())).toThrow(
      /123 2024-10-02: the sweeps' qty adds up beyond 2\^53 − 1/,
    );
  });

  it("keeps a sweep worth exactly 2^53 − 1 ticks, digit for digit", () => {
    const p = buildPartition({
      securityCode: "123",
      date: "2024-10-02",
      events: filledSweep(7, 1, MAX - 1),
      trades: [{ orderId: 7, t: "10:00:01.5", price: MAX, qty: 1 }],
    });
    const r = runJob(p, defaultAnalysisConfig());
    expect(r.sweeps.realValueTicks[0]).toBe(MAX);
    expect(r.sums.cells.reduce((s, c) => s + c.realValueTicks, 0n)).toBe(9007199254740991n);
  });
});

describe("participant ids beyond 32 bits fail the job with value_too_large", () => {
  // The outputs hold participant ids as 32-bit integers (participant_id int32). An id of
  // 3,000,000,000 (the format reads any integer up to 2^53 − 1) wrapped to −1,294,967,296 in
  // simulation.csv.gz and by_participant.csv with exit 0 (and 2^53 − 1 to −1); in Parquet the job
  // threw "column participantid: row 0 is 3000000000, not a whole int32", naming no file.
  const withParticipant = (participant: number) => {
    const p = buildPartition({
      securityCode: "123",
      date: "2024-10-02",
      events: [
        { orderId: 1, t: "10:00:01", qty: 100, otype: SWEEP, participant: 1001 },
        { orderId: 2, t: "10:00:02", qty: 200, otype: SWEEP },
      ],
    });
    // The store gives a column whose values do not all fit 32 bits as a Float64Array.
    p.orders.participantId = Float64Array.from(p.orders.participantId);
    p.orders.participantId[1] = participant;
    return p;
  };

  it("names the order and the id, and says what to fix", () => {
    const p = withParticipant(3_000_000_000);
    expect(() => runJob(p, defaultAnalysisConfig())).toThrow(ValueTooLargeError);
    expect(() => runJob(p, defaultAnalysisConfig())).toThrow(
      /123 2024-10-02: order 2 has participantid 3000000000, outside the 32-bit participant ids/,
    );
  });

  it("leaves a lit order's id alone (the outputs hold only Centre Point orders)", () => {
    const p = withParticipant(1001);
    p.orders.exchangeOrderType[1] = 0; // order 2 lit: no longer a sweep
    p.orders.participantId[1] = 3_000_000_000;
    const r = runJob(p, defaultAnalysisConfig());
    expect([...r.sweeps.participantId]).toEqual([1001]);
  });

  it("takes negative and 32-bit ids as they are", () => {
    const p = withParticipant(-2_147_483_648);
    const r = runJob(p, defaultAnalysisConfig());
    expect([...r.sweeps.participantId]).toEqual([1001, -2_147_483_648]);
  });
});
