import { z } from "zod";
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

/** True when the phase is continuous trading (`OPEN`, any case, spaces around it ignored). */
export function isOpenPhase(p: Pick<SessionPhase, "name">): boolean {
  return p.name.trim().toUpperCase() === CONTINUOUS_PHASE;
}

/** The key of {@link continuousWindows}: `<security code>|<YYYY-MM-DD>`. */
export function sessionKey(securityCode: string, date: string): string {
  return `${securityCode}|${date}`;
}

/** What {@link SessionWindowBuilder} keeps of a phase: its time, whether it is `OPEN` and its sequence. */
interface Phase {
  tsNs: bigint;
  open: boolean;
  /** {@link phaseSequence} of its `Sequence`. */
  seq: number;
}

/**
 * A phase's `Sequence` as a number that orders phases at one timestamp: the value of up to 15
 * digits (exact), `Infinity` when absent or anything else (such phases then tie on it). Kept as a
 * number, not the text, so that a sessions file of a year of every book stays small in memory.
 */
export function phaseSequence(text: string | undefined): number {
  const t = (text ?? "").trim();
  return /^\d{1,15}$/.test(t) ? Number(t) : Number.POSITIVE_INFINITY;
}

/**
 * Orders two phases of one book at the same timestamp: by {@link phaseSequence} (the exchange's
 * order), then an `OPEN` before any other phase (so a phase that ends trading in the same
 * nanosecond as a reopening ends the window there). Never by file position: session.csv's rows may
 * come in any order. Negative, 0 or positive.
 */
export function comparePhaseTies(a: { seq: number; open: boolean }, b: { seq: number; open: boolean }): number {
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return a.open === b.open ? 0 : a.open ? -1 : 1;
}

/**
 * Builds {@link continuousWindows} one phase at a time, so that a sessions file of any length is
 * folded as it is read: per (book, date) it keeps only each phase's time, whether it is `OPEN` and
 * its sequence number, never the rows. Phases may be added in any order: phases of one book at
 * the same time are ordered by {@link comparePhaseTies}, not by their place in the file.
 */
export class SessionWindowBuilder {
  private readonly days = new Map<string, Phase[]>();

  /** Adds one phase of the file. */
  add(p: SessionPhase): void {
    const key = sessionKey(p.securityCode, tradingDate(p.tsNs));
    let list = this.days.get(key);
    if (list === undefined) this.days.set(key, (list = []));
    list.push({ tsNs: p.tsNs, open: isOpenPhase(p), seq: phaseSequence(p.sequence) });
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
 * `Sequence`, then `OPEN` first: {@link comparePhaseTies}), the window starts at the first `OPEN` phase (continuous trading: the book opens at
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
