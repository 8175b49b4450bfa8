import type { RunConfig } from "./schema.js";
import { compareSecurityDate } from "../model/keys.js";

/** One analysis job: a security on one Australia/Sydney trading date (`YYYY-MM-DD`). */
export interface JobKey {
  /** Security code as in the data (`security_code`, `securitycode`, `orderbookid`). */
  securityCode: string;
  /** Australia/Sydney trading date, `YYYY-MM-DD`. */
  date: string;
}

/** Orders job keys by security code, then date (plain UTF-16 code-unit order, locale-independent). */
export function compareJobKeys(a: JobKey, b: JobKey): number {
  return compareSecurityDate(a, b);
}

/** The text key of a job, `${securityCode}|${date}` (e.g. `110621|2024-10-02`), for maps and manifests. */
export function jobKeyString(k: JobKey): string {
  return `${k.securityCode}|${k.date}`;
}

/** Copies of `keys` as bare `{ securityCode, date }`, sorted by {@link compareJobKeys}, duplicates removed. */
export function sortedJobKeys(keys: readonly JobKey[]): JobKey[] {
  const sorted = keys.map((k) => ({ securityCode: k.securityCode, date: k.date })).sort(compareJobKeys);
  return sorted.filter((k, i) => i === 0 || compareJobKeys(sorted[i - 1] as JobKey, k) !== 0);
}

/** Whether `date` is among the config's requested dates (every date when `dates` is omitted). */
export function dateRequested(dates: RunConfig["dates"], date: string): boolean {
  if (dates === undefined) return true;
  if (Array.isArray(dates)) return dates.includes(date);
  return (dates.from === undefined || dates.from <= date) && (dates.to === undefined || date <= dates.to);
}

/**
 * The job matrix: the (security, date) pairs requested by the config (`securities`, `dates`; omitted
 * means all, a date range is inclusive at both ends) that are present in the data (`present`, e.g.
 * a scan's partitions), as bare `JobKey`s sorted by (securityCode, date) without duplicates.
 */
export function jobMatrix(config: Pick<RunConfig, "securities" | "dates">, present: readonly JobKey[]): JobKey[] {
  const securities = config.securities === undefined ? undefined : new Set(config.securities);
  return sortedJobKeys(
    present.filter(
      (k) => (securities === undefined || securities.has(k.securityCode)) && dateRequested(config.dates, k.date),
    ),
  );
}

/**
 * What the config names explicitly that the data does not hold: listed securities with no partition,
 * and listed dates (the list form of `dates`) with no partition of a requested security. Both sorted;
 * empty when everything asked for exists. For warning about a typo that would silently run nothing.
 */
export function unmatchedRequests(
  config: Pick<RunConfig, "securities" | "dates">,
  present: readonly JobKey[],
): { securities: string[]; dates: string[] } {
  const presentCodes = new Set(present.map((k) => k.securityCode));
  const matrixDates = new Set(jobMatrix(config, present).map((k) => k.date));
  const securities = (config.securities ?? []).filter((s) => !presentCodes.has(s));
  const dates = Array.isArray(config.dates) ? config.dates.filter((d) => !matrixDates.has(d)) : [];
  return { securities: [...new Set(securities)].sort(), dates: [...new Set(dates)].sort() };
}
