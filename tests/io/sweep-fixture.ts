import type { JobResult } from "../../src/core/job.js";
import type { SweepMetrics } from "../../src/core/metrics.js";

/** The hand-checked values of {@link twoSweeps}: sweep 0 simulated, sweep 1 not (a final-state job). */
export const ID_0 = 9_007_199_254_740_993n; // 2^53 + 1: exact only as a bigint
/** Sweep 1's id. */
export const ID_1 = 18_446_744_073_709_551_615n; // 2^64 − 1

/**
 * A job result with two sweeps of (XYZ, 2024-10-03, decimals 3), holding only what the per-sweep
 * writers read: sweep 0 a simulated, partially filled Medium sell; sweep 1 an unsimulated,
 * unfilled Small buy without a midpoint (savings_bps and mean_mid NaN).
 */
export function twoSweeps(): JobResult {
  const f = (a: number, b: number): Float64Array => Float64Array.of(a, b);
  const i = (a: number, b: number): Int32Array => Int32Array.of(a, b);
  const sweeps: SweepMetrics = {
    length: 2,
    orderId: BigUint64Array.of(ID_0, ID_1),
    participantId: i(1234, 77),
    side: Uint8Array.of(2, 1),
    group: Uint8Array.of(2, 3),
    band: Uint8Array.of(1, 0),
    qty: f(5000, 300),
    placedNs: f(36_000_123_000_000, 57_599_999_000_000), // 10:00:00.123, 15:59:59.999
    realFilled: f(2000, 0),
    realValueTicks: f(2000 * 10_250, 0),
    realTrades: i(3, 0),
    realFirstTradeNs: f(36_001_000_000_000, NaN),
    realLastTradeNs: f(36_002_000_000_000, NaN),
    simulated: Uint8Array.of(1, 0),
    simFilled: f(2500, 0),
    simValueHalfTicks: f(2500 * 20_501, 0),
    simFills: i(2, 0),
    comparedQty: f(2000, 0),
    savingsMicroAud: f(-1_000, 0),
    savingsBps: f(-0.4878, NaN),
    meanMidHalfTicks: f(20_500.5, NaN),
    costMidpointMicroAud: f(1_500, 0),
    costHalfSpreadMicroAud: f(750, 0),
    costImpactMicroAud: f(-3_000, 0),
  };
  return { securityCode: "XYZ", date: "2024-10-03", decimals: 3, sweeps } as unknown as JobResult;
}
