/** A (security, Sydney trading date) pair: what names a partition and a job. */
export interface SecurityDate {
  securityCode: string;
  /** YYYY-MM-DD. */
  date: string;
}

/** Orders pairs by security code, then date, both compared as text: the one order of partitions and jobs. */
export function compareSecurityDate(a: SecurityDate, b: SecurityDate): number {
  if (a.securityCode !== b.securityCode) return a.securityCode < b.securityCode ? -1 : 1;
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
