/**
 * Exact time handling. Timestamps are nanoseconds since the Unix epoch (UTC) as `bigint`; they
 * exceed 2^53 and never pass through a JS `number`. The trading date is the Australia/Sydney local
 * date of the timestamp, daylight-saving aware (Intl's tz database does the calendar work).
 */

const NS_PER_MS = 1_000_000n;
const MS_PER_HOUR = 3_600_000;
const NS_PER_HOUR = 3_600_000_000_000n;

/** The market's time zone. */
export const MARKET_TIME_ZONE = "Australia/Sydney";

const sydneyParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: MARKET_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

interface HourInfo {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  /** UTC offset of the local time in this hour, in ns (e.g. +10 h or +11 h). */
  offsetNs: bigint;
}

// Sydney's offset is a whole number of hours and its DST changes fall on UTC hour boundaries, so
// one lookup per UTC hour is exact; the cache makes per-row date assignment O(1).
const hourCache = new Map<number, HourInfo>();

function hourInfo(utcHour: number): HourInfo {
  let info = hourCache.get(utcHour);
  if (info === undefined) {
    const ms = utcHour * MS_PER_HOUR;
    const p: Record<string, string> = {};
    for (const part of sydneyParts.formatToParts(new Date(ms))) p[part.type] = part.value;
    const localMs = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    info = { date: `${p.year}-${p.month}-${p.day}`, offsetNs: BigInt(localMs - ms) * NS_PER_MS };
    if (hourCache.size > 200_000) hourCache.clear();
    hourCache.set(utcHour, info);
  }
  return info;
}

function utcHourOf(tsNs: bigint): number {
  // Floor division, also for timestamps before 1970.
  let h = tsNs / NS_PER_HOUR;
  if (tsNs < 0n && h * NS_PER_HOUR !== tsNs) h -= 1n;
  return Number(h);
}

/** The Australia/Sydney trading date (`YYYY-MM-DD`) of a UTC nanosecond timestamp. */
export function tradingDate(tsNs: bigint): string {
  return hourInfo(utcHourOf(tsNs)).date;
}

/** The UTC offset in force in Sydney at `tsNs`, in hours (10 in winter, 11 in summer). */
export function sydneyOffsetHours(tsNs: bigint): number {
  return Number(hourInfo(utcHourOf(tsNs)).offsetNs / NS_PER_HOUR);
}

/**
 * Nanoseconds since Sydney local midnight of the timestamp's trading date. Always < 86,400 × 10^9,
 * so it fits a JS `number` exactly; useful as a compact time column inside one partition.
 */
export function nsSinceLocalMidnight(tsNs: bigint): number {
  const local = tsNs + hourInfo(utcHourOf(tsNs)).offsetNs;
  const day = 86_400_000_000_000n;
  let r = local % day;
  if (r < 0n) r += day;
  return Number(r);
}

/**
 * The UTC nanosecond timestamp of a Sydney local wall-clock time on a trading date
 * (`date` = `YYYY-MM-DD`, `secondsOfDay` since local midnight). Used for session windows and by the
 * generator. Throws `RangeError` on a malformed date.
 */
export function sydneyLocalToUtcNs(date: string, secondsOfDay: number): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const wallMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + secondsOfDay * 1000;
  // Try the two offsets Sydney uses; pick the one whose local time maps back to this wall time.
  for (const offsetH of [11, 10]) {
    const utcMs = wallMs - offsetH * MS_PER_HOUR;
    const ns = BigInt(utcMs) * NS_PER_MS;
    if (hourInfo(utcHourOf(ns)).offsetNs === BigInt(offsetH) * NS_PER_HOUR) return ns;
  }
  // A wall time skipped by the spring-forward gap: take standard time.
  return BigInt(wallMs - 10 * MS_PER_HOUR) * NS_PER_MS;
}

/** Formats a UTC nanosecond timestamp as ISO-8601 with nanoseconds, e.g. `2024-09-05T00:02:16.001032398Z`. */
export function formatNsIso(tsNs: bigint): string {
  const sec = tsNs / 1_000_000_000n - (tsNs < 0n && tsNs % 1_000_000_000n !== 0n ? 1n : 0n);
  const frac = tsNs - sec * 1_000_000_000n;
  const iso = new Date(Number(sec) * 1000).toISOString().slice(0, 19);
  return `${iso}.${frac.toString().padStart(9, "0")}Z`;
}

/** Sydney local wall-clock time of a timestamp as `HH:MM:SS.mmm` (for display). */
export function formatSydneyTime(tsNs: bigint): string {
  const ms = Math.floor(nsSinceLocalMidnight(tsNs) / 1e6);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  return `${p2(Math.floor(ms / 3_600_000))}:${p2(Math.floor(ms / 60_000) % 60)}:${p2(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, "0")}`;
}
