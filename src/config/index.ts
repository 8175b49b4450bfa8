// Public API of the run configuration layer: schema, loading and merging, job matrix, shards, plans.
export { BYTE_SIZE_HELP, parseByteSize } from "./bytes.js";
export { ConfigError, type ConfigErrorCode, type ConfigIssue } from "./errors.js";
export { canonicalJson, configFingerprint, referenceFingerprint, type JobReference } from "./fingerprint.js";
export { loadConfigFile, loadConfigOver, readConfigFile, resolveConfig } from "./load.js";
export type { OverrideSource } from "./override-source.js";
export {
  compareJobKeys,
  dateRequested,
  jobKeyString,
  jobMatrix,
  sortedJobKeys,
  unmatchedRequests,
  type JobKey,
} from "./matrix.js";
export { mergeConfig } from "./merge.js";
export { phaseArgs, PLAN_PHASES, PlanOptions, shellWord, timeLimitSeconds, type PlanOptionsInput } from "./plan.js";
export { emitK8s } from "./plan-k8s.js";
export { emitSlurm, SLURM_PHASES } from "./plan-slurm.js";
export { SAMPLE_CONFIG_PATH } from "./sample.js";
export { RunConfig, type RunConfigInput } from "./schema.js";
export { isCalendarDate } from "../model/fields.js";
export { jobShards, parseShard, shardJobs, shardSuffix, shardTag, type Shard } from "./shard.js";
