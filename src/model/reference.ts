import { z } from "zod";
import { fieldSchema } from "./fields.js";

/**
 * Reference files: instruments (ob.csv), participants (par.csv) and market phases (session.csv).
 * Each schema validates the raw CSV record (header names trimmed of the leading space real files
 * carry) and maps it to the fields sweeplab uses, with units in the names.
 */

/** One instrument of ob.csv: the security code and its implied price decimals. */
export const Instrument = z
  .object({
    Id: fieldSchema("security"),
    // 0..6: the aggregation sums money as whole micro-AUD, ticks × 10^(6 − decimals) (`microAudPerTick`).
    // An integer read as such (not a quantity: its messages would speak of shares), then 0..6.
    DecimalsInPrice: fieldSchema("int").refine(
      (d) => d >= 0 && d <= 6,
      "DecimalsInPrice must be 0..6 (prices are summed as whole micro-AUD); fix this security's row",
    ),
    Name: z.string().default(""),
  })
  .transform((r) => ({ securityCode: r.Id, decimalsInPrice: r.DecimalsInPrice, name: r.Name }));
export type Instrument = z.infer<typeof Instrument>;

/** Header names ob.csv must have. */
export const INSTRUMENT_REQUIRED = ["Id", "DecimalsInPrice"] as const;

/** One participant of par.csv. */
export const Participant = z
  .object({
    Id: fieldSchema("int"),
    ParticipantName: z.string().default(""),
    ParticipantType: z.string().default(""),
  })
  .transform((r) => ({ participantId: r.Id, name: r.ParticipantName, type: r.ParticipantType }));
export type Participant = z.infer<typeof Participant>;

/** Header names par.csv must have. */
export const PARTICIPANT_REQUIRED = ["Id", "ParticipantName"] as const;

/**
 * One market phase of session.csv: the phase `name` starts at `tsNs` for an order book.
 * `sequence` is the exchange's `Sequence` as written (optional; it only orders phases of one book
 * at the same timestamp: `comparePhaseTies` in session-window.ts).
 */
export const SessionPhase = z
  .object({
    OrderBookId: fieldSchema("security"),
    Name: z.string().min(1),
    Timestamp: fieldSchema("ns"),
    Sequence: z.string().default(""),
    isEndOfTrading: z.string().default("0"),
  })
  .transform((r): { securityCode: string; name: string; tsNs: bigint; isEndOfTrading: boolean; sequence?: string } => ({
    securityCode: r.OrderBookId,
    name: r.Name,
    tsNs: r.Timestamp,
    isEndOfTrading: r.isEndOfTrading === "1" || r.isEndOfTrading.toLowerCase() === "true",
    ...(r.Sequence.trim() === "" ? {} : { sequence: r.Sequence.trim() }),
  }));

export type SessionPhase = z.infer<typeof SessionPhase>;

/** Header names session.csv must have. */
export const SESSION_REQUIRED = ["OrderBookId", "Name", "Timestamp"] as const;
