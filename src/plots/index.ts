// Public API of the plots layer: pure builders of plotly figure specs from plain rows (no I/O).
export {
  COLORS,
  RIGHT_AXIS_MARGIN,
  rightAxis,
  type Axis,
  toFigure,
  type Figure,
  type FigureInput,
  type PlotInputValue,
  type Layout,
  type PlotValue,
  type Trace,
  type TraceType,
} from "./figure.js";
export { participantLabel, securityLabel, type SecurityNames } from "./labels.js";
export { histogram, binCenters, binOf, type Histogram } from "./histogram.js";
export {
  fillRatioByDateFigure,
  fillRatioBySecurityFigure,
  type FillRatioOptions,
  type FillRatioRow,
} from "./fill-ratio.js";
export { savingsDistributionFigure, type SavingsOptions, type SavingsPoint } from "./savings.js";
export { savingsBoxFigure, type SavingsBoxPoint } from "./savings-box.js";
export { sizeBandFigure, timeOfDayFigure, type BreakdownRow } from "./breakdowns.js";
export { orderScatterFigure, type OrderPoint, type ScatterOptions } from "./scatter.js";
export { throughputFigure, type ThroughputRow } from "./throughput.js";
export { participantFigure, type ParticipantRow } from "./participants.js";
export { timeSeriesFigure, type SeriesRow, type TimeSeriesOptions } from "./time-series.js";
export { costScenariosFigure, type CostOptions, type CostRow } from "./costs.js";
