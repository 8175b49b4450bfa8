/**
 * Which jobs to keep: security codes and/or `YYYY-MM-DD` trading dates (omit a field for all), e.g.
 * `{ securities: ["110621"], dates: ["2024-10-03", "2024-10-04"] }` (lists; a `FROM..TO` range is
 * the CLI's). Typed untyped (the REPL), codes as numbers and a comma-separated text are lists too.
 */
export interface JobFilter {
  securities?: readonly string[];
  dates?: readonly string[];
}

/** A filter field as a list of texts: a number or a comma-separated text (typed at the REPL) too. */
function listOf(v: unknown): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = typeof v === "string" ? v.split(",") : Array.isArray(v) ? (v as unknown[]) : [v];
  return items.map((x) => String(x).trim());
}

/** The filter with its fields as lists of texts (see {@link JobFilter}). */
export function jobFilterOf(filter: JobFilter): JobFilter {
  const securities = listOf(filter.securities);
  const dates = listOf(filter.dates);
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
