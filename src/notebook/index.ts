// Public API of the notebook layer: toolkit calls that return DataFrames and plain results, and the
// tslab display helpers (tables, charts, live progress). Also what the REPL preloads.
export { scan, type ScanFrames } from "./scan.js";
export { run, type ConfigOverrides, type ConfigSource, type RunHandleOptions } from "./run.js";
export { RunHandle, type JobEvent, type ProgressEvent, type RunEvent, type RunResult } from "./run-handle.js";
export { aggregate, type AggregateFrames, type AggregateSource } from "./aggregate.js";
export { compare, statistics, sweepMetricsOf, sweepRows, testsFrame } from "./compare.js";
export { completeJobs, type JobFilter, type OutputSource } from "./source.js";
export { failuresOf, type RunFailure } from "./failures.js";
export { diffFrames, type DiffOptions } from "./diff.js";
export { records, type FrameValue } from "./frame.js";
export { show, type ShowOptions, type Showable } from "./show.js";
export { figureHtml, plot, setPlotMode, type PlotMode } from "./plot.js";
export {
  CHROMIUM_PATH,
  savePlot,
  SavePlotError,
  standaloneFigureHtml,
  type SavePlotErrorCode,
  type SavePlotOptions,
} from "./save-plot.js";
export {
  fillRatioChart,
  orderScatterChart,
  savingsBoxChart,
  savingsChart,
  sizeBandChart,
  throughputChart,
  timeOfDayChart,
  type LabelledRun,
} from "./charts.js";
export {
  costScenarioChart,
  participantChart,
  securityNames,
  timeSeriesChart,
  type CostChartOptions,
  type NamesSource,
  type TimeSeriesChartOptions,
} from "./analysis-charts.js";
export {
  displayTarget,
  inNotebook,
  PLOTLY_MIME,
  setDisplayTarget,
  type DisplayTarget,
  type LiveDisplay,
  type Output,
} from "./display.js";
export { workDir, type WorkDirOptions } from "./workdir.js";
export * from "../plots/index.js";
export { TABLE_NAMES, DATA_QUALITY_TABLE, type TableName, type AnyTableName } from "../frames/table.js";
export type { DataFrame } from "../frames/index.js";
export type { SweepRow } from "../io/job-outputs-read.js";
