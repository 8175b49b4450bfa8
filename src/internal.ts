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
export * from "./pipeline/index.js";
export type { TestWorker } from "./pipeline/pool.js";
export * from "./io/store/index.js";
export { mergeScans, scanPart, type PartitionPart, type ScanPart, type ScanPartOptions } from "./io/scan/scan.js";
export {
  readJobOutputs,
  JobOutputsError,
  SweepRow,
  MetricsRow,
  type JobCells,
  type JobOutputs,
  type JobOutputsErrorCode,
} from "./io/outputs/job-outputs-read.js";
export { writeJobOutputs, jobDir, jobFiles, JOB_FILES, type JobOutputsWriteOptions } from "./io/outputs/job-outputs.js";
export { readDetailTable, type DetailCell, type DetailJob } from "./io/outputs/detail-table-read.js";
export { DetailFormat, detailFile, columnNames, type ColumnNames } from "./io/outputs/detail-format.js";
export {
  DETAIL_TABLES,
  ORDERS_TABLE,
  SIMULATION_TABLE,
  CLASSIFIED_TABLE,
  type DetailColumn,
  type DetailTableName,
  type DetailType,
  type JobSource,
  type OrderArrayKey,
  type OrderDetailColumn,
  type OrderSource,
  type ReadKind,
  type ReadTypes,
  type RowOf,
  type SweepArrayKey,
  type SweepDetailColumn,
  type SweepRow as SweepTableRow,
  type SweepSource,
} from "./core/detail-tables/index.js";
export {
  checkJobRecord,
  readJobRecord,
  JOB_RECORD_FORMAT,
  JobOutputRecord,
  JobStamp,
  RecordedFile,
  type CheckRecordOptions,
  type CheckedRecord,
  type RecordProblem,
  type SealedJob,
  type SealedJobJson,
} from "./io/outputs/job-record.js";
export { analysisStaleReason, type AnalysisFingerprintOf } from "./io/outputs/stale-reason.js";
export { JobFileDigests } from "./io/outputs/file-digests.js";
export { JobSumsRecord, jobSumsJson, SUMS_COLUMNS } from "./io/outputs/job-sums-record.js";
export {
  forEachRecordedJob,
  readRecordedJob,
  type RecordedJob,
  type RecordedJobsOptions,
} from "./io/outputs/job-sums-read.js";
export type { JobFolderAt } from "./io/outputs/job-folders.js";
export { readJobQuality, JobQuality, DataQualityCountsSchema } from "./io/outputs/job-quality-read.js";
// The generator's own `generate` (stopped by its signal); the public one, the notebook's (a kernel
// interrupt stops it too), is `generateInNotebook` here.
export {
  generate,
  GenerateInterruptedError,
  GenOptionsError,
  ALL_MARKET_RULES,
  SIMULATION_RULES_ONLY,
  type GenOptions,
  type GenSummary,
  type MarketRules,
  type RuleEvent,
  type RuleTag,
} from "./gen/index.js";
export * from "./plots/index.js";
// The notebook layer. Its `scan` (DataFrames) is `scanFrames` here; `scan` is the input layer's:
// the explicit export below settles the one name both layers export (TypeScript refuses any other
// clash between star exports).
export * from "./notebook/index.js";
export { scan } from "./io/index.js";
export { scan as scanFrames, type ScanFrames } from "./notebook/scan.js";
export { generate as generateInNotebook } from "./notebook/generate.js";
export { TABLE_NAMES, DATA_QUALITY_TABLE, type TableName, type AnyTableName } from "./aggregate/table.js";
export {
  COLUMN_FORMATS,
  columnFormatOf,
  formatValue,
  type CellFormatter,
  type ColumnFormat,
} from "./frames/column-format.js";
