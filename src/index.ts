/**
 * sweeplab: study ASX Centre Point sweep orders at scale. The public API: the exact data model,
 * the chunked reader and scan, the analysis core, its statistics, and the synthetic data generator.
 */
export * from "./model/index.js";
export * from "./io/index.js";
export * from "./core/index.js";
export * from "./stats/index.js";
export * from "./config/index.js";
export * from "./pool/index.js";
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
// The notebook layer (tables, charts, runs with live progress; plotly figure builders). Its `scan`
// is the input layer's plus DataFrames, so it is named here to take precedence over the one above.
export { scan } from "./notebook/index.js";
export * from "./notebook/index.js";
