import { RunSourceError } from "./source-errors.js";

/**
 * Which jobs to keep: security codes and/or `YYYY-MM-DD` trading dates (omit a field for all), e.g.
 * `{ securities: ["110621"], dates: ["2024-10-03", "2024-10-04"] }` (lists; a `FROM..TO` range is
 * the CLI's). Typed untyped (the REPL), codes as numbers and a comma-separated text are lists too;
 * any other field (a misspelling, `participants`), or a `{ from, to }` object as `dates`, is
 * `RunSourceError` `bad_filter`, never ignored.
 */
export interface JobFilter {
  securities?: readonly string[];
  dates?: readonly string[];
}

/** The fields a filter has: any other would be ignored, and the selection silently be every job. */
const FILTER_FIELDS: readonly string[] = ["securities", "dates"];

/** A filter field as a list of texts: a number or a comma-separated text (typed at the REPL) too. */
function listOf(v: unknown, field: string): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object" && !Array.isArray(v)) {
    const example = field === "dates" ? '["2024-10-02", "2024-10-03"]' : '["110621", "110622"]';
    const range = field === "dates" ? "; the config's { from, to } range is not a filter: list the dates" : "";
    const what = field === "dates" ? "YYYY-MM-DD dates" : "security codes";
    throw new RunSourceError(
      "bad_filter",
      `${field}: a filter takes a list of ${what} (e.g. ${example}), got an object${range}`,
    );
  }
  const items = typeof v === "string" ? v.split(",") : Array.isArray(v) ? (v as unknown[]) : [v];
  return items.map((x) => String(x).trim());
}

/** The filter with its fields as lists of texts (see {@link JobFilter}). */
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
  const dates = listOf(filter.dates, "dates");
  return { ...(securities && { securities }), ...(dates && { dates }) };
}

/**
 * Whether a (security, date) passes the filter, as a predicate built once (the filter read as lists
 * and made sets here, not per call: `compare` asks it of every sweep row).
 */
export function keeper(given: JobFilter): (securityCode: string, date: string) => boolean {
  const filter = jobFilterOf(given);
  const securities = filter.securities === undefined ? undefined : new Set(filter.securities);
  const dates = filter.dates === undefined ? undefined : new Set(filter.dates);
  return (securityCode, date) =>
    (securities === undefined || securities.has(securityCode)) && (dates === undefined || dates.has(date));
}
