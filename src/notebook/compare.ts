import { SIZE_BANDS } from "../core/classify.js";
import type { SweepMetrics } from "../core/metrics.js";
import type { Cell, DataFrame } from "../frames/index.js";
import { forEachJobOutput, type SweepRow } from "../io/outputs/job-outputs-read.js";
import { sweepStatistics, type PairedTest, type SweepStatistics } from "../stats/index.js";
import { briefError, briefly } from "./brief-errors.js";
import { notSweepRows, sweepRowsArg } from "./chart-inputs.js";
import { FrameError } from "../frames/frame-error.js";
import { frameOf, keyColumn as key, ratioColumn as ratio, sumColumn as sum } from "./frame.js";
import { jobsChangedError } from "./source-errors.js";
import {
  keeper,
  outputDirOf,
  readUnchanged,
  requireJobs,
  runJobDir,
  runJobsOf,
  type JobFilter,
  type OutputSource,
} from "./source.js";

/**
 * The per-sweep rows (real against simulated, one per sweep order) of a run's complete jobs, from
 * their `simulation.parquet` (or `.csv.gz`), jobs by (security, date), sweeps in file order; only
 * the jobs passing `filter` when given, and only those are read (a subset of a large run is quick);
 * given a `RunResult` or `RunConfig`, only that run's jobs still current for its config (never a
 * job folder another run left; one a later run of other settings rewrote: `RunSourceError`
 * `jobs_changed`, as `aggregate`; one a later run removed: `jobs_changed` given the `RunResult` of a
 * run that went through its jobs, left out without a word given its `RunConfig` or a cancelled,
 * stopped or sharded run, as one it failed). Exact: ids are
 * bigint, money integer ticks and micro-AUD. Errors: `RunSourceError` when the folder holds no run
 * (`no_run`), a run none of whose chosen jobs finished (`no_finished_job`, naming the failed jobs and
 * their codes) or the filter matches no job (`empty_selection`, naming what is there),
 * JobOutputsError of a job read; brief (the message only) unless `setDebug(true)`. E.g.
 * `const rows = await sweepRows(result, { securities: ["110621"], dates: ["2024-10-03"] })`;
 * `show(rows)` prints them (`orderId` digit for digit, `placedNs` as the time of day), `compare(rows)`
 * makes them a DataFrame in AUD, and the charts `savings`, `savingsBox` and `orderScatter` take them.
 */
export function sweepRows(source: OutputSource, filter: JobFilter = {}): Promise<SweepRow[]> {
  return briefly(async () => {
    const rows: SweepRow[] = [];
    const dir = outputDirOf(source);
    // A run named (its result or config): its own current jobs only (one it failed is left out, as
    // in its tables), and none that a later run of other settings rewrote or removed.
    const own = await runJobsOf(source, filter);
    if (own === undefined) await requireJobs(dir, filter);
    else if (own.changed.size > 0) throw jobsChangedError(dir, own.changed);
    const keep = keeper(filter);
    // One job at a time, in (security, date) order: the rows come in the order readJobOutputs gives.
    // A run named: its jobs' job.json seals are compared with those checked once read (readUnchanged).
    await readUnchanged(dir, own, () =>
      forEachJobOutput(
        dir,
        { job: () => undefined, sweep: (row) => void rows.push(row) },
        // A run named: its jobs, each where it was checked (set_aside/ when a later run moved it).
        own === undefined ? { only: keep } : { at: own.jobs.map((k) => ({ ...k, dir: runJobDir(dir, own, k) })) },
      ),
    );
    return rows;
  });
}

const COMPARE_COLUMNS = [
  key("security_code"),
  key("date"),
  key("order_id"),
  key("participant_id"),
  key("side"),
  key("group"),
  key("size_band"),
  key("placed_time"),
  sum("qty"),
  sum("real_filled"),
  sum("sim_filled"),
  sum("filled_diff"),
  ratio("real_fill_ratio"),
  ratio("sim_fill_ratio"),
  sum("real_trades"),
  sum("sim_fills"),
  ratio("real_vwap_aud"),
  ratio("sim_avg_price_aud"),
  ratio("mean_mid_aud"),
  ratio("savings_aud"),
  ratio("savings_bps"),
  ratio("cost_midpoint_aud"),
  ratio("cost_half_spread_aud"),
  ratio("cost_impact_aud"),
];

/** `HH:MM:SS.mmm` of ns since local midnight. */
function clock(ns: number): string {
  const ms = Math.floor(ns / 1e6);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  return `${p2(Math.floor(ms / 3_600_000))}:${p2(Math.floor(ms / 60_000) % 60)}:${p2(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, "0")}`;
}

const aud = (microAud: number): number => microAud / 1e6;
const div = (a: number, b: number): Cell => (b === 0 ? "" : a / b);

/** One sweep as a row of the {@link compare} frame. */
function compareRow(s: SweepRow): Cell[] {
  const tick = 10 ** -s.decimals;
  // Not simulated (a final-state job): every simulated cell is "" (NaN in the frame), never 0.
  const sf = s.simFilled;
  return [
    s.securityCode,
    s.date,
    s.orderId.toString(),
    s.participantId,
    s.side === 1 ? "buy" : "sell",
    s.group,
    s.sizeBand,
    clock(s.placedNs),
    s.qty,
    s.realFilled,
    sf ?? "",
    sf === undefined ? "" : sf - s.realFilled,
    div(s.realFilled, s.qty),
    sf === undefined ? "" : div(sf, s.qty),
    s.realTrades,
    s.simFills ?? "",
    s.realFilled === 0 ? "" : (s.realValueTicks / s.realFilled) * tick,
    sf === undefined || sf === 0 ? "" : ((s.simValueHalfTicks ?? 0) / (2 * sf)) * tick,
    s.meanMidHalfTicks === undefined ? "" : (s.meanMidHalfTicks / 2) * tick,
    // NaN when nothing was compared (not both filled), as savings_bps: a mean is over compared sweeps.
    s.savingsMicroAud === undefined || !((s.comparedQty ?? 0) > 0) ? "" : aud(s.savingsMicroAud),
    s.savingsBps ?? "",
    aud(s.costMidpointMicroAud),
    aud(s.costHalfSpreadMicroAud),
    aud(s.costImpactMicroAud),
  ];
}

/**
 * Real against simulated execution per sweep order, as a DataFrame: one row per sweep of the
 * run's complete jobs (or of `rows` from {@link sweepRows}), with its key (`security_code`, `date`,
 * `order_id` as exact text, `participant_id`, `side` buy/sell, fill `group` 1–3, `size_band`,
 * `placed_time` Sydney local), quantities (`qty`, `real_filled`, `sim_filled`, `filled_diff` =
 * simulated − real, fill ratios), prices in AUD (`real_vwap_aud`, `sim_avg_price_aud`,
 * `mean_mid_aud`; NaN without fills or quotes) and the side-signed saving of the simulation
 * (`savings_aud`, `savings_bps`: > 0 the simulation did better for the owner; NaN when nothing was
 * compared, i.e. real and simulated did not both fill, so a group's mean and count of either are
 * over its compared sweeps; the sum equals the tables') and the three cost scenarios in AUD. A sweep that was not simulated (a final-state
 * job) has NaN in every simulated column (`sim_filled`, `filled_diff`, `sim_fill_ratio`,
 * `sim_fills`, `sim_avg_price_aud`, `savings_aud`, `savings_bps`). `group` is the aggregated
 * tables' `fill_group` as its number. Returns a Promise, as every reader: e.g. the largest sweeps of a job,
 * `filter(await compare(result, { securities: ["110621"], dates: ["2024-10-03"] }), (r) => r.qty >= 10000)`.
 */
export async function compare(source: OutputSource | readonly SweepRow[], filter: JobFilter = {}): Promise<DataFrame> {
  const keepJob = keeper(filter);
  const rows = Array.isArray(source)
    ? (source as readonly SweepRow[]).filter((s) => keepJob(s.securityCode, s.date))
    : await sweepRows(source as OutputSource, filter);
  return frameOf(COMPARE_COLUMNS, rows.map(compareRow));
}

/**
 * Per-sweep rows as the columns `sweepStatistics` takes (`SweepMetrics`); the trade times, which
 * the job outputs do not keep, are NaN; a row not simulated is `simulated` 0 with 0 simulated values.
 */
export function sweepMetricsOf(rows: readonly SweepRow[]): SweepMetrics {
  const n = rows.length;
  const f64 = (get: (s: SweepRow) => number): Float64Array => Float64Array.from(rows, get);
  return {
    length: n,
    orderId: BigUint64Array.from(rows, (s) => s.orderId),
    participantId: Int32Array.from(rows, (s) => s.participantId),
    side: Uint8Array.from(rows, (s) => s.side),
    group: Uint8Array.from(rows, (s) => s.group),
    band: Uint8Array.from(rows, (s) => SIZE_BANDS.indexOf(s.sizeBand)),
    qty: f64((s) => s.qty),
    placedNs: f64((s) => s.placedNs),
    realFilled: f64((s) => s.realFilled),
    realValueTicks: f64((s) => s.realValueTicks),
    realTrades: Int32Array.from(rows, (s) => s.realTrades),
    realFirstTradeNs: new Float64Array(n).fill(Number.NaN),
    realLastTradeNs: new Float64Array(n).fill(Number.NaN),
    simulated: Uint8Array.from(rows, (s) => (s.simFilled === undefined ? 0 : 1)),
    simFilled: f64((s) => s.simFilled ?? 0),
    simValueHalfTicks: f64((s) => s.simValueHalfTicks ?? 0),
    simFills: Int32Array.from(rows, (s) => s.simFills ?? 0),
    comparedQty: f64((s) => s.comparedQty ?? 0),
    savingsMicroAud: f64((s) => s.savingsMicroAud ?? 0),
    savingsBps: f64((s) => s.savingsBps ?? Number.NaN),
    meanMidHalfTicks: f64((s) => s.meanMidHalfTicks ?? Number.NaN),
    costMidpointMicroAud: f64((s) => s.costMidpointMicroAud),
    costHalfSpreadMicroAud: f64((s) => s.costHalfSpreadMicroAud),
    costImpactMicroAud: f64((s) => s.costImpactMicroAud),
  };
}

/**
 * The paired real-vs-simulated t-tests (`sweepStatistics`) of per-sweep rows:
 * `statistics(await sweepRows(result))`. Throws FrameError `bad_argument` given anything else (a
 * run result, an output folder, the Promise of `sweepRows`), saying what to pass.
 */
export function statistics(rows: readonly SweepRow[]): SweepStatistics {
  return sweepStatistics(sweepMetricsOf(sweepRowsArg(rows, "statistics")));
}

const TEST_COLUMNS = [
  key("scope"),
  key("measure"),
  sum("n"),
  ratio("mean_diff"),
  ratio("sd"),
  ratio("t"),
  ratio("df"),
  ratio("p_value"),
  ratio("ci95_low"),
  ratio("ci95_high"),
];

const MEASURES = [
  ["matchedQty", "filled qty (shares)"],
  ["fillRatio", "fill ratio"],
  ["priceTicks", "price (ticks)"],
] as const;

/**
 * The tests of {@link statistics} as a DataFrame: one row per scope (`all`, `group 1`–`3`,
 * `Small`, `Medium`, `Large`) and measure (filled qty, fill ratio, price in ticks), with `n`,
 * `mean_diff` (simulated − real), `sd`, `t`, `df`, two-sided `p_value` and the 95 % interval; NaN
 * where a test has no answer (n < 2, or no spread). Returns a Promise (danfojs loads on first use):
 * `await testsFrame(statistics(await sweepRows(result)))`, also as a cell's last value, which
 * otherwise shows `Promise { <pending> }` instead of the table. Rejects with FrameError
 * `bad_argument` given anything else (the sweep rows themselves, a Promise, a run), saying what to pass.
 */
export async function testsFrame(stats: SweepStatistics): Promise<DataFrame> {
  statisticsArg(stats);
  const scopes: [string, SweepStatistics["overall"]][] = [
    ["all", stats.overall],
    ...stats.byGroup.map((t, i): [string, SweepStatistics["overall"]] => [`group ${i + 1}`, t]),
    ...stats.byBand.map((t, i): [string, SweepStatistics["overall"]] => [SIZE_BANDS[i] ?? `band ${i}`, t]),
  ];
  const v = (x: number | undefined): Cell => x ?? "";
  const row = (scope: string, measure: string, t: PairedTest): Cell[] => [
    scope,
    measure,
    t.n,
    v(t.meanDiff),
    v(t.sd),
    v(t.t),
    v(t.df),
    v(t.pValue),
    v(t.ci95?.[0]),
    v(t.ci95?.[1]),
  ];
  return frameOf(
    TEST_COLUMNS,
    scopes.flatMap(([scope, tests]) => MEASURES.map(([k, name]) => row(scope, name, tests[k]))),
  );
}

/** `stats` when it is what {@link statistics} returns; else FrameError `bad_argument` saying what it got. */
function statisticsArg(stats: unknown): void {
  const s = stats as Partial<SweepStatistics> | null;
  if (
    typeof s === "object" &&
    s !== null &&
    s.overall !== undefined &&
    Array.isArray(s.byGroup) &&
    Array.isArray(s.byBand)
  )
    return;
  const got =
    Array.isArray(stats) && notSweepRows(stats) === undefined
      ? "sweep rows: give them to statistics first"
      : (notSweepRows(stats) ?? "something else");
  throw briefError(
    new FrameError(
      "bad_argument",
      `testsFrame: expected the tests of statistics (testsFrame(statistics(await sweepRows(result)))), got ${got}`,
    ),
  );
}
