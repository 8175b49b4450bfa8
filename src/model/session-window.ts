import { z } from "zod";
import { compareNumericText } from "./numeric-text.js";
import type { SessionPhase } from "./reference.js";
import { nsSinceLocalMidnight, tradingDate } from "./time.js";

/**
 * The continuous-session window of one job: [startNs, endNs) in ns since Sydney local midnight of
 * the job's trading date, and where it came from — the order book's phases in the sessions file
 * (session.csv), or the fixed `analysis.session` of the config (the default when no sessions file
 * is configured or it has no usable phases for that book and date). Part of the job task, so the
 * job's record (and its reference fingerprint) says which window the job used.
 */
export const SessionWindow = z
  .object({
    /** Start, inclusive, ns since Sydney local midnight (< 86,400 × 10^9, an exact JS number). */
    startNs: z.number().int().min(0).max(86_400e9),
    /** End, exclusive, ns since Sydney local midnight. */
    endNs: z.number().int().min(0).max(86_400e9),
    /** `sessions file`: from the book's phases; `config`: `analysis.session`. */
    source: z.enum(["sessions file", "config"]),
  })
  .refine((w) => w.startNs < w.endNs, "session window start must be before its end");
export type SessionWindow = z.infer<typeof SessionWindow>;

/** The phase name of continuous trading in session.csv. */
export const CONTINUOUS_PHASE = "OPEN";

/** The key of {@link continuousWindows}: `<security code>|<YYYY-MM-DD>`. */
export function sessionKey(securityCode: string, date: string): string {
  return `${securityCode}|${date}`;
}

/** What {@link SessionWindowBuilder} keeps of a phase: its time, whether it is `OPEN`, its sequence and name. */
interface Phase {
  tsNs: bigint;
  open: boolean;
  /** The exchange's `Sequence` as written ("" when absent). */
  sequence: string;
  /** The phase name, trimmed, upper case. */
  name: string;
}

/**
 * Orders two phases of one book at the same timestamp: by the exchange's `Sequence` (as integers,
 * exactly: {@link compareNumericText}), then by name. Never by file position: session.csv's rows may come in any order.
 */
export function comparePhaseTies(a: { sequence: string; name: string }, b: { sequence: string; name: string }): number {
  return compareNumericText(a.sequence, b.sequence) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Builds {@link continuousWindows} one phase at a time, so that a sessions file of any length is
 * folded as it is read: per (book, date) it keeps only each phase's time and whether it is `OPEN`,
 * its sequence and name, never the rows. Phases may be added in any order: phases of one book at
 * the same time are ordered by {@link comparePhaseTies}, not by their place in the file.
 */
export class SessionWindowBuilder {
  private readonly days = new Map<string, Phase[]>();

  /** Adds one phase of the file. */
  add(p: SessionPhase): void {
    const key = sessionKey(p.securityCode, tradingDate(p.tsNs));
    let list = this.days.get(key);
    if (list === undefined) this.days.set(key, (list = []));
    const name = p.name.trim().toUpperCase();
    list.push({ tsNs: p.tsNs, open: name === CONTINUOUS_PHASE, sequence: p.sequence ?? "", name });
  }

  /** The windows of the phases added so far, by {@link sessionKey} in key order (see {@link continuousWindows}). */
  windows(): Map<string, { startNs: number; endNs: number }> {
    const out = new Map<string, { startNs: number; endNs: number }>();
    for (const [key, list] of [...this.days.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const sorted = [...list].sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : comparePhaseTies(a, b)));
      const first = sorted.findIndex((p) => p.open);
      if (first < 0) continue;
      let last = first;
      for (let k = first; k < sorted.length; k++) if (sorted[k]?.open === true) last = k;
      const start = sorted[first];
      const end = sorted[last + 1];
      if (start === undefined || end === undefined) continue;
      const startNs = nsSinceLocalMidnight(start.tsNs);
      const endNs = nsSinceLocalMidnight(end.tsNs);
      if (startNs < endNs) out.set(key, { startNs, endNs });
    }
    return out;
  }
}

/**
 * The continuous-session window of each (order book, trading date) in a sessions file, by
 * {@link sessionKey}. The rule: a phase belongs to the Sydney trading date of its `Timestamp` (the
 * same rule as order rows; `TradeDate` is not used); on that date, sorted by time (equal times by
 * `Sequence`, then name: {@link comparePhaseTies}), the window starts at the first `OPEN` phase (continuous trading: the book opens at
 * the end of its opening auction, in staggered groups) and ends at the first phase after the last
 * `OPEN` that is not `OPEN` (on the ASX, `PRE_CSPA`: the pre-close of the closing auction; or a halt
 * that lasts to the end of the day). A halt between two `OPEN`s stays inside the window. A book and
 * date without an `OPEN`, or without a later phase on the same date that ends it, has no window
 * here (the job then uses the config's). Other phase names (PRE_OPEN, CSPA, ADJUST, PURGE_ORDERS,
 * SYSTEM_MAINTENANCE, CLOSE, …) only ever end a window. Pure and deterministic.
 */
export function continuousWindows(phases: readonly SessionPhase[]): Map<string, { startNs: number; endNs: number }> {
  const b = new SessionWindowBuilder();
  for (const p of phases) b.add(p);
  return b.windows();
}
