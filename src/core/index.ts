// Public API of the pure analysis core: one module per stage, chained by runJob.
export { orderStates, type OrderSummary, type OrderTable } from "./states.js";
export { U64IdMap } from "./simulate-ids.js";
export { OrderIdIndex } from "./order-index.js";
export { selectOrders, type Selection, type SelectionCounts } from "./select.js";
export {
  classifySweeps,
  fillGroup,
  sizeBand,
  FILL_GROUPS,
  SIZE_BANDS,
  type FillGroup,
  type SizeBand,
  type SweepTable,
} from "./classify.js";
export { matchTrades, fillRatio, type RealFills, type TradeMatch, type UnknownOrderLeg } from "./match.js";
export {
  replayBook,
  BOOK_WARNING_CODES,
  type BookOptions,
  type BookReplay,
  type BookWarning,
  type BookWarningCode,
} from "./book.js";
export { quotesOf, asOfIndex, midHalfTicks, midAt, AsOfCursor, meanMidHalfTicks } from "./nbbo.js";
export { simulateMidpoint, type SimFill, type SimulationOptions, type SimulationResult } from "./simulate.js";
export { sweepMetrics, type MetricsInput, type SweepMetrics } from "./metrics.js";
export { replayFidelity, type ReplayFidelity } from "./fidelity.js";
export { CELL_COUNT, cellIndex, cellIndexOf, cellGroup, cellBand, cellBandName } from "./cells.js";
export { cellSums, rollup, addSums, emptySums, GROUP_SUM_FIELDS, type GroupSums } from "./sums.js";
export {
  jobSums,
  JobSumsBuilder,
  emptySweepSums,
  addSweepSums,
  comparedValueMicroAud as sweepComparedValueMicroAud,
  SWEEP_COUNT_FIELDS,
  SWEEP_MONEY_FIELDS,
  type JobSums,
  type SweepSums,
  type SweepValues,
} from "./job-sums.js";
export { roundHalfAway, ticksToMicroAud, sideSign } from "./money.js";
export {
  orderShape,
  orderShapeOf,
  noSimulation,
  FINAL_STATE_MAX_PLACEMENT_SHARE,
  type OrderShape,
  type OrderShapeEvidence,
} from "./order-shape.js";
export { runJob, sessionWindowNs, type JobResult } from "./job.js";
export { checkExactValues, checkParticipantIds, ValueTooLargeError } from "./exact-values.js";
export {
  findRepeatedOrderEvents,
  findRepeatedTradeLegs,
  dropRows,
  type Repeats,
  type RepeatedOrderEvent,
  type RepeatedTradeLeg,
} from "./duplicates.js";
export {
  dataQuality,
  dataQualityWarnings,
  emptyDataQualityCounts,
  DATA_QUALITY_FIELDS,
  DATA_QUALITY_WARNINGS,
  type DataQuality,
  type DataQualityCounts,
  type DataQualityInput,
} from "./data-quality.js";
export {
  noShortFilled,
  overfilledOrders,
  type OverfilledOrder,
  reportedMatchedQty,
  shortFilledOrders,
  type ShortFilled,
  type ShortFilledOrder,
} from "./fill-checks.js";
