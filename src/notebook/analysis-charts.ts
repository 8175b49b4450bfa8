import { statSync } from "node:fs";
import { FrameError } from "../frames/frame-error.js";
import { loadInstruments } from "../io/inputs/reference.js";
import {
  costScenariosFigure,
  participantFigure,
  participantLabel,
  securityLabel,
  timeSeriesFigure,
  type CostRow,
  type Figure,
  type SecurityNames,
  type TimeSeriesOptions,
} from "../plots/index.js";
import type { AggregateFrames } from "./aggregate.js";
import { aggregateTable, chartBy, chartOptions } from "./chart-inputs.js";
import { num, records, type FrameValue } from "./frame.js";
import { referenceFileOf } from "./source-reference.js";

/**
 * Where {@link securityNames} finds the instruments file: a run result (its `config.reference`), a
 * run config (its `reference`; naming none, the one among its inputs, as its run found it), or the
 * path of the file itself (ob.csv).
 */
export type NamesSource =
  | string
  | { readonly reference?: { readonly instruments?: string | undefined } | undefined }
  | { readonly inputs: readonly string[] }
  | { readonly config: { readonly reference?: { readonly instruments?: string | undefined } | undefined } };

/**
 * Security names by code from the instruments file (ob.csv's `Name`), for the charts' `names`
 * option: labels and hovers then read "110621 KEL Synthetic Security" instead of "110621". An empty
 * map when the source has no instruments file (neither named nor among a config's inputs). Throws `InputError` (`unreadable`,
 * `empty_file`, `missing_column`) for a file that cannot be read; `FrameError` `bad_argument` for
 * a folder (an output folder, as the readers take: it does not record its reference files).
 */
export async function securityNames(source: NamesSource): Promise<Map<string, string>> {
  if (typeof source !== "string" && (typeof source !== "object" || source === null))
    throw new FrameError(
      "bad_argument",
      `securityNames: expected the run's result or config, or the instruments file (ob.csv), got ${source === null ? "null" : typeof source}`,
    );
  const path = typeof source === "string" ? source : await referenceFileOf(source, "instruments");
  if (path === undefined) return new Map();
  if (typeof source === "string" && statSync(source, { throwIfNoEntry: false })?.isDirectory() === true)
    throw new FrameError(
      "bad_argument",
      `securityNames: ${source} is a folder: give the run's result or config (securityNames(result)), or the ` +
        "instruments file itself (ob.csv); an output folder does not record its reference files",
    );
  const instruments = await loadInstruments(path);
  return new Map([...instruments].map(([code, i]) => [code, i.name]));
}

const text = (v: FrameValue | undefined): string => (v === undefined ? "" : String(v));
const count = (v: FrameValue | undefined): number => num(v) ?? 0;

/** The by-participant chart of aggregated tables: real vs simulated fill ratio and savings per participant. */
export function participantChart(frames: AggregateFrames): Figure {
  return participantFigure(
    records(aggregateTable(frames, "by_participant", "charts.participant")).map((r) => ({
      participantId: count(r.participant_id),
      name: text(r.participant_name),
      type: text(r.participant_type),
      sweeps: count(r.sweeps),
      realFillRatio: num(r.real_fill_ratio),
      simFillRatio: num(r.sim_fill_ratio),
      savingsBps: num(r.savings_bps),
    })),
  );
}

/** Options of {@link timeSeriesChart}: those of `timeSeriesFigure`, and which securities to draw. */
export interface TimeSeriesChartOptions extends Omit<TimeSeriesOptions, "participantNames"> {
  /** Only these security codes (default all). */
  securities?: readonly string[];
}

/**
 * The time-series chart of aggregated tables (`time_series_analysis`): the real fill ratio per date
 * and its rolling trend, per (security, participant) — participants named from `by_participant` —
 * or per security (`by: "security"`).
 */
export function timeSeriesChart(frames: AggregateFrames, options: TimeSeriesChartOptions = {}): Figure {
  chartOptions("charts.timeSeries", options, ["by", "window", "names", "securities"]);
  const { securities, ...rest } = options;
  chartBy("charts.timeSeries", ["participant", "security"], rest.by, {}, []);
  const keep = securities === undefined ? undefined : new Set(securities);
  const rows = records(aggregateTable(frames, "time_series_analysis", "charts.timeSeries"))
    .map((r) => ({
      date: text(r.date),
      securityCode: text(r.security_code),
      participantId: count(r.participant_id),
      sweeps: count(r.sweeps),
      qty: count(r.qty),
      realFilled: count(r.real_filled),
      realFillRatio: num(r.real_fill_ratio),
      rollingRealFillRatio: num(r.rolling_real_fill_ratio),
    }))
    .filter((r) => keep === undefined || keep.has(r.securityCode));
  const participantNames = new Map(
    records(aggregateTable(frames, "by_participant", "charts.timeSeries")).map((r) => [
      count(r.participant_id),
      text(r.participant_name),
    ]),
  );
  return timeSeriesFigure(rows, { ...rest, participantNames });
}

/** Options of {@link costScenarioChart}. */
export interface CostChartOptions {
  /** `security` (default) or `participant`; the second argument may be this value itself. */
  by?: "security" | "participant";
  /** Security names by code (ob.csv, see {@link securityNames}), for `by: "security"`. */
  names?: SecurityNames;
  /** k of the impact scenario, ticks (the run's `analysis.impactTicks`; default 1). */
  impactTicks?: number;
}

/**
 * The cost-scenario chart of aggregated tables: the real fills against the midpoint, half-spread
 * capture and k-tick impact prices, in AUD, per security (`by_security`, in code order) or per
 * participant (`by_participant`, by id): `by` is the second argument or a field of the options there
 * (`charts.costScenario(t, "participant")`, `(t, { by: "participant" })`); another value is
 * FrameError `bad_argument`.
 */
export function costScenarioChart(
  frames: AggregateFrames,
  byOrOptions: "security" | "participant" | CostChartOptions = "security",
  options: CostChartOptions = {},
): Figure {
  const { by, options: o } = chartBy<"security" | "participant", CostChartOptions>(
    "charts.costScenario",
    ["security", "participant"],
    byOrOptions,
    options,
    ["names", "impactTicks"],
  );
  const table = aggregateTable(frames, by === "security" ? "by_security" : "by_participant", "charts.costScenario");
  const rows: CostRow[] = records(table).map((r) => ({
    label:
      by === "security"
        ? securityLabel(text(r.security_code), o.names)
        : participantLabel(text(r.participant_id), text(r.participant_name)),
    costOrders: count(r.cost_orders),
    midpointAud: num(r.cost_midpoint_aud),
    halfSpreadAud: num(r.cost_half_spread_aud),
    impactAud: num(r.cost_impact_aud),
  }));
  return costScenariosFigure(rows, {
    groupTitle: by,
    ...(o.impactTicks === undefined ? {} : { impactTicks: o.impactTicks }),
  });
}
