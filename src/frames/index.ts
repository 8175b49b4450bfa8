// Public API of the aggregation layer: plain tables from the jobs' additive sums (JobSums), their
// exact CSV text, and danfojs DataFrames (the only folder importing danfojs-node).
export { aggregateAll, Aggregator, type AggregateOptions } from "../aggregate/aggregate.js";
export { globalSummary, bySecurity, byDate, sizeBandTable } from "../aggregate/aggregate-jobs.js";
export {
  byParticipant,
  PARTICIPANT_KEYS,
  ParticipantSums,
  timeOfDay,
  TimeOfDaySums,
  type ParticipantName,
  type TimeBuckets,
} from "../aggregate/aggregate-sweeps.js";
export { SeriesSums, timeSeries } from "../aggregate/aggregate-time-series.js";
export {
  AGGREGATED_TABLES,
  declaredTable,
  sizeBandGroupColumns,
  tableColumns,
  type AggregatedTableSpec,
  type TableColumn,
} from "../aggregate/table-columns.js";
export { AggregationError, type AggregationErrorCode } from "../aggregate/errors.js";
export { aggregateFrames, tablesToFrames, toDataFrame } from "./frames.js";
export type { JobCells, SizeBandName, SweepRow } from "../aggregate/inputs.js";
export { JobIndex, jobMeasures, jobSumsFromSweeps, type IndexedJob, type JobSumsInput } from "../aggregate/jobs.js";
export { addSweepSums, type Measures } from "../aggregate/measures.js";
export { comparedValueMicroAud, formatMicroAud, parseAud, ticksToMicroAudExact } from "../aggregate/money.js";
export {
  formatRatio,
  tableToCsv,
  TABLE_NAMES,
  type Cell,
  type ColumnKind,
  type Table,
  type TableName,
  type AnyTableName,
  DATA_QUALITY_TABLE,
} from "../aggregate/table.js";
export {
  concat,
  danfo,
  danfoLoaded,
  DataFrame,
  dateRange,
  getDummies,
  merge,
  readCSV,
  Series,
  toCSV,
  toDateTime,
  whenDanfoLoaded,
  type DanfoClass,
  type DanfoModule,
} from "./danfo.js";
export { FrameError, type FrameErrorCode } from "./frame-error.js";
export type { CsvOptions } from "./to-csv.js";
export {
  compareValues,
  frameData,
  isFrameLike,
  isMissing,
  type FrameData,
  type FrameLike,
  type RowLabel,
} from "./frame-read.js";
export { checkStat, columnStat, statOf, STATS, type Stat } from "./nan-stats.js";
export { groupStats, groupStatsTable, plainToFrame, type PlainTable, type StatSpec } from "./group-stats.js";
export {
  crosstab,
  melt,
  pivot,
  pivotTable,
  type CrosstabOptions,
  type MeltOptions,
  type PivotOptions,
} from "./reshape.js";
export { describe, DESCRIBE_ROWS, quantile } from "./describe.js";
export { dropNa, filter, isNa, notNa, type FilterOptions, type FrameRow, type RowSelector } from "./filter.js";
export {
  DataQualitySums,
  dataQualityTable,
  DATA_QUALITY_COLUMNS,
  type JobQualityCounts,
} from "../aggregate/aggregate-quality.js";
