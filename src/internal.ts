/**
 * sweeplab/internal: the whole toolkit, the public API's names (src/index.ts) included so that one
 * import serves a script: the data model, the input layer, the analysis core, statistics,
 * configuration, the pipeline, the store, the figure builders and the notebook layer's parts (the
 * chart builders under their long names, `fillRatioChart`, … rather than `charts`). For tests,
 * benchmarks, scripts and the curious; names here may change without notice. Every name is listed
 * once: where two layers export the same name, one is renamed here (`scan` is the input layer's
 * scan, plain results; the public `scan`, the notebook's with DataFrames, is `scanFrames` here).
 *
 * @packageDocumentation
 */
// The notebook layer's set-up (frames display as tables), as with the public API.
import "./notebook/index.js";

export * from "./model/index.js";
export * from "./io/index.js";
export * from "./core/index.js";
export * from "./stats/index.js";
export * from "./config/index.js";
export * from "./pool/index.js";
export type { TestWorker } from "./pool/pool.js";
export * from "./io/store/index.js";
export { mergeScans, scanPart, type PartitionPart, type ScanPart, type ScanPartOptions } from "./io/scan.js";
export {
  readJobOutputs,
  JobOutputsError,
  SweepRow,
  MetricsRow,
  type JobCells,
  type JobOutputs,
  type JobOutputsErrorCode,
} from "./io/job-outputs-read.js";
export { writeJobOutputs, jobDir, JOB_FILES } from "./io/job-outputs.js";
export {
  checkJobRecord,
  readJobRecord,
  JOB_RECORD_FORMAT,
  JobOutputRecord,
  JobStamp,
  RecordedFile,
  type RecordProblem,
} from "./io/job-record.js";
export { readJobQuality, JobQuality, DataQualityCountsSchema } from "./io/job-quality-read.js";
export {
  generate,
  ALL_MARKET_RULES,
  SIMULATION_RULES_ONLY,
  type GenOptions,
  type GenSummary,
  type MarketRules,
  type RuleEvent,
  type RuleTag,
} from "./gen/index.js";
export * from "./plots/index.js";
// The notebook layer (its `scan` is public only: here `scan` is the input layer's, above).
export { scan as scanFrames, type ScanFrames } from "./notebook/scan.js";
export { run, type ConfigOverrides, type ConfigSource, type RunHandleOptions } from "./notebook/run.js";
export {
  RunHandle,
  type JobEvent,
  type ProgressEvent,
  type RunEvent,
  type RunResult,
  type RunState,
} from "./notebook/run-handle.js";
export { aggregate, type AggregateFrames, type AggregateSource } from "./notebook/aggregate.js";
export { compare, statistics, sweepMetricsOf, sweepRows, testsFrame } from "./notebook/compare.js";
export { completeJobs, requireJobs, type JobFilter, type OutputSource } from "./notebook/source.js";
export { RunSourceError, type RunSourceErrorCode } from "./notebook/source-errors.js";
export { briefError, isDebug, setDebug } from "./notebook/brief-errors.js";
export { failuresOf, type RunFailure } from "./notebook/failures.js";
export { diffFrames, type DiffOptions } from "./notebook/diff.js";
export { records, type FrameValue } from "./notebook/frame.js";
export { show, tableOutput, type ShowOptions, type Showable } from "./notebook/show.js";
export { installFrameDisplay } from "./notebook/frame-display.js";
export { figureHtml, plot, setPlotMode, type PlotMode } from "./notebook/plot.js";
export {
  CHROMIUM_PATH,
  figureTitle,
  savePlot,
  SavePlotError,
  standaloneFigureHtml,
  type SavePlotErrorCode,
  type SavePlotOptions,
} from "./notebook/save-plot.js";
export {
  fillRatioChart,
  orderScatterChart,
  savingsBoxChart,
  savingsChart,
  sizeBandChart,
  throughputChart,
  timeOfDayChart,
  type LabelledRun,
} from "./notebook/charts.js";
export {
  costScenarioChart,
  participantChart,
  securityNames,
  timeSeriesChart,
  type CostChartOptions,
  type NamesSource,
  type TimeSeriesChartOptions,
} from "./notebook/analysis-charts.js";
export {
  displayTarget,
  inNotebook,
  PLOTLY_MIME,
  setDisplayTarget,
  type DisplayTarget,
  type LiveDisplay,
  type Output,
} from "./notebook/display.js";
export { workDir, type WorkDirOptions } from "./notebook/workdir.js";
export { TABLE_NAMES, DATA_QUALITY_TABLE, type TableName, type AnyTableName } from "./frames/table.js";
export {
  concat,
  DataFrame,
  dateRange,
  getDummies,
  merge,
  readCSV,
  Series,
  toCSV,
  toDateTime,
  crosstab,
  describe,
  dropNa,
  filter,
  groupStats,
  isNa,
  melt,
  notNa,
  pivot,
  FrameError,
  STATS,
  type CrosstabOptions,
  type DanfoClass,
  type DanfoModule,
  type FilterOptions,
  type FrameErrorCode,
  type FrameRow,
  type MeltOptions,
  type PivotOptions,
  type RowSelector,
  type Stat,
  type StatSpec,
} from "./frames/index.js";
export {
  COLUMN_FORMATS,
  columnFormatOf,
  formatValue,
  type CellFormatter,
  type ColumnFormat,
} from "./frames/column-format.js";
