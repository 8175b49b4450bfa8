import { SweeplabError } from "../model/errors.js";
import type { OrderEvents } from "../model/partition.js";
import type { SweepMetrics } from "./metrics.js";

/**
 * A job's values are JS doubles, exact only for integers up to 2^53 − 1. The format allows prices
 * and quantities up to that bound each, so a product (Σ price × qty of one order) or a sum (the
 * quantity of every sweep) can pass it; a double would then round it, and the job would write and
 * sum a wrong value with exit 0. {@link checkExactValues} refuses such a job instead.
 */
export class ValueTooLargeError extends SweeplabError {
  override readonly name = "ValueTooLargeError";
  readonly code = "value_too_large";
}

const MAX = Number.MAX_SAFE_INTEGER;

// The per-sweep values a job writes and sums (SweepMetrics field → its column in simulation.parquet).
const PER_SWEEP = [
  ["qty", "qty"],
  ["realFilled", "real_filled"],
  ["realValueTicks", "real_value_ticks"],
  ["simFilled", "sim_filled"],
  ["simValueHalfTicks", "sim_value_half_ticks"],
  ["comparedQty", "compared_qty"],
  ["savingsMicroAud", "savings_micro_aud"],
  ["costMidpointMicroAud", "cost_midpoint_micro_aud"],
  ["costHalfSpreadMicroAud", "cost_half_spread_micro_aud"],
  ["costImpactMicroAud", "cost_impact_micro_aud"],
] as const;

// The counts the job's sums keep as doubles (non-negative, so a total within 2^53 − 1 keeps every partial sum exact).
const SUMMED = ["qty", "realFilled", "simFilled", "comparedQty"] as const;

/**
 * Throws {@link ValueTooLargeError} (`value_too_large`) when a sweep's value is beyond 2^53 − 1 in
 * magnitude (its shares, ticks, half ticks or micro-AUD), or when the job's sweeps' shares add up
 * beyond it: values a double cannot hold exactly. The message names the job, the sweep order and the
 * column. Every value within the bound is exact, so a job that passes is written as computed.
 */
export function checkExactValues(m: SweepMetrics, securityCode: string, date: string): void {
  const job = `${securityCode} ${date}`;
  const advice =
    "a double holds integers exactly only up to 2^53 − 1 (9007199254740991), so its outputs would be wrong; check the price and quantity columns of its order and trade rows (a price in the wrong scale, a quantity in the wrong unit) and the DecimalsInPrice in ob.csv";
  for (const [field, column] of PER_SWEEP) {
    const values = m[field];
    for (let i = 0; i < m.length; i++) {
      const v = values[i] as number;
      if (v > MAX || v < -MAX)
        throw new ValueTooLargeError(
          `${job}: sweep order ${m.orderId[i] as bigint} has ${column} ${v} (≈), beyond 2^53 − 1: ${advice}`,
        );
    }
  }
  for (const field of SUMMED) {
    let total = 0;
    for (let i = 0; i < m.length; i++) total += m[field][i] as number;
    if (total > MAX)
      throw new ValueTooLargeError(`${job}: the sweeps' ${field} adds up beyond 2^53 − 1 (≈ ${total}): ${advice}`);
  }
}

/**
 * Throws {@link ValueTooLargeError} (`value_too_large`) when a Centre Point order row's (any bit of
 * `centrePointMask`: the rows the outputs hold) participant id is outside the 32-bit integers the
 * outputs hold it as (`participant_id`, `participantid`: int32); it would wrap (3000000000 →
 * −1294967296) or fail a Parquet writer. A column the store gives as an `Int32Array` fits by
 * construction and is not scanned.
 */
export function checkParticipantIds(
  orders: OrderEvents,
  centrePointMask: number,
  securityCode: string,
  date: string,
): void {
  const ids = orders.participantId;
  if (ids instanceof Int32Array) return;
  for (let r = 0; r < orders.length; r++) {
    const v = ids[r] as number;
    if ((v | 0) !== v && ((orders.exchangeOrderType[r] as number) & centrePointMask) !== 0)
      throw new ValueTooLargeError(
        `${securityCode} ${date}: order ${orders.orderId[r] as bigint} has participantid ${v}, outside the 32-bit participant ids the outputs hold (−2147483648 to 2147483647): fix that column of the orders file`,
      );
  }
}
