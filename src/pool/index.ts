// Public API of the scaled run: the pipeline, its pool, manifest, progress and summary.
export {
  runPipeline,
  storeDirOf,
  StoreNotReadyError,
  type PipelineOptions,
  type PartitionOutcome,
  type JobsOutcome,
} from "./run.js";
export { aggregateRun, aggregatedDir, loadAggregateFrames, type AggregateRunOptions } from "./aggregate-step.js";
export { TaskPool, workerFile, type PoolOptions, type RunOptions, type Finished } from "./pool.js";
export {
  readManifest,
  writeManifest,
  manifestPath,
  isCurrent,
  type RunManifest,
  type JobRecord,
  type ShardRef,
} from "./manifest.js";
export { formatProgress, PhaseTracker, type RunProgress } from "./progress.js";
export { buildSummary, formatSummary, writeSummary, type RunSummary, type JobTiming } from "./summary.js";
export type {
  JobError,
  JobErrorCode,
  JobTask,
  PartitionTask,
  JobValue,
  PartitionValue,
  ScanTask,
  ScanValue,
  TaskOutcome,
} from "./messages.js";
export { scanParallel, type ParallelScanOptions } from "./scan.js";
export { acquireRunLock, RunLockedError, type LockInfo, type RunLock } from "./lock.js";
