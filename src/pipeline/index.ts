// Public API of the scaled run: the pipeline, its pool, manifest, progress and summary.
export {
  runPipeline,
  storeDirOf,
  StoreNotReadyError,
  type PipelineOptions,
  type PartitionOutcome,
  type JobsOutcome,
} from "./run.js";
export {
  aggregateRun,
  aggregateJobs,
  aggregatedDir,
  currentJobsOf,
  loadAggregateFrames,
  AggregateRefusedError,
  type AggregateJobsOptions,
  type AggregateOptions,
  type AggregateRefusedCode,
} from "./aggregate/aggregate-step.js";
export { configJobs, type ConfigJobs, type JobChoice } from "./aggregate/config-jobs.js";
export type { OnCurrent } from "./jobs/job-check.js";
export {
  setAsideJobDir,
  settleJobFolders,
  SET_ASIDE,
  type SettleFor,
  type SettleOutcome,
} from "./jobs/job-folders-settle.js";
export type { NotCurrent, RecordBrief } from "./jobs/job-check.js";
export { TaskPool, workerFile, type PoolOptions, type RunOptions, type Finished } from "./pool.js";
export {
  readManifest,
  writeManifest,
  manifestPath,
  manifestsIn,
  RunManifest,
  JobRecord,
  type ShardRef,
} from "./manifest.js";
export { formatProgress, PhaseTracker, type RunProgress } from "./progress.js";
export {
  buildSummary,
  formatSummary,
  strictViolations,
  writeSummary,
  type RunStop,
  type RunSummary,
  type JobTiming,
} from "./summary.js";
export { OutputUnwritableError, UNWRITABLE_CODES, type RunPhase } from "./errors.js";
export { clampChunkSize, jobTimeoutMessage, workersWarning } from "./limits.js";
export { RETRIED_CODES } from "./messages.js";
export type {
  DataErrorCode,
  JobError,
  JobErrorCode,
  TaskFailureCode,
  JobTask,
  PartitionTask,
  JobValue,
  JobValueFields,
  JobValueWithSums,
  JobValueWithoutSums,
  PartitionValue,
  ScanTask,
  ScanValue,
  TaskOutcome,
} from "./messages.js";
export { scanParallel, type ParallelScanOptions } from "./scan/scan.js";
export {
  acquireRunLock,
  lockName,
  readLock,
  RunLockedError,
  withLock,
  type LockInfo,
  type LockRole,
  type LockState,
  type RunLock,
} from "./lock.js";
export { liveShardLocks, StoreBusyError, type HeldLock } from "./store-busy.js";
export { partitionSlice, type SliceOptions, type SliceOutcome } from "./partition/partition-slice.js";
export { sealStore, type SealOutcome } from "./partition/partition-seal.js";
export { SlicesIncompleteError, StoreNotSealedError, type SliceProblem } from "./partition/slice-errors.js";
export { caseClashes, SecurityCaseError, type CodeSeen } from "./partition/code-case.js";
export { planSlices, type SlicePlan, type SliceUnit } from "./partition/slice-plan.js";
export {
  buildDataQualitySummary,
  formatDataQuality,
  readRunQuality,
  runDataQuality,
  type DataQualitySummary,
} from "./summary-quality.js";
export { resultReasons, type ReasonInput } from "./reasons.js";
