import type { JobKey, RunConfig } from "../config/index.js";
import type { DataQualityCounts } from "../core/data-quality.js";
import { sessionKey } from "../model/session-window.js";

/** What {@link resultReasons} looks at: what was asked, what the data holds, and the jobs' summed counts. */
export interface ReasonInput {
  /** The config's `securities` and `dates` (after the command-line flags). */
  requested: Pick<RunConfig, "securities" | "dates">;
  /** The (security, date) partitions in the store. */
  present: readonly JobKey[];
  /** Jobs in the run's matrix (requested ∩ present). */
  jobs: number;
  /** The analysis session window, `HH:MM[:SS]` Sydney local time. */
  session: { start: string; end: string };
  /** Σ of the jobs' data-quality counts (undefined when no job has a data-quality block). */
  totals?: DataQualityCounts;
  /** First and last placement of the Centre Point orders outside the session, ns since Sydney local midnight. */
  outsideSessionPlacedNs?: { first: number; last: number } | null;
  /** What was done with repeated rows. */
  duplicates?: "drop" | "keep";
  /** The analysis's Centre Point mask (named when no order has one of its bits). */
  centrePointMask?: number;
  /** A few order ids (decimal text) filled beyond their quantity. */
  overfilledSample?: readonly string[];
  /** A few order ids (decimal text) filled short of their totalmatchedquantity (`shortFilledOrders`). */
  shortFilledSample?: readonly string[];
  /** Keys ("SEC|date") of the jobs without a trade leg whose orders report fills (`noTradeFilledOrders`). */
  noTradeJobs?: readonly string[];
  /** Keys ("SEC date") of a few jobs whose order rows are final states (see `finalStateJobs`). */
  finalStateSample?: readonly string[];
  /** Keys ("SEC|date") of the jobs that hold no order row (their inputs: trades or NBBO quotes only). */
  noOrderJobs?: readonly string[];
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Up to `max` values joined with ", ", then "… (N in all)". */
function list(values: readonly string[], max = 10): string {
  return values.length <= max ? values.join(", ") : `${values.slice(0, max).join(", ")}, … (${values.length} in all)`;
}

/** "HH:MM" of ns since Sydney local midnight. */
function clock(ns: number): string {
  const minutes = Math.floor(ns / 60e9);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const noSeconds = (hhmm: string): string => (hhmm.endsWith(":00") && hhmm.length === 8 ? hhmm.slice(0, 5) : hhmm);

/** Why the selection of jobs is empty or smaller than asked: requested securities and dates not in the data. */
function selectionReasons(x: ReasonInput): string[] {
  const out: string[] = [];
  if (x.present.length === 0) return ["the partition store is empty: no input row was accepted, so there is no job"];
  const codes = [...new Set(x.present.map((k) => k.securityCode))].sort();
  for (const s of x.requested.securities ?? [])
    if (!codes.includes(s)) out.push(`security ${s} is not in the data: present are ${list(codes)}`);
  const wanted = x.requested.securities === undefined ? undefined : new Set(x.requested.securities);
  const dates = [
    ...new Set(x.present.filter((k) => wanted === undefined || wanted.has(k.securityCode)).map((k) => k.date)),
  ].sort();
  const d = x.requested.dates;
  if (Array.isArray(d)) {
    for (const date of [...new Set(d)].sort()) {
      if (dates.includes(date)) continue;
      const day = new Date(`${date}T00:00:00Z`).getUTCDay();
      out.push(
        day === 0 || day === 6
          ? `${date} is a ${WEEKDAYS[day]}: no data for that date`
          : `${date} is not in the data: present are ${list(dates)}`,
      );
    }
  } else if (d !== undefined && x.jobs === 0 && dates.length > 0) {
    out.push(
      `dates ${d.from ?? ""}..${d.to ?? ""} match no date in the data: present are ${dates[0]} to ${dates.at(-1)}`,
    );
  }
  if (x.jobs === 0 && out.length === 0)
    out.push("no job: the requested securities and dates have no partition in common");
  return out;
}

/** "1 Centre Point order reports", "N Centre Point orders report". */
const cpOrders = (n: number): string => (n === 1 ? "1 Centre Point order reports" : `${n} Centre Point orders report`);

/** Why the jobs' tables are empty or implausible, from their summed data-quality counts. */
function dataReasons(x: ReasonInput): string[] {
  const c = x.totals;
  if (c === undefined) return [];
  const out: string[] = [];
  const session = `${noSeconds(x.session.start)}–${noSeconds(x.session.end)} Sydney`;
  const empty = x.noOrderJobs ?? [];
  if (x.jobs > 0 && empty.length >= x.jobs) {
    const noMid =
      c.quotesWithoutMidpoint > 0
        ? `; ${c.quotesWithoutMidpoint} quotes have no midpoint (one-sided: a side -9223372036854775808, or crossed)`
        : "";
    out.push(
      `no order rows in the ${x.jobs} jobs (their inputs hold only trades or NBBO quotes): nothing to analyse${noMid}; ` +
        "add the orders extract of these securities and dates to the inputs",
    );
  } else if (empty.length > 0) {
    out.push(
      `${empty.length} of ${x.jobs} jobs hold no order row, only trades or NBBO quotes (${list(empty, 5)}): ` +
        "nothing is analysed there; the orders files hold no row of these securities on these dates",
    );
  }
  if (x.jobs > 0 && c.centrePointOrders === 0 && empty.length < x.jobs) {
    const mask = x.centrePointMask === undefined ? "" : ` (centrePointMask ${x.centrePointMask})`;
    out.push(`no Centre Point order${mask} in the ${x.jobs} jobs: nothing to analyse`);
  }
  if (c.centrePointOrders > 0 && c.selectedOrders === 0 && c.outsideSessionOrders > 0) {
    const when = x.outsideSessionPlacedNs;
    // A final-state row's time is its order's last change, not its placement (the file has none);
    // with final-state jobs among others (events, or NBBO only) the orders' times may be either.
    const verb =
      c.finalStateJobs === 0 ? "placed" : c.finalStateJobs === x.jobs ? "last changed" : "placed or last changed";
    const placed = when === null || when === undefined ? "" : ` ${verb} ${clock(when.first)}–${clock(when.last)}`;
    const who = c.outsideSessionOrders === c.centrePointOrders ? "all" : `${c.outsideSessionOrders}`;
    out.push(
      `0 of ${c.centrePointOrders} Centre Point orders inside the session ${session}: ${who}${placed}; ` +
        `widen analysis.session (e.g. start "00:00", end "24:00", or run with --session 00:00..24:00) to analyse them`,
    );
  }
  const analysedLegs = x.duplicates === "keep" ? c.tradeLegs : c.tradeLegs - c.repeatedTradeLegs;
  if (c.tradeLegs === 0 && c.selectedOrders > 0) {
    const jobs = x.jobs === 1 ? "the 1 job (no trades file for its" : `the ${x.jobs} jobs (no trades file for their`;
    out.push(
      `trades: no trade leg in ${jobs} securities and dates?): every real fill is 0, whatever the fill groups say ` +
        "(they come from the order rows' totalmatchedquantity and leavesquantity); add the trades extract to the inputs",
    );
  } else if (analysedLegs > 0 && c.matchedTradeLegs === 0)
    out.push(`trades: ${analysedLegs} legs, none of a known order`);
  else if (c.unknownOrderLegs > 0)
    out.push(`trades: ${c.unknownOrderLegs} of ${analysedLegs} legs of no known order (not counted as fills)`);
  // A job without a trade leg counts its filled orders apart (noTradeFilledOrders, data-quality.ts):
  // named here when other jobs have trades (with none at all, the no-trade-leg line above says it).
  const noTrades = c.tradeLegs > 0 ? (x.noTradeJobs ?? []) : [];
  if (noTrades.length > 0)
    out.push(
      `trades: ${noTrades.length} of ${x.jobs} jobs ${noTrades.length === 1 ? "holds" : "hold"} no trade leg though ` +
        `the others do (${list(noTrades, 5)}), where ${cpOrders(c.noTradeFilledOrders)} ${c.noTradeFilledQty} shares filled ` +
        "(totalmatchedquantity), all counted as unfilled; add the trades extract of these securities and dates to the inputs",
    );
  const fate = x.duplicates === "keep" ? "kept (duplicates: keep): fills are counted twice" : "dropped";
  if (c.repeatedTradeLegs > 0)
    out.push(`trades: ${c.repeatedTradeLegs} repeated legs (same matchgroupid, orderid and side), ${fate}`);
  if (c.repeatedOrderEvents > 0)
    out.push(
      `orders: ${c.repeatedOrderEvents} repeated events (same order_id, timestamp, sequence and values), ${fate}`,
    );
  if (c.conflictingOrderEvents > 0)
    out.push(
      `orders: ${c.conflictingOrderEvents} events repeat an earlier event's order_id, timestamp and sequence with other values (kept)`,
    );
  // An event extract places every order (6/29) or reloads it (30/31) before it trades, changes or
  // leaves; rows of orders never placed are a history cut off: most often final-state rows of a
  // (security, date) beside its event rows (the partition is then read as events).
  if (c.bookUnknownOrderId > 0)
    out.push(
      `orders: ${c.bookUnknownOrderId} rows change orders never placed before them (no placement or reload row: ` +
        "a final-state extract beside the event extract of the same securities and dates, or an extract starting " +
        "after its orders were placed); those orders are not on the replayed book nor in the simulation (simulated " +
        "fills 0): give each security and date one complete event extract",
    );
  if (c.finalStateJobs > 0) {
    const jobs = c.finalStateJobs === 1 ? "1 job holds" : `${c.finalStateJobs} jobs hold`;
    const keys = x.finalStateSample ?? [];
    out.push(
      `${jobs} final-state order rows (one row per order, no placements)${keys.length > 0 ? ` (${list(keys, 5)})` : ""}: ` +
        "real fills, groups and size bands only; no book replay or simulation (simulated fills and savings not computed)",
    );
  }
  if (c.overfilledOrders > 0) {
    const ids = x.overfilledSample ?? [];
    out.push(
      `${c.overfilledOrders} orders matched more than their quantity (${c.overfilledQty} shares beyond it, counted as filled: ` +
        `a fill ratio over 100 %)${ids.length > 0 ? `: ${list(ids, 5)}` : ""}`,
    );
  }
  if (c.shortFilledOrders > 0) {
    const ids = x.shortFilledSample ?? [];
    out.push(
      `trades: ${cpOrders(c.shortFilledOrders)} more filled (totalmatchedquantity) than their ` +
        `trade legs add up to (${c.shortFilledQty} shares of trades missing: their real fills, fill ratios, VWAPs ` +
        `and savings are understated)${ids.length > 0 ? `: ${list(ids, 5)}` : ""}; check that the trades extract ` +
        "covers these orders' securities and dates in full (a file cut short, a date left out, a filter upstream)" +
        // A final-state row's totalmatchedquantity counts every day's fills of an order placed before the date.
        (c.finalStateJobs > 0
          ? "; in final-state order files, an order placed on an earlier day reports its earlier days' fills too"
          : ""),
    );
  }
  return out;
}

/**
 * One-line reasons for an empty or implausible result, most basic first: requested securities or
 * dates that the data does not hold (a weekend date is named as such), an empty store, Centre Point
 * orders all outside the session, jobs without an order row (trades or NBBO quotes only), no trade
 * leg at all or in some jobs, trade legs none of which belongs to a known order, repeated rows,
 * rows of orders never placed (a final-state extract mixed with events), final-state order files (no book replay, no simulation), overfilled orders, orders filled short of
 * their totalmatchedquantity (trades missing from the extract). Empty when nothing looks wrong. Pure.
 */
export function resultReasons(x: ReasonInput): string[] {
  return [...selectionReasons(x), ...dataReasons(x)];
}

/**
 * The warning for the securities of a run's jobs that the run's instruments file (`instrumentsFile`:
 * configured or found among the inputs; undefined: none) does not list (`instruments`, by security
 * code): priced at DEFAULT_DECIMALS (2) implied decimals, a power of ten off if the file names them
 * under another code (`123` for `00123`: codes are text) or lists no instrument at all (a header
 * only). Undefined when every one is listed, or no instruments file was given. Pure.
 */
export function noDecimalsWarning(
  instruments: ReadonlyMap<string, unknown>,
  jobs: readonly JobKey[],
  defaultDecimals: number,
  instrumentsFile: string | undefined,
): string | undefined {
  if (instrumentsFile === undefined) return undefined;
  const missing = [...new Set(jobs.map((k) => k.securityCode))].filter((s) => !instruments.has(s)).sort();
  if (missing.length === 0) return undefined;
  if (instruments.size === 0) {
    const these = missing.length === 1 ? "the 1 security of this run" : `the ${missing.length} securities of this run`;
    const are = missing.length === 1 ? "is" : "are";
    return (
      `the instruments file ${instrumentsFile} lists no instrument (a header only): ${these} (${list(missing)}) ` +
      `${are} priced at ${defaultDecimals} implied decimals; give the instruments extract with its rows`
    );
  }
  const n = missing.length === 1 ? "1 security" : `${missing.length} securities`;
  return (
    `the instruments file lists no DecimalsInPrice for ${n} of this run (${list(missing)}): priced at ` +
    `${defaultDecimals} implied decimals; add them to it, or check their codes there (codes are text: 00123 is not 123)`
  );
}

/**
 * The warning when `analysis.session` (e.g. from `--session`) is set to other than the default
 * 10:00..16:00 but applies to no job: the sessions file (`sessionsFile`, `reference.sessions` or a
 * session.csv found among the inputs) gives every job of the matrix its own window, which wins.
 * Undefined when the window is the default, some job uses it, or there is no job.
 */
export function sessionUnusedWarning(
  session: { start: string; end: string },
  sessions: ReadonlyMap<string, unknown>,
  jobs: readonly JobKey[],
  sessionsFile: string | undefined,
): string | undefined {
  if (jobs.length === 0 || (session.start === "10:00" && session.end === "16:00")) return undefined;
  if (jobs.some((k) => !sessions.has(sessionKey(k.securityCode, k.date)))) return undefined;
  const w = `${session.start}..${session.end}`;
  const n = jobs.length === 1 ? "does not apply to the run's one job" : `applies to none of the ${jobs.length} jobs`;
  return (
    `analysis.session ${w} (--session) ${n}: the sessions file ${sessionsFile ?? "session.csv"} ` +
    `gives each its own continuous-session window (job.json session); to use ${w}, leave the sessions ` +
    "file out (reference.sessions, or session.csv among the inputs)"
  );
}
