import { z } from "zod";
import { CENTRE_POINT_MASK, SWEEP_MASK } from "./codes.js";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
// An end may also be 24:00, the end of the day (the end is exclusive: 23:59:59 would leave out the last second).
const END = /^(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?|24:00(:00)?)$/;

/** Seconds since midnight of an `HH:MM[:SS]` wall-clock time. */
export function clockSeconds(hhmm: string): number {
  const [h, m, s] = hhmm.split(":").map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

/**
 * The parameters of one analysis job (ARCHITECTURE.md §2), with the defaults of the study:
 * Centre Point = any of 64|256|2048|4096, sweeps = bit 2048, session 10:00–16:00 Sydney local time,
 * size bands Small ≤ 500 < Medium ≤ 2,000 < Large, impact scenario k = 1 tick.
 */
export const AnalysisConfig = z
  .object({
    /** exchangeordertype bits that make an order Centre Point. */
    centrePointMask: z.number().int().min(1).max(0xffff).default(CENTRE_POINT_MASK),
    /** exchangeordertype bits that make an order a sweep. */
    sweepMask: z.number().int().min(1).max(0xffff).default(SWEEP_MASK),
    /**
     * Continuous session window, Sydney local wall-clock `HH:MM[:SS]`, start inclusive, end
     * exclusive (`24:00`: the end of the day): the default of every job. With a sessions file (`reference.sessions`) a job uses its
     * book's own window for that date instead, when the file has one (see `continuousWindows`).
     */
    session: z
      .object({
        start: z.string().regex(HHMM, "expected HH:MM or HH:MM:SS").default("10:00"),
        end: z.string().regex(END, "expected HH:MM or HH:MM:SS, or 24:00 for the end of the day").default("16:00"),
      })
      .default({ start: "10:00", end: "16:00" })
      .refine((s) => clockSeconds(s.start) < clockSeconds(s.end), "session start must be before its end"),
    /** Keep only orders of these participant ids (omit for all). */
    participants: z.array(z.number().int()).optional(),
    /** Size bands by order quantity: Small ≤ smallMax < Medium ≤ mediumMax < Large. */
    sizeBands: z
      .object({ smallMax: z.number().int().min(0).default(500), mediumMax: z.number().int().min(0).default(2000) })
      .default({ smallMax: 500, mediumMax: 2000 })
      .refine((b) => b.smallMax < b.mediumMax, "smallMax must be below mediumMax"),
    /**
     * k of the `impact_k_ticks` cost scenario: the real fill re-priced at mid + side·k ticks, in
     * exchange ticks of the instrument — the ASX price step at the mid price (A$0.001 below A$0.10,
     * A$0.005 below A$2.00, A$0.01 from A$2.00; never finer than one unit of the security's
     * DecimalsInPrice), see `priceStepUnits`. So 1 is one tick: 5 units (A$0.005) for a 3-decimal
     * security at A$1.50, 1 unit (A$0.01) for a 2-decimal one at A$33.40. Not price units.
     */
    impactTicks: z.number().min(0).default(1),
    /**
     * Repeated rows — a trade leg with an earlier leg's (matchgroupid, orderid, side), an order event
     * equal to an earlier one with its (order_id, timestamp, sequence) — are dropped before the
     * analysis ("drop", the default) or kept ("keep"). They are counted in the job's `dataQuality`
     * either way. "drop" is the safe default: a repeated leg cannot occur in real exchange data, so
     * keeping it only double-counts fills (a resent file made real fill ratios 200 %).
     */
    duplicates: z.enum(["drop", "keep"]).default("drop"),
  })
  .strict();
export type AnalysisConfig = z.infer<typeof AnalysisConfig>;

/** The default analysis parameters. */
export function defaultAnalysisConfig(): AnalysisConfig {
  return AnalysisConfig.parse({});
}
