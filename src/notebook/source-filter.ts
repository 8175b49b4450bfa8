import { isCalendarDate } from "../config/index.js";
import { RunSourceError } from "./source-errors.js";

/** An inclusive range of `YYYY-MM-DD` trading dates, as the config's `dates`; either end may be left out. */
export interface JobDateRange {
  from?: string;
  to?: string;
}

/**
 * Which jobs to keep: security codes and/or trading dates (omit a field for all), e.g.
 * `{ securities: ["110621"], dates: ["2024-10-03", "2024-10-04"] }`; dates as a list of
 * `YYYY-MM-DD` or, as in the config, an inclusive range `{ from: "2024-10-01", to: "2024-10-31" }`
 * (either end may be left out). Typed untyped (the REPL), codes as numbers and a comma-separated
 * text are lists too; any other field (a misspelling, `participants`) or another object is
 * `RunSourceError` `bad_filter`, never ignored.
 */
export interface JobFilter {
  securities?: readonly string[];
  dates?: readonly string[] | JobDateRange;
}

/** The fields a filter has: any other would be ignored, and the selection silently be every job. */
const FILTER_FIELDS: readonly string[] = ["securities", "dates"];

const DATES_EXAMPLE = '["2024-10-02", "2024-10-03"]';
const RANGE_EXAMPLE = '{ from: "2024-10-02", to: "2024-10-03" }';

/** A filter field as a list of texts: a number or a comma-separated text (typed at the REPL) too. */
function listOf(v: unknown, field: string): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object" && !Array.isArray(v)) {
    const what =
      field === "dates"
        ? `YYYY-MM-DD dates (e.g. ${DATES_EXAMPLE}) or a range ${RANGE_EXAMPLE} (either end may be left out)`
        : 'security codes (e.g. ["110621", "110622"])';
    const keys = Object.keys(v);
    const got = field === "dates" && keys.length > 0 ? `an object with ${keys.join(", ")}` : "an object";
    throw new RunSourceError("bad_filter", `${field}: a filter takes a list of ${what}, got ${got}`);
  }
  const items = typeof v === "string" ? v.split(",") : Array.isArray(v) ? (v as unknown[]) : [v];
  return items.map((x) => String(x).trim());
}

/**
 * `dates` as a range when it is an object of `from` and/or `to` (each `YYYY-MM-DD`), else undefined.
 * Either end may be left out, so both may: `{}` is a range without bound (every date), as the config's.
 */
function rangeOf(v: unknown): JobDateRange | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  if (Object.keys(v).some((k) => k !== "from" && k !== "to")) return undefined;
  const range: JobDateRange = {};
  for (const end of ["from", "to"] as const) {
    const d = (v as Record<string, unknown>)[end];
    if (d === undefined || d === null) continue;
    if (typeof d !== "string" || !isCalendarDate(d))
      throw new RunSourceError(
        "bad_filter",
        `dates: the range's ${end} ${JSON.stringify(d)} is not a calendar date written YYYY-MM-DD (e.g. "2024-10-02")`,
      );
    range[end] = d;
  }
  return range;
}

/** Whether the filter's dates are a range (see {@link JobFilter}). */
export function isDateRange(dates: JobFilter["dates"]): dates is JobDateRange {
  return dates !== undefined && !Array.isArray(dates);
}

/** The filter with its fields as lists of texts, or its dates as a checked range (see {@link JobFilter}). */
export function jobFilterOf(given: JobFilter): JobFilter {
  // null typed at the REPL is no filter, as undefined is.
  const loose: JobFilter | null = given;
  const filter = loose ?? {};
  const unknown = Object.keys(filter).find((k) => !FILTER_FIELDS.includes(k));
  if (unknown !== undefined)
    throw new RunSourceError(
      "bad_filter",
      `"${unknown}" is not a filter field: a filter chooses jobs by securities and dates ` +
        '(e.g. { securities: ["110621"], dates: ["2024-10-03"] }); rows within jobs (a participant, a side, ' +
        "a size band): filter(frame, (r) => r.participant_id === 1001)",
    );
  const securities = listOf(filter.securities, "securities");
  const range = rangeOf(filter.dates);
  // A range with neither end (`dates: {}`) bounds nothing: every date, as no `dates` at all.
  const unbounded = range !== undefined && range.from === undefined && range.to === undefined;
  const dates = unbounded ? undefined : (range ?? listOf(filter.dates, "dates"));
  return { ...(securities && { securities }), ...(dates && { dates }) };
}

/** Whether `date` (YYYY-MM-DD) is in the range, both ends included. */
export function inRange(date: string, range: JobDateRange): boolean {
  return (range.from === undefined || date >= range.from) && (range.to === undefined || date <= range.to);
}

/**
 * Whether a (security, date) passes the filter, as a predicate built once (the filter read as lists
 * and made sets here, not per call: `compare` asks it of every sweep row).
 */
export function keeper(given: JobFilter): (securityCode: string, date: string) => boolean {
  const filter = jobFilterOf(given);
  const securities = filter.securities === undefined ? undefined : new Set(filter.securities);
  const dates = filter.dates;
  const range = isDateRange(dates) ? dates : undefined;
  const listed = dates === undefined || range !== undefined ? undefined : new Set(dates as readonly string[]);
  return (securityCode, date) =>
    (securities === undefined || securities.has(securityCode)) &&
    (range === undefined || inRange(date, range)) &&
    (listed === undefined || listed.has(date));
}
