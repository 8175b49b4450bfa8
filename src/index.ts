/**
 * sweeplab: study ASX Centre Point sweep orders at scale. The public API: what an analyst calls in a
 * notebook, the REPL or a script (run, scan, aggregate, compare, the tables, the charts, the frame
 * helpers), each name listed here and documented. Everything else the toolkit has (the data model,
 * the reader, the analysis core, the pipeline's parts) is in `sweeplab/internal`, without promise
 * of stability. A test (tests/api/public-api.test.ts) holds this list to at most 40 names.
 *
 * @packageDocumentation
 */

// The notebook layer's set-up: a frame left as a cell's last value displays as its table, and
// inside a tslab kernel danfojs loads with sweeplab.
import "./notebook/index.js";

// Runs and their results (the notebook layer: DataFrames, live progress, cancel).
export { run } from "./notebook/run.js";
export { RunHandle, type RunResult } from "./notebook/run-handle.js";
export { scan } from "./notebook/scan.js";
export { aggregate } from "./notebook/aggregate.js";
export { compare, statistics, sweepRows, testsFrame } from "./notebook/compare.js";
export { details } from "./notebook/details.js";
export { diffFrames } from "./notebook/diff.js";
export { records } from "./notebook/frame.js";
export { workDir } from "./notebook/workdir.js";
export { setDebug } from "./notebook/brief-errors.js";

// Tables and charts.
export { show } from "./notebook/show.js";
export { plot, setPlotMode } from "./notebook/plot.js";
export { savePlot } from "./notebook/save-plot.js";
/** The chart builders: `plot(charts.fillRatio(agg))`, `charts.sizeBand`, `charts.timeSeries`, … */
export * as charts from "./notebook/chart-builders.js";
export { securityNames } from "./notebook/analysis-charts.js";
export type { LabelledRun } from "./notebook/charts.js";
export type { Figure } from "./plots/figure.js";

// danfojs through sweeplab, and the frame helpers for what danfojs lacks or gets wrong.
export { concat, DataFrame, merge, Series } from "./frames/danfo.js";
export { crosstab, describe, dropNa, filter, groupStats, melt, notNa, pivot } from "./frames/index.js";

// Configuration, data, statistics, errors.
export { loadConfigFile, SAMPLE_CONFIG_PATH, type RunConfig } from "./config/index.js";
export { generate } from "./notebook/generate.js";
export { formatPValue } from "./stats/format-p.js";
export { SweeplabError } from "./model/errors.js";
