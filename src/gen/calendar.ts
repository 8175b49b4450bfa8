/**
 * Trading calendar of the generator: consecutive weekdays (no holiday calendar) and the Sydney
 * local session times used for order events and session.csv.
 */

/** Seconds since Sydney local midnight when continuous trading opens (10:00). */
export const OPEN_SECONDS = 10 * 3600;
/**
 * Span of generated continuous-session activity in ns after the open: 10:00 → 15:59:00, leaving a
 * minute before the 16:00 pre-CSPA for the end-of-day cancels. 2.154e13 < 2^53, so a JS number.
 */
export const ACTIVITY_SPAN_NS = (5 * 3600 + 59 * 60) * 1e9;

/**
 * `n` consecutive weekdays (Mon–Fri) from `startDate` (`YYYY-MM-DD`; a Saturday or Sunday rolls
 * forward to Monday). Throws `RangeError` on a malformed or impossible date.
 */
export function tradingDates(startDate: string, n: number): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  if (m === null) throw new RangeError(`startDate is not YYYY-MM-DD: "${startDate}"`);
  let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== startDate) {
    throw new RangeError(`startDate is not a calendar date: "${startDate}"`);
  }
  const out: string[] = [];
  while (out.length < n) {
    const dow = new Date(ms).getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(new Date(ms).toISOString().slice(0, 10));
    ms += 86_400_000;
  }
  return out;
}

/** One market phase of session.csv, at a Sydney local time of the trading date. */
export interface SessionPhase {
  /** Phase id (session.csv `Id`). */
  id: number;
  matchingType: number;
  name: string;
  /** Seconds since Sydney local midnight. */
  localSeconds: number;
  isEndOfTrading: 0 | 1;
}

const hm = (h: number, m: number, s = 0): number => h * 3600 + m * 60 + s;

/** The phases of the real session.csv, in its row order, at typical ASX local times. */
export const SESSION_PHASES: readonly SessionPhase[] = [
  { id: 5, matchingType: 3, name: "PRE_OPEN", localSeconds: hm(7, 0), isEndOfTrading: 0 },
  { id: 12, matchingType: 1, name: "OPEN", localSeconds: hm(10, 0), isEndOfTrading: 0 },
  { id: 14, matchingType: 3, name: "PRE_CSPA", localSeconds: hm(16, 0), isEndOfTrading: 0 },
  { id: 8, matchingType: 3, name: "ADJUST_ON", localSeconds: hm(16, 10), isEndOfTrading: 0 },
  { id: 10, matchingType: 4, name: "CSPA", localSeconds: hm(16, 10), isEndOfTrading: 0 },
  { id: 4, matchingType: 3, name: "ADJUST", localSeconds: hm(16, 10, 30), isEndOfTrading: 0 },
  { id: 16, matchingType: 3, name: "PURGE_ORDERS", localSeconds: hm(16, 11), isEndOfTrading: 0 },
  { id: 17, matchingType: 3, name: "SYSTEM_MAINTENANCE", localSeconds: hm(16, 11, 30), isEndOfTrading: 0 },
  { id: 9, matchingType: 3, name: "CLOSE", localSeconds: hm(16, 12), isEndOfTrading: 1 },
];
