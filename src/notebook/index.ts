// The notebook layer: toolkit calls that return DataFrames and plain results, and the tslab display
// helpers (tables, charts, live progress). src/index.ts picks the public API from here by name.
import { danfo, whenDanfoLoaded } from "../frames/danfo.js";
import { inNotebook } from "./display.js";
import { installFrameDisplay } from "./frame-display.js";

export { scan, type ScanFrames } from "./scan.js";
export type { ScanFramesOptions } from "./scan-options.js";
export { run, type ConfigOverrides, type ConfigSource, type RunHandleOptions } from "./run.js";
export {
  RunHandle,
  type JobEvent,
  type ProgressEvent,
  type RunEvent,
  type RunResult,
  type RunState,
  type SkippedJob,
} from "./run-handle.js";
export { aggregate, type AggregateFrames, type AggregateSource } from "./aggregate.js";
export { compare, statistics, sweepMetricsOf, sweepRows, testsFrame } from "./compare.js";
export { details, DETAIL_MAX_ROWS, DETAIL_TABLE_NAMES } from "./details.js";
export { DetailsError, type DetailsErrorCode, type MissingDetailJob } from "./details-errors.js";
export { completeJobs, requireJobs, type JobDateRange, type JobFilter, type OutputSource } from "./source.js";
export { RunSourceError, type RunSourceErrorCode } from "./source-errors.js";
export { briefError, isDebug, setDebug } from "./brief-errors.js";
export { failuresOf, type RunFailure } from "./failures.js";
export { diffFrames, type DiffOptions } from "./diff.js";
export { records, type FrameValue } from "./frame.js";
export { show, tableOutput, type ShowOptions, type Showable } from "./show.js";
export { installFrameDisplay } from "./frame-display.js";
export { figureHtml, plot, setPlotMode, type PlotMode } from "./plot.js";
export { plotlyFile, plotlyVersion } from "./plotly-source.js";
export {
  CHROMIUM_PATH,
  figureTitle,
  savePlot,
  SavePlotError,
  linkedFigureHtml,
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
  type FillRatioChartOptions,
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
  lineByLineDisplay,
  PLOTLY_MIME,
  setDisplayTarget,
  type DisplayTarget,
  type LiveDisplay,
  type Output,
} from "./display.js";
export { workDir, type WorkDirOptions } from "./workdir.js";
export { interruptRuns, type Interruptible } from "./interrupt.js";
export { generate } from "./generate.js";
export * from "../plots/index.js";
export { TABLE_NAMES, DATA_QUALITY_TABLE, type TableName, type AnyTableName } from "../aggregate/table.js";
// danfojs through sweeplab (one import suffices; loaded on first use), and the frame helpers that
// cover what danfojs lacks or gets wrong (README "Frames in a notebook").
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
  type CsvOptions,
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
} from "../frames/index.js";
export {
  COLUMN_FORMATS,
  columnFormatOf,
  formatValue,
  type CellFormatter,
  type ColumnFormat,
} from "../frames/column-format.js";
export type { SweepRow } from "../io/outputs/job-outputs-read.js";

// A frame left as a cell's last value displays as its show() table: the hook goes on danfojs'
// prototypes when danfojs loads, and inside a tslab kernel danfojs loads with sweeplab.
whenDanfoLoaded(installFrameDisplay);
if (inNotebook()) danfo();
